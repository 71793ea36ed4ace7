from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ctai.core"
    verbose_name = "Socle"
