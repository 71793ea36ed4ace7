from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ctai.reporting"
    verbose_name = "Bilans et évaluation"
