"""Next year's programmation, prepared from the current one (articles 3 and 4).

Every sheet of year n is copied to n+1 with its budget, extra lines, themes, partners and
indicators (targets kept, or emptied for the coordinator to set again). Each copy receives, as
"reliquats disponibles n-1", the unspent P104 of its original when its final report is
validated (``ctai.reporting.carryover``); the others stay empty until ``apply_carryover`` is run
once their final report is validated. Then the checks run again (envelope of n+1 + carry-over).

Writing a carry-over on a sheet of n+1 changes its money: once n+1's programmation (or that
sheet's final report) is validated, it needs a reason (``reason``, kept in the history), and a
sheet of n+1 whose final report is validated passes its new carry-over on to n+2
(``ctai.programmation.guards``).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ctai.accounts import permissions
from ctai.budget.models import Budget, BudgetExtraLine
from ctai.checks.services import FindingsDelta, refresh_findings
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import ActionSheet, Contract
from ctai.indicators.models import ActionIndicator
from ctai.programmation.guards import reason_context, recompute_carryover_fed, require_reason
from ctai.reporting.carryover import ContractCarryover, contract_carryover
from ctai.reporting.errors import NotAllowed, ReportError, ReportInvalid
from ctai.reporting.selectors import sheet_budget

SHEET_FIELDS = [
    "axis",
    "axis_label",
    "title",
    "operator",
    "operator_kind",
    "operator_kind_detail",
    "selection_mode",
    "selection_detail",
    "description",
    "calendar",
    "territory",
    "partners_other",
    "refugies_info_url",
]
COPIED_BUDGET_FIELDS = [f for f in BUDGET_FIELDS if f != "p104_carryover"]


@dataclass
class ProgrammationCopy:
    """What ``create_next_programmation`` did."""

    year: int
    sheets: list[ActionSheet]
    carryover: ContractCarryover
    applied: dict[int, Decimal]  # sheet number -> carry-over written on its copy
    findings: FindingsDelta = field(default_factory=FindingsDelta)

    @property
    def pending_numbers(self) -> list[int]:
        """Sheets whose carry-over is not known yet (final report not validated)."""
        return [s.sheet.number for s in self.carryover.pending]


def _require_coordinator(actor, contract: Contract) -> None:
    if not permissions.can_edit_programmation(actor, contract):
        raise NotAllowed("Seule la coordination du contrat prépare la programmation.")


def _copy_sheet(sheet: ActionSheet, year: int, keep_targets: bool) -> ActionSheet:
    copy = ActionSheet.objects.create(
        contract_id=sheet.contract_id,
        year=year,
        number=sheet.number,
        **{name: getattr(sheet, name) for name in SHEET_FIELDS},
    )
    copy.themes.set(sheet.themes.all())
    copy.partners.set(sheet.partners.all())
    budget = sheet_budget(sheet)
    if budget is not None:
        new_budget = Budget.objects.create(
            action=copy,
            unit_cost_text=budget.unit_cost_text,
            comment=budget.comment,
            **{name: getattr(budget, name) for name in COPIED_BUDGET_FIELDS},
        )
        BudgetExtraLine.objects.bulk_create(
            BudgetExtraLine(
                budget=new_budget, label=line.label, amount=line.amount, position=line.position
            )
            for line in budget.extra_lines.all()
        )
    ActionIndicator.objects.bulk_create(
        ActionIndicator(
            action=copy,
            definition_id=indicator.definition_id,
            label=indicator.label,
            section=indicator.section,
            target=indicator.target if keep_targets else None,
            target_text=indicator.target_text if keep_targets else "",
            position=indicator.position,
        )
        for indicator in sheet.indicators.all()
    )
    return copy


def _write_carryover(
    carryover: ContractCarryover, year: int, reason: str | None
) -> dict[int, Decimal]:
    """Each copy of n+1 receives the unspent P104 of its original (when known)."""
    applied: dict[int, Decimal] = {}
    targets = {
        s.number: s
        for s in ActionSheet.objects.filter(contract=carryover.contract, year=year).select_related(
            "budget"
        )
    }
    for row in carryover.sheets:
        target = targets.get(row.sheet.number)
        if row.unspent is None or target is None:
            continue
        budget = sheet_budget(target) or Budget(action=target)
        if budget.pk is None or budget.p104_carryover != row.unspent:
            require_reason(sheet=target, reason=reason, fields_changed={"p104_carryover"})
            budget.p104_carryover = row.unspent
            budget.save()
            recompute_carryover_fed(sheet=target, reason=reason)
        applied[row.sheet.number] = row.unspent
    return applied


def create_next_programmation(
    *, contract: Contract, from_year: int, keep_targets: bool, actor, reason: str | None = None
) -> ProgrammationCopy:
    """Copy the programmation of ``from_year`` to the next year, in one transaction."""
    _require_coordinator(actor, contract)
    year = from_year + 1
    if year not in contract.years:
        raise ReportInvalid(
            f"L'année {year} est hors de la période du contrat "
            f"({contract.start.year}-{contract.end.year}) : pas de programmation {year} à "
            f"préparer."
        )
    with transaction.atomic(), reason_context(reason):
        # Two coordinators preparing the same year at once: the second waits, then is refused.
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        existing = ActionSheet.objects.filter(contract=contract, year=year).count()
        if existing:
            raise ReportError(
                f"La programmation {year} existe déjà ({existing} fiche"
                f"{'s' if existing > 1 else ''}) : modifiez-la plutôt que de la recréer."
            )
        sources = list(
            ActionSheet.objects.filter(contract=contract, year=from_year)
            .select_related("budget")
            .prefetch_related("themes", "partners", "budget__extra_lines", "indicators")
            .order_by("number")
        )
        if not sources:
            raise ReportError(f"Aucune fiche action en {from_year} : rien à reprendre.")
        copies = [_copy_sheet(sheet, year, keep_targets) for sheet in sources]
        carryover = contract_carryover(contract=contract, year=from_year)
        applied = _write_carryover(carryover, year, reason)
        findings = refresh_findings(contract=contract)
    return ProgrammationCopy(year, copies, carryover, applied, findings)


def apply_carryover(
    *, contract: Contract, from_year: int, actor, reason: str | None = None
) -> ProgrammationCopy:
    """Write on the sheets of ``from_year`` + 1 the carry-over of the final reports validated
    since the programmation was prepared (the others keep their value).

    Refused (``ReasonRequired``, nothing written) without ``reason`` when a carry-over changes
    on a sheet whose figures are settled (validated programmation or final report of n+1)."""
    _require_coordinator(actor, contract)
    year = from_year + 1
    with transaction.atomic(), reason_context(reason):
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        if not ActionSheet.objects.filter(contract=contract, year=year).exists():
            raise ReportError(
                f"La programmation {year} n'existe pas encore : préparez-la d'abord, les "
                f"reliquats {from_year} y seront reportés."
            )
        carryover = contract_carryover(contract=contract, year=from_year)
        applied = _write_carryover(carryover, year, reason)
        findings = refresh_findings(contract=contract)
    sheets = list(ActionSheet.objects.filter(contract=contract, year=year).order_by("number"))
    return ProgrammationCopy(year, sheets, carryover, applied, findings)
