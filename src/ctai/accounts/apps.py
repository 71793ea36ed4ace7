from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ctai.accounts"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        from ctai.accounts import signals  # noqa: F401  (connects the security log)
