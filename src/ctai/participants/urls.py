from django.urls import path

from ctai.participants import views

app_name = "participants"

SHEET = "contrats/<int:contract>/fiches/<int:year>/<int:number>/participants/"
PERSON = f"{SHEET}<int:participant>/"

urlpatterns = [
    path("contrats/<int:contract>/personnes/", views.contract_counts, name="contract_counts"),
    path(SHEET, views.register, name="register"),
    path(f"{SHEET}seances/", views.session_add, name="session_add"),
    path(f"{SHEET}importer/", views.upload, name="upload"),
    path(f"{SHEET}importer/<int:upload>/", views.mapping, name="mapping"),
    path(f"{SHEET}importer/<int:upload>/confirmer/", views.confirm, name="confirm"),
    path(PERSON, views.participant, name="participant"),
    path(f"{PERSON}resultats/", views.result_add, name="result_add"),
    path(f"{PERSON}sortie/", views.exit_record, name="exit_record"),
    path(f"{PERSON}export.json", views.export, name="export"),
    path(f"{PERSON}effacer/", views.erase, name="erase"),
]
