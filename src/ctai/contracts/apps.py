from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "ctai.contracts"
    verbose_name = "Contrats"
