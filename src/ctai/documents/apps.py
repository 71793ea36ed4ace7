from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ctai.documents"
    verbose_name = "Documents"
