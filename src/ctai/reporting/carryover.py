"""Carry-over (reliquats, article 4): the P104 money of a year left unspent, from final reports.

Per sheet: granted P104 (the subsidy plus the carry-over it received from n-1) minus the P104
actually spent (the subsidy and carry-over lines of its **validated final report**), never
negative. A sheet without a validated final report has no carry-over yet: it is *pending*. A
validated final report that gives no P104 spending line counts as nothing spent (the checks
warn about it before validation: ``report.missing_spending``).

Computed on the fly: validated reports are read-only, so the figure cannot drift. What was
carried into year n+1 is stored where the template keeps it, on each sheet of n+1
(``Budget.p104_carryover``, "reliquats disponibles au titre de l'exécution n-1"), which is what
the envelope check adds to the year's envelope.
"""

from dataclasses import dataclass
from decimal import Decimal

from ctai.contracts.models import ActionSheet, Contract
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import OperatorReport
from ctai.reporting.selectors import sheet_budget

ZERO = Decimal(0)
P104_LINES = ("p104_subsidy", "p104_carryover")


@dataclass(frozen=True)
class SheetCarryover:
    sheet: ActionSheet
    granted: Decimal  # P104 subsidy + carry-over received
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
        return max(self.granted - (self.spent or ZERO), ZERO)


@dataclass(frozen=True)
class ContractCarryover:
    contract: Contract
    year: int
    sheets: list[SheetCarryover]

    @property
    def total(self) -> Decimal:
        """Carry-over of the sheets whose final report is validated."""
        return sum((s.unspent for s in self.sheets if s.unspent is not None), ZERO)

    @property
    def pending(self) -> list[SheetCarryover]:
        return [s for s in self.sheets if s.pending]

    @property
    def complete(self) -> bool:
        return not self.pending

    def of(self, number: int) -> SheetCarryover | None:
        return next((s for s in self.sheets if s.sheet.number == number), None)


def granted_p104(sheet: ActionSheet) -> Decimal:
    budget = sheet_budget(sheet)
    if budget is None:
        return ZERO
    return (budget.p104_subsidy or ZERO) + (budget.p104_carryover or ZERO)


def spent_p104(report: OperatorReport) -> Decimal:
    return sum(
        (line.amount for line in report.spending_lines.all() if line.budget_line in P104_LINES),
        ZERO,
    )


def contract_carryover(*, contract: Contract, year: int) -> ContractCarryover:
    """The carry-over of every sheet of ``year`` and for the contract (three queries)."""
    sheets = (
        ActionSheet.objects.filter(contract=contract, year=year)
        .select_related("budget")
        .order_by("number")
    )
    reports = {
        report.sheet_id: report
        for report in OperatorReport.objects.filter(
            period__contract=contract,
            period__year=year,
            period__kind=PeriodKind.FINAL,
            status=ReportStatus.VALIDATED,
        ).prefetch_related("spending_lines")
    }
    rows = []
    for sheet in sheets:
        report = reports.get(sheet.pk)
        rows.append(
            SheetCarryover(
                sheet=sheet,
                granted=granted_p104(sheet),
                spent=spent_p104(report) if report else None,
                report=report,
            )
        )
    return ContractCarryover(contract=contract, year=year, sheets=rows)
