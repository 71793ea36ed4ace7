"""What a line of an amendment reads and writes in the contract: one place, so that the value
shown when drafting, the conflict check and the application agree."""

from decimal import Decimal

from ctai.amendments.enums import ChangeKind
from ctai.amendments.models import AmendmentChange
from ctai.budget.models import LABELS, Budget
from ctai.contracts.models import ActionSheet, AnnualEnvelope, Axis, Contract
from ctai.core.money import amount_to_str, euros
from ctai.indicators.models import ActionIndicator

AMOUNT_KINDS = {ChangeKind.ENVELOPE, ChangeKind.AXIS, ChangeKind.BUDGET}
SHORT_BUDGET_LABELS = {
    "p104_subsidy": "subvention P104 (action 12)",
    "p104_carryover": "reliquats n-1 (P104)",
}


def as_text(value: Decimal | None) -> str:
    """An amount as an amendment line keeps it: "35000.00", "" when not filled."""
    return amount_to_str(value) or ""


def shown(change: AmendmentChange, value: str) -> str:
    """A value of the line as the pages write it."""
    if value == "":
        return "(vide)"
    return euros(Decimal(value)) if change.kind in AMOUNT_KINDS else value


def budget_label(field: str) -> str:
    return SHORT_BUDGET_LABELS.get(field, LABELS[field][:1].lower() + LABELS[field][1:])


def where(change: AmendmentChange) -> str:
    """Which value of the contract the line is about, in French."""
    if change.kind == ChangeKind.ENVELOPE:
        return f"Enveloppe de l'État {change.year}"
    if change.kind == ChangeKind.AXIS:
        return f"Axe {change.axis_number}, montant déclaré"
    sheet = f"Fiche n° {change.sheet_number} ({change.year})"
    if change.kind == ChangeKind.BUDGET:
        return f"{sheet}, {budget_label(change.field)}"
    if change.kind == ChangeKind.TARGET:
        return f"{sheet}, valeur cible « {change.label} »"
    if change.kind == ChangeKind.SHEET_ADDED:
        return f"{sheet}, ajoutée"
    return f"{sheet}, retirée"


def find_sheet(contract: Contract, year: int, number: int, *, lock: bool = False):
    queryset = ActionSheet.objects.filter(contract=contract, year=year, number=number)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.first()


def sheet_budget(sheet: ActionSheet) -> Budget | None:
    try:
        return sheet.budget
    except Budget.DoesNotExist:
        return None


class Missing(Exception):
    """What the line is about no longer exists (French message)."""


def current(contract: Contract, change: AmendmentChange) -> str:
    """The stored value the line replaces, written like ``change.before``."""
    if change.kind == ChangeKind.ENVELOPE:
        envelope = AnnualEnvelope.objects.filter(contract=contract, year=change.year).first()
        return as_text(envelope.amount if envelope else None)
    if change.kind == ChangeKind.AXIS:
        axis = Axis.objects.filter(contract=contract, number=change.axis_number).first()
        if axis is None:
            raise Missing(f"l'axe n° {change.axis_number} n'existe plus")
        return as_text(axis.declared_amount)
    sheet = find_sheet(contract, change.year, change.sheet_number)
    if change.kind == ChangeKind.SHEET_ADDED:
        return "" if sheet is None else sheet.title
    if sheet is None:
        raise Missing(f"la fiche n° {change.sheet_number} ({change.year}) n'existe plus")
    if change.kind == ChangeKind.SHEET_WITHDRAWN:
        return sheet.title
    if change.kind == ChangeKind.BUDGET:
        budget = sheet_budget(sheet)
        return as_text(getattr(budget, change.field) if budget else None)
    indicator = ActionIndicator.objects.filter(pk=change.indicator_id, action=sheet).first()
    if indicator is None:
        raise Missing(f"l'indicateur « {change.label} » n'est plus sur la fiche")
    return indicator.target_text
