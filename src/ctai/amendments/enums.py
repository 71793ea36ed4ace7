from django.db import models


class AmendmentStatus(models.TextChoices):
    """Before signature nothing of the contract changes; signing applies the amendment."""

    DRAFT = "draft", "En préparation"
    SIGNED = "signed", "Signé et appliqué"


class ChangeKind(models.TextChoices):
    """What one line of an amendment changes (ligne de l'avenant)."""

    ENVELOPE = "envelope", "Enveloppe annuelle de l'État"
    AXIS = "axis", "Montant déclaré d'un axe"
    BUDGET = "budget", "Ligne de budget d'une fiche"
    TARGET = "target", "Valeur cible d'un indicateur"
    SHEET_ADDED = "sheet_added", "Fiche ajoutée"
    SHEET_WITHDRAWN = "sheet_withdrawn", "Fiche retirée"
