from django.db import models

from ctai.contracts.catalogues import OPERATOR_KINDS, SELECTION_MODES


class OrganisationKind(models.TextChoices):
    COLLECTIVITE = "collectivite", "Collectivité"
    CCAS = "ccas", "CCAS"
    ETAT = "etat", "État"
    ASSOCIATION = "association", "Association"
    ENTREPRISE = "entreprise", "Entreprise"
    AUTRE = "autre", "Autre"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Projet"
    SIGNED = "signed", "Signé"


OperatorKind = models.TextChoices(
    "OperatorKind", [(c.upper(), (c, label)) for c, label in OPERATOR_KINDS]
)
SelectionMode = models.TextChoices(
    "SelectionMode", [(c.upper(), (c, label)) for c, label in SELECTION_MODES]
)
