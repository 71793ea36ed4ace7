"""Roles on a contract: what a membership lets a person do. At the bottom of the package order
(``ctai.core``), so that the contract querysets scope by role without importing accounts."""

from django.db import models


class Role(models.TextChoices):
    """What a membership lets a person do (issue 6). Platform admins are Django superusers."""

    COORDINATOR = "coordinator", "Coordination du contrat"
    OPERATOR = "operator", "Membre d'un porteur d'action"
    STATE_REVIEWER = "state_reviewer", "Service de l'État"
    COPIL = "copil", "Membre du comité de pilotage"


# Roles that see every sheet of their contract; operators see only their organisation's.
WHOLE_CONTRACT_ROLES = [Role.COORDINATOR, Role.STATE_REVIEWER, Role.COPIL]
