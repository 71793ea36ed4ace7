from django.apps import AppConfig


class AmendmentsConfig(AppConfig):
    name = "ctai.amendments"
    verbose_name = "Avenants et versions du contrat"

    def ready(self) -> None:
        from ctai.amendments import signals
        from ctai.audit.recorder import register

        # Every write on an amendment is in the history of its contract.
        register("amendments.Amendment", "contract_id")
        register("amendments.AmendmentChange", "amendment.contract_id")
        register("amendments.AmendmentComment", "amendment.contract_id")
        signals.connect()
