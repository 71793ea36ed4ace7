"""Findings (constats) stored per contract, recomputed whenever the contract changes."""

from django.db import models

from ctai.checks.enums import SEVERITY_CHOICES
from ctai.contracts.models import ActionSheet, Contract


class StoredFinding(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="findings"
    )
    code = models.CharField("code", max_length=60)
    severity = models.CharField("gravité", max_length=10, choices=SEVERITY_CHOICES)
    # The programme year the finding is about; null when it is about no single year.
    year = models.PositiveSmallIntegerField("année de programmation", null=True, blank=True)
    # The sheet (number and year) it is about; a finding on a deleted sheet goes with it.
    sheet = models.ForeignKey(
        ActionSheet,
        verbose_name="fiche action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
    )
    action_number = models.PositiveSmallIntegerField("fiche action (numéro)", null=True, blank=True)
    message = models.TextField("message")
    figures = models.JSONField("montants et valeurs", default=dict, blank=True)
    lines = models.JSONField("lignes sources", default=list, blank=True)
    position = models.PositiveIntegerField("ordre", default=0)
    computed_at = models.DateTimeField("calculé le", auto_now_add=True)

    class Meta:
        verbose_name = "constat"
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["contract", "year"], name="finding_contract_year")]

    def __str__(self) -> str:
        return f"[{self.get_severity_display()}] {self.code}"
