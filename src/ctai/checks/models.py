"""Findings (constats) stored per contract, recomputed whenever the contract changes."""

from django.db import models

from ctai.contracts.models import Contract


class Severity(models.TextChoices):
    ERROR = "erreur", "Erreur"
    WARNING = "alerte", "Alerte"
    INFO = "info", "Information"


class StoredFinding(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="findings"
    )
    code = models.CharField("code", max_length=60)
    severity = models.CharField("gravité", max_length=10, choices=Severity.choices)
    action_number = models.PositiveSmallIntegerField("fiche action", null=True, blank=True)
    message = models.TextField("message")
    figures = models.JSONField("montants et valeurs", default=dict, blank=True)
    lines = models.JSONField("lignes sources", default=list, blank=True)
    position = models.PositiveIntegerField("ordre", default=0)
    computed_at = models.DateTimeField("calculé le", auto_now_add=True)

    class Meta:
        verbose_name = "constat"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"[{self.get_severity_display()}] {self.code}"
