"""Reporting periods (périodes de bilan): which report is due, for which year, when."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ctai.accounts.models import Membership
from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import Contract
from ctai.reporting.enums import PeriodKind


class ReportingPeriodQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "ReportingPeriodQuerySet":
        """Periods of the contracts on which ``user`` holds any role."""
        return self.filter(contract__in=Membership.objects.of(user).values("contract"))

    def for_contract(self, contract: Contract) -> "ReportingPeriodQuerySet":
        return self.filter(contract=contract)

    def past_due(self, today: datetime.date) -> "ReportingPeriodQuerySet":
        return self.filter(due_date__lt=today)


class ReportingPeriod(models.Model):
    """A reporting period (période de bilan): one report per sheet of that year is due."""

    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="reporting_periods",
    )
    year = models.PositiveSmallIntegerField("année de programmation")
    kind = models.CharField("bilan", max_length=20, choices=PeriodKind.choices)
    due_date = models.DateField("date limite de remise")

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "période de bilan"
        verbose_name_plural = "périodes de bilan"
        ordering = ["year", "due_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "kind"],
                name="period_unique_kind_per_year",
                violation_error_message=(
                    "Ce bilan est déjà prévu pour cette année du contrat : modifiez sa date "
                    "limite plutôt que d'en créer un second."
                ),
                violation_error_code="duplicate_period",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PeriodKind.values),
                name="period_kind_known",
                violation_error_message="Type de bilan inconnu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    def clean(self) -> None:
        contract = self.contract if self.contract_id else None
        if contract and self.year is not None and self.year not in contract.years:
            raise ValidationError(
                {
                    "year": f"L'année {self.year} est hors de la période du contrat "
                    f"({contract.start.year}-{contract.end.year})."
                },
                code="year_outside_period",
            )

    def is_past_due(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.due_date
