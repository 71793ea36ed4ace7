"""Choices of the governance package: ASCII values stored, French labels shown."""

from django.db import models


class MeetingKind(models.TextChoices):
    """Why the steering committee (comité de pilotage, COPIL) meets (article 6)."""

    JUNE = "june", "Évaluation de l'année N-1 (juin)"
    DECEMBER = "december", "Point d'étape de l'année N (décembre)"
    EXTRAORDINARY = "extraordinary", "Comité extraordinaire"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévu"
    HELD = "held", "Tenu"
    MINUTES_APPROVED = "minutes_approved", "Compte rendu approuvé"


# Which statuses each transition starts from (an explicit state machine).
TRANSITIONS = {
    "hold": ((MeetingStatus.PLANNED,), MeetingStatus.HELD),
    "approve": ((MeetingStatus.HELD,), MeetingStatus.MINUTES_APPROVED),
}
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)


class DecisionKind(models.TextChoices):
    CONTINUE = "continue", "Poursuivre"
    REORIENT = "reorient", "Réorienter"
    REDUCE = "reduce", "Réduire"
    INCREASE = "increase", "Augmenter"
    STOP = "stop", "Arrêter"
    NEW_ACTION = "new_action", "Nouvelle action"
    OTHER = "other", "Autre"


# Decisions that change money or targets: they lead to an amendment (article 8 of the contract).
AMENDING_KINDS = frozenset(
    {DecisionKind.REDUCE, DecisionKind.INCREASE, DecisionKind.STOP, DecisionKind.NEW_ACTION}
)


class FollowUp(models.TextChoices):
    """Where the carrying out of a decision stands (suivi)."""

    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


OPEN_FOLLOW_UPS = (FollowUp.TODO, FollowUp.IN_PROGRESS)
