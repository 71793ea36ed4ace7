from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "ctai.indicators"
    verbose_name = "Indicateurs"
