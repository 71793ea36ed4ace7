from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ctai.notifications"
    verbose_name = "Notifications et tâches"

    def ready(self) -> None:
        # The domain events the notifications listen to (reports, comments, periods...), and
        # the bell's count, read with the stamps of the person's contracts (one query a page).
        from ctai.audit.stamps import PERSON_COUNTS
        from ctai.notifications import signals  # noqa: F401
        from ctai.notifications.context import unread_sql

        PERSON_COUNTS["unread"] = unread_sql
