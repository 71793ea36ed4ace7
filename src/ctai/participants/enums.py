"""Choices of the register of participants (ASCII values, French labels)."""

from django.db import models


class Sex(models.TextChoices):
    WOMAN = "F", "Femme"
    MAN = "M", "Homme"


class ProtectionStatus(models.TextChoices):
    """Article 2 of the contract: who the actions are for."""

    BPI = "bpi", "Bénéficiaire de la protection internationale (BPI)"
    BPT = "bpt", "Bénéficiaire de la protection temporaire (BPT)"
    EPA = "epa", "Autre étranger primo-arrivant"


class CefrLevel(models.IntegerChoices):
    """Levels of the CEFR (CECRL), A0 (no French) to C2, stored in their order."""

    A0 = 0, "A0"
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


class ResultKind(models.TextChoices):
    POSITIONING = "positioning", "Positionnement"
    CERTIFICATION = "certification", "Certification (TEF IRN ou autre)"


class ExitKind(models.TextChoices):
    JOB = "job", "Emploi"
    TRAINING = "training", "Formation qualifiante"
    HOUSING = "housing", "Logement pérenne"
    DROPPED = "dropped", "Abandon"
    OTHER = "other", "Autre sortie"


# Exits counted as positive (sorties positives): a job, a qualifying training, housing.
POSITIVE_EXITS = [ExitKind.JOB, ExitKind.TRAINING, ExitKind.HOUSING]
