from django.urls import path

from ctai.audit import views

app_name = "audit"

urlpatterns = [
    path("contrats/<int:contract>/historique/", views.contract_history, name="contract"),
    path(
        "contrats/<int:contract>/fiches/<int:year>/<int:number>/historique/",
        views.sheet_history,
        name="sheet",
    ),
]
