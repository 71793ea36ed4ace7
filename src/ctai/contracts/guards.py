"""After a year's programmation is validated, budget lines and targets change only with a reason.

Registered as an audit guard: it runs for every write path (web, admin, import, shell) and
refuses the write — before anything is stored — when no reason is given
(``ctai.audit.context.because``).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ctai.audit.context import current_reason
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import AnnualEnvelope

WATCHED = {
    "budget.Budget": (set(BUDGET_FIELDS), "action_id"),
    "budget.BudgetExtraLine": ({"label", "amount"}, "budget.action_id"),
    "indicators.ActionIndicator": ({"target", "target_text"}, "action_id"),
}


class ReasonRequired(ValidationError):
    pass


def _sheet_id(instance: models.Model, path: str) -> int | None:
    value: Any = instance
    for part in path.split("."):
        value = getattr(value, part, None)
    return value


def _changed(instance, before: dict[str, Any] | None, fields: set[str]) -> bool:
    if before is None:
        return any(getattr(instance, name, None) not in (None, "") for name in fields)
    return any(str(before.get(name)) != str(getattr(instance, name, None)) for name in fields)


def programmation_validated(sheet_id: int) -> bool:
    return AnnualEnvelope.objects.filter(
        contract__actions__pk=sheet_id,
        year=models.F("contract__actions__year"),
        programmation_validated_at__isnull=False,
    ).exists()


def require_reason_after_validation(instance: models.Model, before: dict | None) -> None:
    watched = WATCHED.get(instance._meta.label)
    if watched is None or current_reason():
        return
    fields, path = watched
    sheet_id = _sheet_id(instance, path)
    if sheet_id and _changed(instance, before, fields) and programmation_validated(sheet_id):
        raise ReasonRequired(
            "La programmation de cette année est validée : indiquez le motif de la "
            "modification d'une ligne de budget ou d'une valeur cible.",
            code="reason_required",
        )
