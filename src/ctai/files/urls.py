from django.urls import path

from ctai.files import views

app_name = "files"

urlpatterns = [
    path("fichiers/<int:file>/", views.detail, name="detail"),
    path("fichiers/<int:file>/telecharger/", views.download, name="download"),
]
