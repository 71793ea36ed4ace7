"""Choices of the yearly reporting cycle: ASCII values stored, French labels shown."""

from django.db import models


class PeriodKind(models.TextChoices):
    """Which report of the year (bilan intermédiaire in the autumn, bilan final after year end)."""

    INTERMEDIATE = "intermediaire", "Bilan intermédiaire"
    FINAL = "final", "Bilan final"


class ReportStatus(models.TextChoices):
    """Where an operator report stands in its workflow (see ``ctai.reporting.workflow``)."""

    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumis", "Soumis"
    RETURNED = "a_corriger", "À corriger"
    VALIDATED = "valide", "Validé"


class AchievementStatus(models.TextChoices):
    """An indicator's achieved value against its target (taux d'atteinte)."""

    REACHED = "atteint", "Atteint"
    ON_TRACK = "en_bonne_voie", "En bonne voie"
    BEHIND = "en_retard", "En retard"
    MISSING = "non_renseigne", "Non renseigné"
    NO_TARGET = "sans_objectif", "Sans objectif chiffré"
    NOT_APPLICABLE = "sans_objet", "Sans objet (coût, durée ou texte)"


class Appraisal(models.TextChoices):
    """The State's opinion (appréciation) on a sheet or on the governance, in the contradictory
    evaluation of a programme year (article 7)."""

    ACHIEVED = "atteint", "Atteint"
    PARTLY = "partiellement_atteint", "Partiellement atteint"
    NOT_ACHIEVED = "non_atteint", "Non atteint"


class EvaluationSide(models.TextChoices):
    """Who signs the contradictory evaluation off: both must, then it is closed."""

    STATE = "etat", "Services de l'État"
    COORDINATION = "coordination", "Coordination du contrat"
