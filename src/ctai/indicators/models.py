"""The indicator catalogue of the template and each action sheet's indicators with targets."""

from django.db import models
from django.db.models import Q

from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet
from ctai.indicators.catalogue import SECTIONS, UNITS

Section = models.TextChoices("Section", [(c.upper(), (c, label)) for c, label in SECTIONS])
Unit = models.TextChoices("Unit", [(c.upper(), (c, label)) for c, label in UNITS])


class IndicatorDefinition(models.Model):
    """A standard indicator of the template (catalogue), possibly a "dont" part of another."""

    code = models.SlugField("code", max_length=40, unique=True)
    section = models.CharField("section", max_length=40, choices=Section.choices)
    label = models.CharField("libellé", max_length=500)
    unit = models.CharField("unité", max_length=10, choices=Unit.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="indicateur parent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    position = models.PositiveSmallIntegerField("ordre")

    class Meta:
        verbose_name = "indicateur du catalogue"
        verbose_name_plural = "catalogue des indicateurs"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class ActionIndicator(models.Model):
    """An indicator of an action sheet: catalogue entry or custom label, with its target."""

    action = models.ForeignKey(
        ActionSheet,
        verbose_name="fiche action",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name="indicateur du catalogue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    label = models.CharField("libellé", max_length=1000, blank=True)
    section = models.CharField("section", max_length=40, choices=Section.choices)
    target = models.DecimalField(
        "valeur cible (nombre lu)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_text = models.TextField("valeur cible, telle qu'écrite", blank=True)
    source_line = models.PositiveIntegerField("ligne source", null=True, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur de la fiche"
        verbose_name_plural = "indicateurs de la fiche"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(definition__isnull=False) | ~Q(label=""),
                name="indicator_definition_or_label",
                violation_error_message=(
                    "Un indicateur doit venir du catalogue ou porter un libellé."
                ),
                violation_error_code="missing_label",
            )
        ]

    def __str__(self) -> str:
        return self.label or str(self.definition)

    @property
    def display_label(self) -> str:
        return self.label or (self.definition.label if self.definition else "")
