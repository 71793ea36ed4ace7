from django.urls import path

from ctai.governance import views

app_name = "governance"

COPIL = "contrats/<int:contract>/copil/"
MEETING = f"{COPIL}<int:meeting>/"

urlpatterns = [
    path(COPIL, views.meeting_list, name="meetings"),
    path(f"{COPIL}nouveau/", views.meeting_new, name="meeting_new"),
    path(MEETING, views.meeting_detail, name="meeting"),
    path(f"{MEETING}modifier/", views.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}etape/<slug:transition>/", views.meeting_transition, name="transition"),
    path(f"{MEETING}compte-rendu/", views.minutes_edit, name="minutes"),
    path(f"{MEETING}compte-rendu/fichier/", views.minutes_file, name="minutes_file"),
    path(f"{MEETING}dossier/<slug:format>/", views.pack, name="pack"),
    path(f"{MEETING}decisions/ajouter/", views.decision_add, name="decision_add"),
    path(f"{MEETING}decisions/<int:decision>/", views.decision_edit, name="decision_edit"),
    path(
        f"{MEETING}decisions/<int:decision>/supprimer/",
        views.decision_delete,
        name="decision_delete",
    ),
    path(
        f"{MEETING}decisions/<int:decision>/avenant/",
        views.decision_amendment,
        name="decision_amendment",
    ),
]
