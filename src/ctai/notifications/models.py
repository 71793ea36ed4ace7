"""Notifications kept for each person, their e-mail preferences, the daily digests sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ctai.contracts.models import Contract
from ctai.notifications.enums import MANDATORY, Delivery, EmailState, NotificationKind

USER = settings.AUTH_USER_MODEL


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A person sees only their own notifications (anything else answers 404)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know (notification): listed in the application, and e-mailed
    at once, in the daily digest or not at all, as the person chose.

    ``event_key`` names the event (the report and the due-date bucket, the comment...): with the
    recipient and the kind it is unique in the database, so an event never notifies a person
    twice, however often ``ctai notifications`` runs.
    """

    recipient = models.ForeignKey(
        USER, verbose_name="destinataire", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("type", max_length=40, choices=NotificationKind.choices)
    event_key = models.CharField("événement", max_length=200)
    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("titre", max_length=300)
    body = models.TextField("texte", blank=True)
    url = models.CharField("page", max_length=500)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    email_state = models.CharField(
        "courriel", max_length=10, choices=EmailState.choices, default=EmailState.NONE
    )
    email_attempts = models.PositiveSmallIntegerField("tentatives d'envoi", default=0)
    emailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "event_key"],
                name="notification_once_per_event",
                violation_error_message="Cette personne a déjà été notifiée de cet événement.",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How a person wants one kind of notification by e-mail (préférence de notification)."""

    user = models.ForeignKey(
        USER,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("type", max_length=40, choices=NotificationKind.choices)
    delivery = models.CharField("envoi", max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(MANDATORY)) | Q(delivery=Delivery.IMMEDIATE),
                name="preference_mandatory_immediate",
                violation_error_message="Cette notification est obligatoire : elle est envoyée "
                "tout de suite.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.get_delivery_display()}"


class DigestSent(models.Model):
    """The daily digest of one person for one day (résumé quotidien): at most one, in the
    database, whatever the number of runs of ``ctai notifications``."""

    user = models.ForeignKey(USER, verbose_name="personne", on_delete=models.CASCADE)
    day = models.DateField("jour")
    created_at = models.DateTimeField("préparé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField("tentatives d'envoi", default=0)

    class Meta:
        verbose_name = "résumé quotidien"
        verbose_name_plural = "résumés quotidiens"
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"Résumé du {self.day:%d/%m/%Y}"
