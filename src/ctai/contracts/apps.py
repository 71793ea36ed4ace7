from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "ctai.contracts"
    verbose_name = "Contrats"

    def ready(self) -> None:
        from ctai.audit.recorder import add_guard
        from ctai.contracts.guards import require_reason_after_validation

        add_guard(require_reason_after_validation)
