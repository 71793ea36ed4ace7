"""The figures of the State evaluation of one programme year (article 7), read once.

Only **validated** reports feed the evaluation: a sheet shows its validated final report, or
failing that its validated intermediate report, or no figures (with the state its reports are
in). Planned money comes from the sheet's budget, spent money from the report's spending lines,
carry-over from the validated final report (``ctai.reporting.carryover``). A sheet belongs to
the axis under which the contract lists it, else the axis written on it (as on the dashboard).

The evaluation also carries the year's contradictory evaluation (the State's opinions and the
coordination's answers, ``ctai.reporting.opinions``) and, when given, the governance part
(meetings and decisions of the steering committee, provided by the caller in the shape
``Governance`` describes). A year that is over is judged "atteint / non atteint"; "en bonne
voie" is a wording for a year still running.

A fixed number of queries whatever the number of sheets and indicators.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from ctai.budget.figures import p104_spent
from ctai.checks.rules.axes import axis_of_sheet, listed_under
from ctai.contracts.models import ActionSheet, Axis, Contract
from ctai.core.money import ratio, total
from ctai.indicators.models import ActionIndicator
from ctai.reporting.carryover import p104_figures, report_spending, sheet_carryover
from ctai.reporting.checks import IndicatorFigures, on_track_threshold
from ctai.reporting.enums import AchievementStatus, PeriodKind, ReportStatus
from ctai.reporting.evaluation.beneficiaries import (
    BeneficiaryTotal,
    beneficiary_totals,
    register_counts,
)
from ctai.reporting.models import ContradictoryEvaluation, OperatorReport, SheetOpinion
from ctai.reporting.opinions import evaluation_of, opinions_by_sheet
from ctai.reporting.selectors import indicator_figures, sheet_budget

COUNTED = [
    AchievementStatus.REACHED,
    AchievementStatus.ON_TRACK,
    AchievementStatus.BEHIND,
    AchievementStatus.MISSING,
]


@dataclass(frozen=True)
class SpendingRow:
    label: str
    planned: Decimal | None
    spent: Decimal


@dataclass
class SheetEvaluation:
    sheet: ActionSheet
    axis: Axis | None
    report: OperatorReport | None  # the validated report whose figures are shown
    report_label: str
    p104_subsidy: Decimal | None
    carryover_received: Decimal | None
    p104_available: Decimal  # subsidy + carry-over received (ctai.budget.figures)
    total_cost_planned: Decimal | None
    p104_spent: Decimal | None
    total_cost_spent: Decimal | None
    carryover: Decimal | None  # unspent P104, from the validated final report
    indicators: list[IndicatorFigures]
    spending: list[SpendingRow]
    statuses: list[AchievementStatus]
    opinion: SheetOpinion | None = None  # the State's opinion and the coordination's answer

    @property
    def operator(self) -> str:
        return self.sheet.operator.display_name if self.sheet.operator else ""

    @property
    def consumption(self) -> Decimal | None:
        """P104 spent / P104 available (subsidy + carry-over received)."""
        return ratio(self.p104_spent, self.p104_available)

    @property
    def status_counts(self) -> dict[str, int]:
        counter = Counter(self.statuses)
        return {status: counter[status] for status in COUNTED}

    @property
    def narrative(self) -> list[tuple[str, str]]:
        report = self.report
        return [
            ("Actions réalisées", report.done if report else ""),
            ("Évolutions par rapport au prévisionnel", report.changes if report else ""),
            ("Difficultés rencontrées", report.difficulties if report else ""),
        ]


@dataclass(frozen=True)
class Totals:
    sheets: int
    p104_subsidy: Decimal
    carryover_received: Decimal
    p104_available: Decimal
    total_cost_planned: Decimal
    p104_spent: Decimal
    total_cost_spent: Decimal
    carryover: Decimal

    @property
    def consumption(self) -> Decimal | None:
        return ratio(self.p104_spent, self.p104_available)

    @classmethod
    def of(cls, rows: list[SheetEvaluation]) -> "Totals":
        def sum_of(name: str) -> Decimal:
            return total(getattr(r, name) for r in rows)

        return cls(
            sheets=len(rows),
            p104_subsidy=sum_of("p104_subsidy"),
            carryover_received=sum_of("carryover_received"),
            p104_available=sum_of("p104_available"),
            total_cost_planned=sum_of("total_cost_planned"),
            p104_spent=sum_of("p104_spent"),
            total_cost_spent=sum_of("total_cost_spent"),
            carryover=sum_of("carryover"),
        )


@dataclass
class AxisEvaluation:
    axis: Axis | None
    rows: list[SheetEvaluation]

    @property
    def title(self) -> str:
        return f"Axe {self.axis.number} : {self.axis.title}" if self.axis else "Fiches sans axe"

    @property
    def totals(self) -> Totals:
        return Totals.of(self.rows)


@dataclass
class Evaluation:
    contract: Contract
    year: int
    envelope: Decimal | None
    threshold: Decimal
    rows: list[SheetEvaluation]
    contradictory: ContradictoryEvaluation | None = None
    # {"meetings": [{"date", "kind", "status", "decisions"}], "decisions": [{"text", "kind",
    # "sheets", "owner", "due_date", "status", "follow_up"}]} — or None: no meeting recorded.
    governance: dict[str, list[dict[str, Any]]] | None = None
    generated_at: datetime.datetime = field(default_factory=timezone.localtime)

    @property
    def finished(self) -> bool:
        """The programme year is over: indicators are "atteint" or "non atteint", no longer
        "en bonne voie"."""
        return self.generated_at.date() > datetime.date(self.year, 12, 31)

    @property
    def totals(self) -> Totals:
        return Totals.of(self.rows)

    @cached_property
    def beneficiaries(self) -> list[BeneficiaryTotal]:
        return beneficiary_totals(
            ((row.indicators, row.report is not None) for row in self.rows),
            register_counts(self.contract, self.year),
        )

    @property
    def axes(self) -> list[AxisEvaluation]:
        groups: dict[int | None, AxisEvaluation] = {}
        for row in self.rows:
            key = row.axis.number if row.axis else None
            groups.setdefault(key, AxisEvaluation(row.axis, [])).rows.append(row)
        return [groups[k] for k in sorted(groups, key=lambda k: (k is None, k or 0))]

    @property
    def validated_count(self) -> int:
        return sum(1 for row in self.rows if row.report is not None)


def _report_label(reports: list[OperatorReport], shown: OperatorReport | None) -> str:
    if shown is not None:
        return f"{shown.period.get_kind_display()} validé le {shown.validated_at:%d/%m/%Y}"
    if not reports:
        return "Aucun bilan reçu"
    latest = max(reports, key=lambda r: (r.period.kind == PeriodKind.FINAL, r.pk))
    return f"{latest.period.get_kind_display()} {latest.get_status_display().lower()} (non validé)"


def _pick(reports: list[OperatorReport]) -> OperatorReport | None:
    validated = {r.period.kind: r for r in reports if r.status == ReportStatus.VALIDATED}
    return validated.get(PeriodKind.FINAL) or validated.get(PeriodKind.INTERMEDIATE)


def _spending(sheet: ActionSheet, report: OperatorReport | None) -> list[SpendingRow]:
    if report is None:
        return []
    budget = sheet_budget(sheet)
    extra = {line.pk: line for line in budget.extra_lines.all()} if budget else {}
    rows = []
    for line in report.spending_lines.all():
        if line.budget_line:
            planned = getattr(budget, line.budget_line) if budget else None
            rows.append(SpendingRow(line.get_budget_line_display(), planned, line.amount))
        else:
            added = extra.get(line.extra_line_id)
            label = (added.label if added else "") or "Ligne ajoutée"
            rows.append(SpendingRow(label, added.amount if added else None, line.amount))
    return rows


def _sheet_evaluation(sheet, axis, reports, threshold) -> SheetEvaluation:
    shown = _pick(reports)
    money = p104_figures(sheet)
    lines = report_spending(shown) if shown else {}
    final = shown if shown and shown.period.kind == PeriodKind.FINAL else None
    carryover = sheet_carryover(sheet, final) if final else None
    indicators = indicator_figures(sheet, shown)
    return SheetEvaluation(
        sheet=sheet,
        axis=axis,
        report=shown,
        report_label=_report_label(reports, shown),
        p104_subsidy=money.subsidy,
        carryover_received=money.carryover,
        p104_available=money.available_p104,
        total_cost_planned=money.total_cost,
        p104_spent=p104_spent(lines),
        total_cost_spent=lines.get("total_cost"),
        carryover=carryover.unspent if carryover else None,
        indicators=indicators,
        spending=_spending(sheet, shown),
        statuses=[i.status(threshold) for i in indicators] if shown else [],
    )


def build_evaluation(
    *,
    contract: Contract,
    year: int,
    governance: dict | None = None,
    now: datetime.datetime | None = None,
) -> Evaluation:
    """Everything the workbook, the ODS file and the PDF show for ``year``; ``governance`` is
    the steering committee's part (see ``Evaluation.governance``), ``now`` the date of the
    evaluation (today by default), which tells whether the year is over."""
    threshold = on_track_threshold()
    axes = {axis.pk: axis for axis in contract.axes.all()}
    under = listed_under((axis, axis.listed_actions or []) for axis in axes.values())
    sheets = (
        ActionSheet.objects.filter(contract=contract, year=year)
        .select_related("operator", "budget")
        .prefetch_related(
            "budget__extra_lines",
            Prefetch("indicators", queryset=ActionIndicator.objects.select_related("definition")),
        )
        .order_by("number")
    )
    by_sheet: dict[int, list[OperatorReport]] = {}
    reports = (
        OperatorReport.objects.filter(period__contract=contract, period__year=year)
        .select_related("period")
        .prefetch_related("achievements", "spending_lines")
    )
    for report in reports:
        by_sheet.setdefault(report.sheet_id, []).append(report)
    rows = [
        _sheet_evaluation(
            sheet,
            axis_of_sheet(sheet.number, axes.get(sheet.axis_id), under),
            by_sheet.get(sheet.pk, []),
            threshold,
        )
        for sheet in sheets
    ]
    contradictory = evaluation_of(contract, year)
    opinions = opinions_by_sheet(contradictory)
    for row in rows:
        row.opinion = opinions.get(row.sheet.pk)
    envelope = contract.envelopes.filter(year=year).values_list("amount", flat=True).first()
    return Evaluation(
        contract,
        year,
        envelope,
        threshold,
        rows,
        contradictory=contradictory,
        governance=governance,
        generated_at=timezone.localtime(now) if now else timezone.localtime(),
    )
