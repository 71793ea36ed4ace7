from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ctai.notifications"
    verbose_name = "Notifications et tâches"

    def ready(self) -> None:
        # The domain events the notifications listen to (reports, comments, periods...).
        from ctai.notifications import signals  # noqa: F401
