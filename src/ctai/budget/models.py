"""The provisional budget (budget prévisionnel) of an action sheet, line by line.

Every line of the template is its own nullable field: null means "not filled", distinct from 0.
"""

from django.db import models

from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.catalogues import BUDGET_LINES
from ctai.contracts.models import ActionSheet
from ctai.core.fields import amount_field, non_negative_constraint

LABELS = {field: label for field, label, _ in BUDGET_LINES}


class Budget(models.Model):
    action = models.OneToOneField(
        ActionSheet, verbose_name="fiche action", on_delete=models.CASCADE, related_name="budget"
    )
    p104_subsidy = amount_field("subvention demandée (P104, action 12)")
    p104_carryover = amount_field("reliquats disponibles n-1 (P104)")
    local_contribution = amount_field("contribution de la collectivité")
    local_direct = amount_field("dont financements directs")
    local_in_kind = amount_field("dont contributions estimées en nature")
    other_funders = amount_field("contributions des autres financeurs")
    p103 = amount_field("dont programme 103")
    p147 = amount_field("dont programme 147")
    p177 = amount_field("dont programme 177")
    other_state = amount_field("dont autre programme de l'État")
    fami = amount_field("dont FAMI")
    private = amount_field("dont financements privés")
    total_cost = amount_field("coût total de l'action")
    unit_cost = amount_field("coût unitaire moyen par bénéficiaire")
    unit_cost_text = models.CharField("coût unitaire, tel qu'écrit", max_length=500, blank=True)
    comment = models.TextField("commentaires", blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "budget prévisionnel"
        verbose_name_plural = "budgets prévisionnels"
        constraints = [
            non_negative_constraint(field, LABELS[field], "budget") for field, _, _ in BUDGET_LINES
        ]

    def __str__(self) -> str:
        return f"Budget de la fiche n° {self.action.number}"


class BudgetExtraLine(models.Model):
    """A line the operator added to the template (autofinancement, financement recherché…)."""

    budget = models.ForeignKey(
        Budget, verbose_name="budget", on_delete=models.CASCADE, related_name="extra_lines"
    )
    # Blank when the document gives an amount without a label (a review item says so).
    label = models.CharField("libellé", max_length=500, blank=True)
    amount = amount_field("montant")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    source_line = models.PositiveIntegerField("ligne source", null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne de budget supplémentaire"
        verbose_name_plural = "lignes de budget supplémentaires"
        ordering = ["position", "id"]
        constraints = [non_negative_constraint("amount", "Montant", "extra_line")]

    def __str__(self) -> str:
        return self.label or "(sans libellé)"
