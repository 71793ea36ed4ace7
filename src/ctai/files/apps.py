from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "ctai.files"
    verbose_name = "Fichiers préparés"
