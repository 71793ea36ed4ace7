"""Kinds of notification and how each person receives them."""

from django.db import models


class NotificationKind(models.TextChoices):
    """What happened (ASCII values stored, French labels shown on the preferences page)."""

    PERIOD_OPENED = "period_opened", "Ouverture d'une période de bilans"
    DUE_SOON = "due_soon", "Rappel avant la date de remise (15 jours et 3 jours)"
    LATE = "late", "Relance d'un bilan en retard (chaque semaine)"
    REPORT_SUBMITTED = "report_submitted", "Bilan soumis à la coordination"
    REPORT_RETURNED = "report_returned", "Bilan renvoyé pour correction, avec son motif"
    REPORT_VALIDATED = "report_validated", "Bilan validé"
    MESSAGE_POSTED = "message_posted", "Message ou réponse dans une conversation"
    INVITATION = "invitation", "Invitation à un contrat"
    PROGRAMMATION_VALIDATED = "programmation_validated", "Programmation validée"
    EVALUATION_AVAILABLE = "evaluation_available", "Évaluation disponible"
    MEETING_PLANNED = "meeting_planned", "Comité de pilotage planifié"
    MINUTES_AVAILABLE = "minutes_available", "Compte rendu d'un comité de pilotage approuvé"
    FILE_READY = "file_ready", "Fichier demandé prêt à télécharger"
    AMENDMENT_DRAFTED = "amendment_drafted", "Projet d'avenant soumis aux observations de l'État"


# Kinds a person cannot switch off: what they must act on. They arrive at once by e-mail.
MANDATORY = frozenset(
    {
        NotificationKind.REPORT_RETURNED,
        NotificationKind.LATE,
        NotificationKind.INVITATION,
    }
)


class Delivery(models.TextChoices):
    """How a person wants a kind of notification by e-mail (always listed in the application)."""

    IMMEDIATE = "immediate", "Tout de suite"
    DIGEST = "digest", "Résumé quotidien"
    OFF = "off", "Jamais par courriel"


# Default per kind when the person has said nothing.
DEFAULT_DELIVERY = {
    NotificationKind.MESSAGE_POSTED: Delivery.IMMEDIATE,
    NotificationKind.PERIOD_OPENED: Delivery.IMMEDIATE,
    NotificationKind.DUE_SOON: Delivery.IMMEDIATE,
    NotificationKind.REPORT_SUBMITTED: Delivery.IMMEDIATE,
    NotificationKind.REPORT_VALIDATED: Delivery.IMMEDIATE,
    NotificationKind.PROGRAMMATION_VALIDATED: Delivery.DIGEST,
    NotificationKind.EVALUATION_AVAILABLE: Delivery.DIGEST,
    NotificationKind.MEETING_PLANNED: Delivery.IMMEDIATE,
    NotificationKind.MINUTES_AVAILABLE: Delivery.DIGEST,
    NotificationKind.AMENDMENT_DRAFTED: Delivery.IMMEDIATE,
}


class EmailState(models.TextChoices):
    """Where a notification's e-mail stands."""

    NONE = "none", "Pas de courriel"
    PENDING = "pending", "À envoyer"
    DIGEST = "digest", "Dans le prochain résumé"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Échec de l'envoi"
