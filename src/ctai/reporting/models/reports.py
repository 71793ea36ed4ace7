"""The operator report (bilan) and its workflow log.

A report's ``status`` changes only through ``OperatorReport.apply_transition`` (each change
writes a ``ReportTransition`` row); ``save()``, ``update()`` and ``bulk_update()`` refuse any
other way. The services of ``ctai.reporting.services`` decide who may call it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from ctai.accounts.models import Membership
from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import Role
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import IllegalTransition, ReadOnlyReport, ReportInvalid
from ctai.reporting.models.periods import ReportingPeriod
from ctai.reporting.workflow import (
    EDITABLE,
    SUBMIT,
    TRANSITION_CHOICES,
    VALIDATE,
    Transition,
    refusal,
)

S = ReportStatus
USER = settings.AUTH_USER_MODEL
OUTSIDE_WORKFLOW = (
    "L'état d'un bilan ne change que par une transition (soumettre, renvoyer, valider)."
)


class StatusChangeOutsideWorkflow(RuntimeError):
    """A programming error: ``status`` was assigned by hand, or the log rewritten."""


def _contracts(memberships, role: str):
    return memberships.filter(role=role).values("contract")


class OperatorReportQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "OperatorReportQuerySet":
        """The reports ``user`` may read; anything else answers 404 in the views.

        Coordinator: every report of the contract. Operator member: its organisation's sheets,
        drafts included. State reviewer: submitted, returned and validated reports (a draft is
        the operator's work in progress). COPIL member: validated reports.
        """
        mine = Membership.objects.of(user)
        operator = mine.filter(
            role=Role.OPERATOR,
            organisation=OuterRef("sheet__operator"),
            contract=OuterRef("sheet__contract"),
        )
        return self.filter(
            Q(period__contract__in=_contracts(mine, Role.COORDINATOR))
            | (Q(period__contract__in=_contracts(mine, Role.STATE_REVIEWER)) & ~Q(status=S.DRAFT))
            | Q(period__contract__in=_contracts(mine, Role.COPIL), status=S.VALIDATED)
            | Q(Exists(operator))
        )

    def for_contract(self, contract: Contract) -> "OperatorReportQuerySet":
        return self.filter(period__contract=contract)

    def late(self, today: datetime.date) -> "OperatorReportQuerySet":
        """Past their due date and still with the operator (draft or to be corrected)."""
        return self.filter(period__due_date__lt=today, status__in=EDITABLE)

    def with_contents(self) -> "OperatorReportQuerySet":
        """Everything a report page, the checks or the evaluation read, in a fixed number of
        queries."""
        return self.select_related(
            "period__contract", "sheet__budget", "sheet__operator", "submitted_by"
        ).prefetch_related(
            "sheet__indicators__definition",
            "achievements__indicator__definition",
            "spending_lines__extra_line",
            "attachments",
            "transitions__by",
            "comments__author",
        )

    def update(self, **kwargs):
        if "status" in kwargs:
            raise StatusChangeOutsideWorkflow(OUTSIDE_WORKFLOW)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "status" in fields:
            raise StatusChangeOutsideWorkflow(OUTSIDE_WORKFLOW)
        return super().bulk_update(objs, fields, *args, **kwargs)


class OperatorReportManager(models.Manager.from_queryset(OperatorReportQuerySet)):
    pass


class OperatorReport(models.Model):
    """An operator's report (bilan) on one action sheet for one period."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name="période de bilan",
        # RESTRICT: a period with reports cannot be deleted, but a whole contract can.
        on_delete=models.RESTRICT,
        related_name="reports",
    )
    sheet = models.ForeignKey(
        ActionSheet, verbose_name="fiche action", on_delete=models.RESTRICT, related_name="reports"
    )
    status = models.CharField(
        "état", max_length=20, choices=S.choices, default=S.DRAFT, editable=False
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    done = models.TextField("actions réalisées", blank=True)
    changes = models.TextField("évolutions par rapport au prévisionnel", blank=True)
    difficulties = models.TextField("difficultés rencontrées", blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name="créé par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_by = models.ForeignKey(
        USER, verbose_name="modifié par", on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name="soumis par", on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    validated_by = models.ForeignKey(
        USER, verbose_name="validé par", on_delete=models.PROTECT, related_name="+", null=True
    )
    validated_at = models.DateTimeField("validé le", null=True, blank=True)

    objects = OperatorReportManager()

    _stored_status: str | None = None
    _in_transition = False

    class Meta:
        verbose_name = "bilan d'action"
        verbose_name_plural = "bilans d'actions"
        ordering = ["period", "sheet__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "sheet"],
                name="report_unique_per_sheet_and_period",
                violation_error_message=(
                    "Un bilan existe déjà pour cette fiche et cette période : complétez-le "
                    "plutôt que d'en créer un second."
                ),
                violation_error_code="duplicate_report",
            ),
            models.CheckConstraint(
                condition=Q(status__in=S.values),
                name="report_status_known",
                violation_error_message="État de bilan inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(status=S.DRAFT, submitted_by__isnull=True, submitted_at__isnull=True)
                | (~Q(status=S.DRAFT) & Q(submitted_by__isnull=False, submitted_at__isnull=False)),
                name="report_submitted_unless_draft",
                violation_error_message="Un bilan soumis doit indiquer qui l'a soumis et quand.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=S.VALIDATED, validated_by__isnull=False, validated_at__isnull=False
                )
                | (
                    ~Q(status=S.VALIDATED) & Q(validated_by__isnull=True, validated_at__isnull=True)
                ),
                name="report_validated_by_someone",
                violation_error_message="Un bilan validé doit indiquer qui l'a validé et quand.",
            ),
            models.CheckConstraint(
                condition=Q(validated_by__isnull=True) | ~Q(validated_by=F("submitted_by")),
                name="report_not_validated_by_submitter",
                violation_error_message=(
                    "Personne ne valide son propre bilan : la validation revient à une autre "
                    "personne de la coordination que celle qui l'a soumis."
                ),
                violation_error_code="own_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} — fiche n° {self.sheet.number}"

    def save(self, *args, **kwargs) -> None:
        current = self.status  # loads a deferred status (and its stored value) first
        stored = S.DRAFT if self._state.adding else self._stored_status
        if current != stored and not self._in_transition:
            raise StatusChangeOutsideWorkflow(OUTSIDE_WORKFLOW)
        if stored == S.VALIDATED:
            raise ReadOnlyReport("Ce bilan est validé : il ne peut plus être modifié.")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._stored_status = self.__dict__.get("status", self._stored_status)

    def clean(self) -> None:
        if self.period_id and self.sheet_id:
            period, sheet = self.period, self.sheet
            if (sheet.contract_id, sheet.year) != (period.contract_id, period.year):
                raise ValidationError(
                    {
                        "sheet": f"Cette fiche n'appartient pas à la programmation {period.year} "
                        f"de ce contrat."
                    },
                    code="sheet_outside_period",
                )

    @property
    def is_editable(self) -> bool:
        """The operator may still change it (draft, or returned to be corrected)."""
        return self.status in EDITABLE

    def is_late(self, today: datetime.date | None = None) -> bool:
        """Past the period's due date and not submitted (nor validated)."""
        return self.is_editable and self.period.is_past_due(today)

    def apply_transition(
        self, transition: Transition, *, by, reason: str = ""
    ) -> "ReportTransition":
        """Move along ``transition`` and log it. The caller holds the row lock and has checked
        who ``by`` is; an illegal transition raises and changes nothing."""
        if self.status not in transition.sources:
            raise IllegalTransition(refusal(transition, self.status))
        reason = reason.strip()
        if transition.needs_reason and not reason:
            raise ReportInvalid(
                field_errors={
                    "reason": ["Indiquez le motif du renvoi : ce que le porteur doit corriger."]
                }
            )
        now, source = timezone.now(), self.status
        if transition is SUBMIT:
            self.submitted_by, self.submitted_at = by, now
        elif transition is VALIDATE:
            self.validated_by, self.validated_at = by, now
        self.status = transition.target
        self.version += 1
        self._in_transition = True
        try:
            self.save()
        finally:
            self._in_transition = False
        return ReportTransition.objects.create(
            report=self,
            transition=transition.code,
            source=source,
            target=transition.target,
            by=by,
            at=now,
            reason=reason,
        )


class ReportTransition(models.Model):
    """One step of a report's workflow (journal des transitions): append-only."""

    report = models.ForeignKey(
        OperatorReport, verbose_name="bilan", on_delete=models.CASCADE, related_name="transitions"
    )
    transition = models.CharField("transition", max_length=20, choices=TRANSITION_CHOICES)
    source = models.CharField("état de départ", max_length=20, choices=S.choices)
    target = models.CharField("état d'arrivée", max_length=20, choices=S.choices)
    by = models.ForeignKey(USER, verbose_name="par", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("le", default=timezone.now)
    reason = models.TextField("motif", blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "transition de bilan"
        verbose_name_plural = "journal des transitions de bilans"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=S.RETURNED) | ~Q(reason=""),
                name="transition_return_has_reason",
                violation_error_message="Un renvoi pour correction doit indiquer son motif.",
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="transition_changes_status",
                violation_error_message="Une transition doit changer l'état du bilan.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} → {self.get_target_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise StatusChangeOutsideWorkflow("Le journal des transitions ne se réécrit pas.")
        super().save(*args, **kwargs)
