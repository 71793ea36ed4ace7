from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ctai.audit"
    verbose_name = "Journal des modifications"

    def ready(self) -> None:
        from ctai.audit import recorder, stamps

        recorder.connect()
        stamps.connect()
