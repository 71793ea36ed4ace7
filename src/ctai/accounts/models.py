"""Memberships: a person holds roles through organisations, on contracts.

A person may hold several memberships. Every domain QuerySet scopes itself with these
(``for_user``); the predicates of ``ctai.accounts.permissions`` name what a role may do.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import Contract, Organisation
from ctai.core.roles import Role


class MembershipQuerySet(AuditedQuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(revoked_at__isnull=True)

    def of(self, user) -> "MembershipQuerySet":
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.active().filter(user=user)


class Membership(models.Model):
    """A role held by a person for an organisation, on one contract.

    - coordinator, State reviewer, COPIL member: ``contract`` is the contract they coordinate,
      review or steer;
    - operator member: ``organisation`` is the operator (porteur); they see the sheets it
      carries on ``contract``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT
    )
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "appartenance"
        ordering = ["contract", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "contract", "role"],
                condition=Q(revoked_at__isnull=True),
                name="membership_unique_active",
                violation_error_message="Cette personne a déjà ce rôle pour cette organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"

    def clean(self) -> None:
        coordinator_role = self.role == Role.COORDINATOR and self.contract_id
        if coordinator_role and self.organisation_id != self.contract.coordinator_id:
            raise ValidationError(
                {"organisation": "La coordination revient à l'organisation coordinatrice."}
            )

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationEmail(models.TextChoices):
    """Where an invitation's e-mail stands (it leaves through the task queue)."""

    PENDING = "pending", "À envoyer"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Échec de l'envoi"


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class Invitation(models.Model):
    """An invitation, sent by e-mail, to join an organisation with a role on a contract.

    Only the SHA-256 of the token is stored: the link in the e-mail is the only copy.
    """

    email = models.EmailField("adresse électronique")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT
    )
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invitée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    email_state = models.CharField(
        "courriel", max_length=10, choices=InvitationEmail.choices, default=InvitationEmail.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField("essais d'envoi", default=0)
    emailed_at = models.DateTimeField("courriel envoyé le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation {self.get_role_display()} ({self.organisation})"

    def new_token(self) -> str:
        """A new link token (the previous link stops working), minted when the e-mail leaves:
        only its SHA-256 is stored, never the token, not even in the task queue."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        Invitation.objects.filter(pk=self.pk).update(token_hash=self.token_hash)
        return token

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


class KeptFormQuerySet(models.QuerySet):
    def fresh(self) -> "KeptFormQuerySet":
        return self.filter(created_at__gte=timezone.now() - KeptForm.LIFETIME)


class KeptForm(models.Model):
    """What a person had typed when their session expired (saisie conservée), ADR 0010.

    Kept for the person whose session it was, at the address they posted to, for 24 hours;
    the browser holds a random token in a cookie and only its SHA-256 is stored here. It is
    given back to the same person, on the same page, once.
    """

    LIFETIME = timedelta(hours=24)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    path = models.CharField("adresse", max_length=500)
    data = models.JSONField("saisie")
    created_at = models.DateTimeField("conservée le", auto_now_add=True)

    objects = KeptFormQuerySet.as_manager()

    class Meta:
        verbose_name = "saisie conservée"
        verbose_name_plural = "saisies conservées"

    def __str__(self) -> str:
        return f"Saisie conservée ({self.path})"
