"""What a report holds: achieved values, actual spending, attached files."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from ctai.audit.recorder import AuditedQuerySet
from ctai.budget.models import BudgetExtraLine
from ctai.contracts.catalogues import BUDGET_LINES
from ctai.core.fields import amount_field, non_negative_constraint
from ctai.indicators.models import ActionIndicator
from ctai.reporting.attachments import validate_attachment
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import ReadOnlyReport
from ctai.reporting.models.reports import OperatorReport

USER = settings.AUTH_USER_MODEL
READ_ONLY = "Ce bilan est validé : il ne peut plus être modifié."
# Lines of the budget template an operator reports actual amounts on (the unit cost is derived).
SPENDING_LINES: list[tuple[str, str]] = [
    (field, label) for field, label, _ in BUDGET_LINES if field != "unit_cost"
]


class ReportContent(models.Model):
    """A part of a report's content: frozen once the report is validated."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._require_open()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._require_open()
        return super().delete(*args, **kwargs)

    def _require_open(self) -> None:
        if self.report.status == ReportStatus.VALIDATED:
            raise ReadOnlyReport(READ_ONLY)


class IndicatorAchievement(ReportContent):
    """The achieved value (valeur réalisée) of one indicator of the sheet, with a comment."""

    report = models.ForeignKey(
        OperatorReport, verbose_name="bilan", on_delete=models.CASCADE, related_name="achievements"
    )
    indicator = models.ForeignKey(
        ActionIndicator,
        verbose_name="indicateur",
        # RESTRICT: an indicator with a reported value cannot be deleted (a contract can).
        on_delete=models.RESTRICT,
        related_name="achievements",
    )
    value = models.DecimalField(
        "valeur réalisée",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), "Une valeur réalisée ne peut être négative.")],
    )
    comment = models.TextField("commentaire", blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "valeur réalisée"
        verbose_name_plural = "valeurs réalisées"
        ordering = ["indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="achievement_unique_per_indicator",
                violation_error_message="Cet indicateur a déjà une valeur dans ce bilan.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="achievement_value_non_negative",
                violation_error_message="« Valeur réalisée » : une valeur ne peut être négative.",
                violation_error_code="negative_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} : {self.value}"


class SpendingLine(ReportContent):
    """The actual amount (montant réalisé) of one line of the sheet's budget."""

    report = models.ForeignKey(
        OperatorReport,
        verbose_name="bilan",
        on_delete=models.CASCADE,
        related_name="spending_lines",
    )
    budget_line = models.CharField(
        "ligne du budget", max_length=40, choices=SPENDING_LINES, blank=True
    )
    extra_line = models.ForeignKey(
        BudgetExtraLine,
        verbose_name="ligne ajoutée au budget",
        on_delete=models.RESTRICT,
        related_name="spending_lines",
        null=True,
        blank=True,
    )
    amount = amount_field("montant réalisé", null=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "dépense réalisée"
        verbose_name_plural = "dépenses réalisées"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(budget_line="") & Q(extra_line__isnull=True))
                | (Q(budget_line="") & Q(extra_line__isnull=False)),
                name="spending_one_line",
                violation_error_message=(
                    "Une dépense porte sur une ligne du budget, ou sur une ligne ajoutée, "
                    "pas les deux."
                ),
            ),
            models.UniqueConstraint(
                fields=["report", "budget_line"],
                condition=~Q(budget_line=""),
                name="spending_unique_budget_line",
                violation_error_message="Cette ligne du budget a déjà un montant dans ce bilan.",
            ),
            models.UniqueConstraint(
                fields=["report", "extra_line"],
                condition=Q(extra_line__isnull=False),
                name="spending_unique_extra_line",
                violation_error_message="Cette ligne ajoutée a déjà un montant dans ce bilan.",
            ),
            non_negative_constraint("amount", "Montant réalisé", "spending"),
        ]

    def __str__(self) -> str:
        return f"{self.label} : {self.amount} €"

    @property
    def label(self) -> str:
        if self.extra_line_id:
            return self.extra_line.label or "(ligne sans libellé)"
        return self.get_budget_line_display()


def attachment_path(attachment: "ReportAttachment", filename: str) -> str:
    """A name the uploader does not choose: contract / year / random + checked extension."""
    period = attachment.report.period
    suffix = PurePath(filename).suffix.lower()
    return f"bilans/{period.contract_id}/{period.year}/{uuid.uuid4().hex}{suffix}"


class ReportAttachment(ReportContent):
    """A file attached to a report (pièce jointe): PDF, XLSX, ODS, DOCX, ODT, PNG or JPEG."""

    report = models.ForeignKey(
        OperatorReport, verbose_name="bilan", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "fichier", upload_to=attachment_path, max_length=255, validators=[validate_attachment]
    )
    name = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField("type", max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        USER, verbose_name="déposé par", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
