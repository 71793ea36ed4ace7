"""Memberships: a person holds roles through organisations, on contracts.

A person may hold several memberships. Every domain QuerySet scopes itself with these
(``for_user``); the predicates of ``ctai.accounts.permissions`` name what a role may do.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ctai.accounts.enums import Role
from ctai.contracts.models import Contract, Organisation


class MembershipQuerySet(models.QuerySet):
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
