"""Settled figures (docs/adr/0006-settled-figures.md): when a change needs a reason, and what
a change of a settled amount recomputes.

- Once a year's **programmation is validated**, the budget lines and the targets of its sheets
  change only with a reason.
- Once the **final report** (bilan final) of a sheet is validated, what was spent is settled:
  the sheet's money for that year changes only with a reason — whether or not the
  programmation was validated — and the carry-over (reliquat) it fed into the next year's copy
  of the sheet is recomputed in the same transaction (``recompute_carryover_fed``), or the
  change is refused when that next year's amount is itself settled.

The rule is an explicit argument of every write service (``reason``), checked by
``require_reason`` before anything is written; the reason then labels the audit events
(``ctai.audit.context.because``). Refusals are ``ValidationError``s with a French message that
the views show as a message, never as a server error.
"""

from collections.abc import Iterable
from contextlib import nullcontext
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F

from ctai.audit.context import because
from ctai.budget.figures import P104_LINES
from ctai.budget.models import Budget
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import ActionSheet, AnnualEnvelope
from ctai.core.money import euros
from ctai.reporting.carryover import contract_carryover
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import OperatorReport

EXTRA_LINES = "extra_lines"  # a line added under the budget table, or removed
TARGETS = "targets"  # a target (valeur cible) written, changed, added or removed
MONEY = frozenset(BUDGET_FIELDS) | {EXTRA_LINES}
P104 = frozenset(P104_LINES)  # what the carry-over is computed from


class ReasonRequired(ValidationError):
    """A settled figure changes without a reason: nothing was written."""


class SettledRefused(ValidationError):
    """A settled figure cannot change at all (what depends on it is settled too)."""


def reason_context(reason: str | None):
    """Label the audit events written inside with ``reason`` (when one is given)."""
    return because(reason) if reason else nullcontext()


def programmation_validated(sheet: ActionSheet) -> bool:
    return AnnualEnvelope.objects.filter(
        contract_id=sheet.contract_id, year=sheet.year, programmation_validated_at__isnull=False
    ).exists()


def final_report_validated(sheet: ActionSheet) -> bool:
    return OperatorReport.objects.filter(
        sheet=sheet, period__kind=PeriodKind.FINAL, status=ReportStatus.VALIDATED
    ).exists()


def settled_because(sheet: ActionSheet, fields_changed: Iterable[str]) -> str | None:
    """Why changing ``fields_changed`` of ``sheet`` needs a reason (French), or None."""
    changed = set(fields_changed)
    if changed & MONEY and final_report_validated(sheet):
        return (
            f"Le bilan final {sheet.year} de la fiche n° {sheet.number} est validé : ses "
            f"montants sont arrêtés, indiquez le motif de leur modification (le reliquat "
            f"reporté sur {sheet.year + 1} sera recalculé)."
        )
    if changed & (MONEY | {TARGETS}) and programmation_validated(sheet):
        return (
            f"La programmation {sheet.year} est validée : indiquez le motif de la "
            f"modification d'une ligne de budget ou d'une valeur cible."
        )
    return None


def require_reason(*, sheet: ActionSheet, reason: str | None, fields_changed: Iterable[str]):
    """Refuse (``ReasonRequired``) a change of settled figures of ``sheet`` without a reason.

    ``fields_changed``: budget field names, ``EXTRA_LINES``, ``TARGETS``."""
    if reason and reason.strip():
        return
    why = settled_because(sheet, fields_changed)
    if why:
        raise ReasonRequired(why, code="reason_required")


def budget_changes(before: Budget | None, after: Budget) -> set[str]:
    """The budget amounts that differ between two states of a sheet's budget."""
    return {
        name
        for name in BUDGET_FIELDS
        if (getattr(before, name) if before else None) != getattr(after, name)
    }


def recompute_carryover_fed(*, sheet: ActionSheet, reason: str | None) -> ActionSheet | None:
    """After the P104 of ``sheet`` changed: the carry-over its validated final report fed into
    next year's copy of the sheet follows (same transaction, same reason in the history).

    Nothing to do while the final report is not validated or the carry-over was not carried
    yet (``apply_carryover`` writes it later). Refused (``SettledRefused``) when next year's
    final report is validated too: its own spending and carry-over were settled on the old
    amount. Returns the next-year sheet when its carry-over changed."""
    if not final_report_validated(sheet):
        return None
    following = (
        ActionSheet.objects.select_for_update(of=("self",))
        .select_related("budget")
        .filter(contract_id=sheet.contract_id, year=sheet.year + 1, number=sheet.number)
        .first()
    )
    budget = getattr(following, "budget", None) if following else None
    if budget is None or budget.p104_carryover is None:
        return None
    row = contract_carryover(contract=sheet.contract, year=sheet.year).of(sheet.number)
    unspent: Decimal | None = row.unspent if row else None
    if unspent is None or unspent == budget.p104_carryover:
        return None
    if final_report_validated(following):
        raise SettledRefused(
            f"Modification refusée : le reliquat {sheet.year} de la fiche n° {sheet.number} "
            f"({euros(budget.p104_carryover)}) a été reporté sur {following.year}, dont le "
            f"bilan final est déjà validé ; il deviendrait {euros(unspent)}. Faites d'abord "
            f"rouvrir le bilan final {following.year}, ou passez par un avenant.",
            code="settled",
        )
    require_reason(sheet=following, reason=reason, fields_changed={"p104_carryover"})
    with reason_context(reason):
        budget.p104_carryover = unspent
        budget.full_clean(exclude=["action"])
        budget.save(update_fields=["p104_carryover"])
        ActionSheet.objects.filter(pk=following.pk).update(version=F("version") + 1)
    return following
