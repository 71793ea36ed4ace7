"""The State's contradictory evaluation of a programme year (évaluation contradictoire, art. 7).

Per contract and year, the State reviewer gives an opinion on every sheet (achieved, partly
achieved, not achieved, with a comment) and on the governance; the coordination answers each.
The evaluation is closed when both sides have signed off (names and dates); it is then
read-only, and only the coordination reopens it, with a reason kept in the audit trail. Who may
write what is decided in ``ctai.reporting.opinions``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ctai.accounts.models import Membership
from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import WHOLE_CONTRACT_ROLES
from ctai.reporting.enums import Appraisal

USER = settings.AUTH_USER_MODEL
APPRAISALS = [*Appraisal.values, ""]


def _signed_together(side: str) -> Q:
    """A signature is a name, a person and a date, all or none."""
    none = Q(**{f"{side}_signed_at__isnull": True, f"{side}_signatory": ""})
    all_ = Q(**{f"{side}_signed_at__isnull": False}) & ~Q(**{f"{side}_signatory": ""})
    return none | all_


class ContradictoryEvaluationQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "ContradictoryEvaluationQuerySet":
        """The coordination, the State reviewers and the COPIL members of the contract."""
        contracts = Membership.objects.of(user).filter(role__in=WHOLE_CONTRACT_ROLES)
        return self.filter(contract__in=contracts.values("contract"))


class ContradictoryEvaluation(models.Model):
    """The contradictory evaluation (évaluation contradictoire) of one programme year."""

    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="contradictory_evaluations",
    )
    year = models.PositiveSmallIntegerField("année de programmation")
    governance_appraisal = models.CharField(
        "appréciation de l'État sur la gouvernance",
        max_length=30,
        choices=Appraisal.choices,
        blank=True,
    )
    governance_comment = models.TextField("avis de l'État sur la gouvernance", blank=True)
    governance_answer = models.TextField("réponse de la coordination (gouvernance)", blank=True)
    state_signatory = models.CharField("signataire pour l'État", max_length=300, blank=True)
    state_signed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state_signed_at = models.DateTimeField("signé par l'État le", null=True, blank=True)
    coordination_signatory = models.CharField(
        "signataire pour la coordination", max_length=300, blank=True
    )
    coordination_signed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coordination_signed_at = models.DateTimeField(
        "signé par la coordination le", null=True, blank=True
    )
    reopen_reason = models.TextField("motif de la dernière réouverture", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContradictoryEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "évaluation contradictoire"
        verbose_name_plural = "évaluations contradictoires"
        ordering = ["contract", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"],
                name="contradictory_evaluation_unique_year",
                violation_error_message="Ce contrat a déjà son évaluation contradictoire pour "
                "cette année.",
            ),
            models.CheckConstraint(
                condition=Q(governance_appraisal__in=APPRAISALS),
                name="contradictory_evaluation_appraisal_known",
                violation_error_message="Appréciation inconnue.",
            ),
            models.CheckConstraint(
                condition=_signed_together("state"),
                name="contradictory_evaluation_state_signature_whole",
                violation_error_message="Une signature de l'État a un nom et une date.",
            ),
            models.CheckConstraint(
                condition=_signed_together("coordination"),
                name="contradictory_evaluation_coordination_signature_whole",
                violation_error_message="Une signature de la coordination a un nom et une date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Évaluation contradictoire {self.year}"

    @property
    def is_closed(self) -> bool:
        """Closed (clôturée) once both sides have signed off."""
        return self.state_signed_at is not None and self.coordination_signed_at is not None

    @property
    def closed_at(self):
        return max(self.state_signed_at, self.coordination_signed_at) if self.is_closed else None


class SheetOpinion(models.Model):
    """The State's opinion on one sheet and the coordination's answer (avis et réponse)."""

    evaluation = models.ForeignKey(
        ContradictoryEvaluation,
        verbose_name="évaluation contradictoire",
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    sheet = models.ForeignKey(
        ActionSheet, verbose_name="fiche action", on_delete=models.CASCADE, related_name="+"
    )
    appraisal = models.CharField(
        "appréciation de l'État", max_length=30, choices=Appraisal.choices, blank=True
    )
    comment = models.TextField("avis de l'État", blank=True)
    answer = models.TextField("réponse de la coordination", blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "avis sur une fiche"
        verbose_name_plural = "avis sur les fiches"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "sheet"],
                name="sheet_opinion_unique",
                violation_error_message="Cette fiche a déjà un avis dans cette évaluation.",
            ),
            models.CheckConstraint(
                condition=Q(appraisal__in=APPRAISALS),
                name="sheet_opinion_appraisal_known",
                violation_error_message="Appréciation inconnue.",
            ),
        ]

    def __str__(self) -> str:
        return f"Avis sur la fiche n° {self.sheet.number} ({self.evaluation.year})"
