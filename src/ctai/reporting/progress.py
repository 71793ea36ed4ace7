"""The reporting part of the contract dashboard: progress, reports due, spending, carry-over.

Progress per sheet comes from the most advanced report the user may read for the year (the
final one, else the intermediate one, whatever its state: the coordinator follows work in
progress; the State sees no drafts, the COPIL validated reports only). A sheet's status is the
least favourable of its indicators' statuses (one indicator behind: the sheet is behind); its
headline figure is its first indicator with a numeric target (usually the beneficiaries).
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from ctai.budget.figures import p104_spent
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.money import total
from ctai.indicators.models import ActionIndicator
from ctai.reporting.carryover import (
    ContractCarryover,
    SheetCarryover,
    p104_figures,
    report_spending,
    sheet_carryover,
)
from ctai.reporting.checks import NO_STATUS_UNITS, IndicatorFigures, on_track_threshold
from ctai.reporting.display import NO_REPORT, SHEET_LABELS, STATUS_CLASSES
from ctai.reporting.enums import AchievementStatus, PeriodKind, ReportStatus
from ctai.reporting.models import IndicatorAchievement, OperatorReport, ReportingPeriod
from ctai.reporting.selectors import DueReport, indicator_figures, sheet_budget

A = AchievementStatus
# From the least to the most favourable: a sheet takes the first one any indicator has.
SHEET_ORDER = [A.BEHIND, A.MISSING, A.ON_TRACK, A.REACHED]


@dataclass
class SheetProgress:
    sheet: ActionSheet
    report: OperatorReport | None
    indicators: list[IndicatorFigures]
    carryover: SheetCarryover | None
    statuses: list[str] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        if self.report is None:
            return None
        present = set(self.statuses)
        return next((s for s in SHEET_ORDER if s in present), A.NOT_APPLICABLE)

    @property
    def status_label(self) -> str:
        return SHEET_LABELS[self.status] if self.status else NO_REPORT[0]

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status] if self.status else NO_REPORT[1]

    @property
    def headline(self) -> IndicatorFigures | None:
        return next(
            (i for i in self.indicators if i.target and i.unit not in NO_STATUS_UNITS), None
        )

    @property
    def counts(self) -> dict[str, int]:
        """ "3 atteints", "1 en bonne voie"... from the most to the least favourable."""
        words = {
            A.REACHED: ("atteint", "atteints"),
            A.ON_TRACK: ("en bonne voie", "en bonne voie"),
            A.BEHIND: ("en retard", "en retard"),
            A.MISSING: ("non renseigné", "non renseignés"),
        }
        counts = {}
        for status in (A.REACHED, A.ON_TRACK, A.BEHIND, A.MISSING):
            n = self.statuses.count(status)
            if n:
                counts[words[status][n > 1]] = n
        return counts

    @property
    def p104_planned(self) -> Decimal | None:
        if sheet_budget(self.sheet) is None:
            return None
        return p104_figures(self.sheet).available_p104

    @property
    def p104_spent(self) -> Decimal | None:
        return None if self.report is None else p104_spent(report_spending(self.report))

    @property
    def cost_planned(self) -> Decimal | None:
        return p104_figures(self.sheet).total_cost

    @property
    def cost_spent(self) -> Decimal | None:
        return None if self.report is None else report_spending(self.report).get("total_cost")


@dataclass
class ReportingPanel:
    contract: Contract
    year: int
    sheets: list[SheetProgress]
    due: list[DueReport]
    carryover: ContractCarryover
    periods: list[ReportingPeriod]

    @property
    def late(self) -> list[DueReport]:
        return [row for row in self.due if row.late]

    @property
    def attention(self) -> list[SheetProgress]:
        """The sheets that need a look: behind, not filled in, or with a late report."""
        late = {row.sheet.pk for row in self.late}
        return [s for s in self.sheets if s.status in (A.BEHIND, A.MISSING) or s.sheet.pk in late]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(label, badge class, number of sheets) of each sheet status present, from the least
        to the most favourable, then the sheets without a report."""
        counts = Counter(s.status for s in self.sheets)
        shown = [(SHEET_LABELS[s], STATUS_CLASSES[s], counts[s]) for s in SHEET_ORDER]
        shown.append(
            (
                SHEET_LABELS[A.NOT_APPLICABLE],
                STATUS_CLASSES[A.NOT_APPLICABLE],
                counts[A.NOT_APPLICABLE],
            )
        )
        shown.append((*NO_REPORT, counts[None]))
        return [row for row in shown if row[2]]

    @property
    def totals(self) -> dict[str, Decimal]:
        return {
            "p104_planned": total(s.p104_planned for s in self.sheets),
            "p104_spent": total(s.p104_spent for s in self.sheets),
            "cost_planned": total(s.cost_planned for s in self.sheets),
            "cost_spent": total(s.cost_spent for s in self.sheets),
        }


def _shown(reports: list[OperatorReport]) -> OperatorReport | None:
    by_kind = {r.period.kind: r for r in reports}
    return by_kind.get(PeriodKind.FINAL) or by_kind.get(PeriodKind.INTERMEDIATE)


def _carryover(sheet: ActionSheet, reports: list[OperatorReport]) -> SheetCarryover:
    final = next(
        (
            r
            for r in reports
            if r.period.kind == PeriodKind.FINAL and r.status == ReportStatus.VALIDATED
        ),
        None,
    )
    return sheet_carryover(sheet, final)


def reporting_panel(*, contract: Contract, year: int, user) -> ReportingPanel:
    """Everything in a fixed number of queries (sheets, indicators, reports and their
    contents, periods), whatever the number of sheets: the dashboard's query budget."""
    threshold = on_track_threshold()
    sheets = (
        ActionSheet.objects.for_user(user)
        .filter(contract=contract, year=year)
        .select_related("budget", "operator")
        .prefetch_related(
            Prefetch("indicators", queryset=ActionIndicator.objects.select_related("definition"))
        )
        .order_by("number")
    )
    reports: dict[int, list[OperatorReport]] = {}
    # No default ordering: it would join the sheets and the indicators of every contract
    # (the reports and achievements are read into dictionaries, in no particular order).
    visible = (
        OperatorReport.objects.for_user(user)
        .filter(period__contract=contract, period__year=year)
        .select_related("period")
        .prefetch_related(
            Prefetch("achievements", queryset=IndicatorAchievement.objects.order_by()),
            "spending_lines",
        )
        .order_by()
    )
    for report in visible:
        reports.setdefault(report.sheet_id, []).append(report)
    periods = list(ReportingPeriod.objects.for_contract(contract).filter(year=year))
    today = timezone.localdate()
    rows, due, carried = [], [], []
    for sheet in sheets:
        mine = reports.get(sheet.pk, [])
        shown = _shown(mine)
        figures = indicator_figures(sheet, shown)
        carryover = _carryover(sheet, mine)
        carried.append(carryover)
        rows.append(
            SheetProgress(
                sheet=sheet,
                report=shown,
                indicators=figures,
                carryover=carryover,
                statuses=[f.status(threshold) for f in figures] if shown else [],
            )
        )
        by_period = {r.period_id: r for r in mine}
        for period in periods:
            report = by_period.get(period.pk)
            if report is None or report.is_editable:
                due.append(DueReport(period, sheet, report, period.is_past_due(today)))
    due.sort(key=lambda row: (row.period.due_date, row.period.kind, row.sheet.number))
    carryover = ContractCarryover(contract=contract, year=year, sheets=carried)
    return ReportingPanel(contract, year, rows, due, carryover, periods)
