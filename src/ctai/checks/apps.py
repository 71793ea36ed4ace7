from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "ctai.checks"
    verbose_name = "Contrôles de cohérence"
