from django.urls import path

from ctai.documents import views

app_name = "documents"

urlpatterns = [
    path("contrats/nouveau/", views.new_contract, name="new_contract"),
    path("contrats/nouveau/sans-document/", views.blank_contract, name="blank_contract"),
    path("contrats/<int:contract>/importer/", views.new_version, name="new_version"),
    path("imports/<int:pending>/", views.preview, name="preview"),
    path("imports/<int:pending>/fiches/", views.sheet_texts_correct, name="sheet_texts"),
    path("imports/<int:pending>/confirmer/", views.confirm, name="confirm"),
    path("imports/<int:pending>/annuler/", views.cancel, name="cancel"),
]
