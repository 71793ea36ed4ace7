"""Carry-over (reliquats, article 4): the P104 money of a year left unspent, from final reports.

Per sheet: available P104 (the subsidy plus the carry-over it received from n-1) minus the P104
actually spent (the subsidy and carry-over lines of its **validated final report**), never
negative (``ctai.budget.figures.Execution``). A sheet without a validated final report has no
carry-over yet: it is *pending*. A validated final report that gives no P104 spending line
counts as nothing spent (the checks warn about it before validation: ``report.missing_spending``).

Computed on the fly: validated reports are read-only, so the figure cannot drift. What was
carried into year n+1 is stored where the template keeps it, on each sheet of n+1
(``Budget.p104_carryover``, "reliquats disponibles au titre de l'exécution n-1"), which is what
the envelope check adds to the year's envelope.
"""

from dataclasses import dataclass
from decimal import Decimal

from ctai.budget.figures import BudgetFigures, Execution, from_stored
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.money import total
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import OperatorReport
from ctai.reporting.selectors import sheet_budget

ZERO = Decimal(0)


@dataclass(frozen=True)
class SheetCarryover:
    sheet: ActionSheet
    available: Decimal  # P104 subsidy + carry-over received (ctai.budget.figures)
    spent: Decimal | None  # P104 spent; None without a validated final report
    report: OperatorReport | None  # the validated final report

    @property
    def pending(self) -> bool:
        return self.report is None

    @property
    def unspent(self) -> Decimal | None:
        """What can be carried over; ``None`` while the final report is not validated."""
        if self.report is None:
            return None
        return Execution(self.available, self.spent).unspent


@dataclass(frozen=True)
class ContractCarryover:
    contract: Contract
    year: int
    sheets: list[SheetCarryover]

    @property
    def total(self) -> Decimal:
        """Carry-over of the sheets whose final report is validated."""
        return total(s.unspent for s in self.sheets)

    @property
    def pending(self) -> list[SheetCarryover]:
        return [s for s in self.sheets if s.pending]

    @property
    def complete(self) -> bool:
        return not self.pending

    def of(self, number: int) -> SheetCarryover | None:
        return next((s for s in self.sheets if s.sheet.number == number), None)


def p104_figures(sheet: ActionSheet) -> BudgetFigures:
    """The budget figures of a stored sheet for its P104 money (subsidy, carry-over): the
    extra lines, which are never P104, are not read."""
    return from_stored(sheet_budget(sheet))


def report_spending(report: OperatorReport) -> dict[str, Decimal]:
    """A report's actual spending per template budget line."""
    return {
        line.budget_line: line.amount for line in report.spending_lines.all() if line.budget_line
    }


def sheet_carryover(sheet: ActionSheet, final: OperatorReport | None) -> SheetCarryover:
    """The carry-over of a sheet given its validated final report (or None: pending)."""
    execution = p104_figures(sheet).execution(report_spending(final) if final else {})
    return SheetCarryover(
        sheet=sheet,
        available=execution.available,
        spent=(execution.spent or ZERO) if final else None,
        report=final,
    )


def contract_carryover(*, contract: Contract, year: int) -> ContractCarryover:
    """The carry-over of every sheet of ``year`` and for the contract (three queries)."""
    return carryover_by_year(contract=contract, years=[year])[year]


def carryover_by_year(
    *, contract: Contract, years: list[int] | None = None
) -> dict[int, ContractCarryover]:
    """The carry-over of each programme year (all of the contract's by default), in three
    queries whatever the number of years and sheets."""
    years = list(contract.years) if years is None else years
    sheets = (
        ActionSheet.objects.filter(contract=contract, year__in=years)
        .select_related("budget")
        .order_by("year", "number")
    )
    reports = {
        report.sheet_id: report
        for report in OperatorReport.objects.filter(
            period__contract=contract,
            period__year__in=years,
            period__kind=PeriodKind.FINAL,
            status=ReportStatus.VALIDATED,
        ).prefetch_related("spending_lines")
    }
    rows: dict[int, list[SheetCarryover]] = {year: [] for year in years}
    for sheet in sheets:
        rows[sheet.year].append(sheet_carryover(sheet, reports.get(sheet.pk)))
    return {year: ContractCarryover(contract, year, rows[year]) for year in years}
