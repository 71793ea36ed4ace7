from django.urls import path

from ctai.amendments import views

app_name = "amendments"

ONE = "<int:contract>/avenants/<int:amendment>/"

urlpatterns = [
    path("<int:contract>/avenants/", views.amendment_list, name="list"),
    path("<int:contract>/avenants/nouveau/", views.amendment_new, name="new"),
    path(ONE, views.amendment_detail, name="detail"),
    path(f"{ONE}modifier/", views.amendment_edit, name="edit"),
    path(f"{ONE}commenter/", views.comment, name="comment"),
    path(f"{ONE}lignes/<slug:what>/", views.change_edit, name="change_edit"),
    path(f"{ONE}lignes/<int:change>/retirer/", views.change_delete, name="change_delete"),
    path(f"{ONE}signer/", views.sign, name="sign"),
    path(f"{ONE}annexe.docx", views.annex, {"extension": "docx"}, name="annex_docx"),
    path(f"{ONE}annexe.pdf", views.annex, {"extension": "pdf"}, name="annex_pdf"),
    path(f"{ONE}avenant-signe.pdf", views.signed_file, name="signed_file"),
    path("<int:contract>/versions/", views.versions, name="versions"),
]
