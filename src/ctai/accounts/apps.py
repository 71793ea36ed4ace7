from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ctai.accounts"
    verbose_name = "Comptes et rôles"
