"""Reading reports for the pages, the checks, the dashboard and the evaluation.

A report fetched with ``OperatorReport.objects.with_contents()`` is read here without further
queries.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from ctai.budget.figures import from_stored
from ctai.budget.models import Budget
from ctai.checks.findings import Finding
from ctai.contracts.models import ActionSheet, Contract
from ctai.reporting.checks import IndicatorFigures, ReportFigures, run_report_checks
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import OperatorReport, ReportingPeriod
from ctai.reporting.workflow import EDITABLE


def sheet_budget(sheet: ActionSheet) -> Budget | None:
    try:
        return sheet.budget
    except Budget.DoesNotExist:
        return None


def indicator_figures(sheet: ActionSheet, report: OperatorReport | None) -> list[IndicatorFigures]:
    """Every indicator of the sheet, in order, with the report's value and comment if any."""
    achieved = {a.indicator_id: a for a in report.achievements.all()} if report else {}
    rows = []
    for indicator in sheet.indicators.all():
        achievement = achieved.get(indicator.pk)
        definition = indicator.definition
        rows.append(
            IndicatorFigures(
                indicator_id=indicator.pk,
                code=definition.code if definition else None,
                label=indicator.display_label,
                section=indicator.section,
                unit=definition.unit if definition else "count",
                target=indicator.target,
                target_text=indicator.target_text,
                value=achievement.value if achievement else None,
                comment=achievement.comment if achievement else "",
            )
        )
    return rows


def report_figures(report: OperatorReport) -> ReportFigures:
    sheet, period = report.sheet, report.period
    budget = sheet_budget(sheet)
    return ReportFigures(
        sheet_number=sheet.number,
        year=period.year,
        kind=period.kind,
        indicators=tuple(indicator_figures(sheet, report)),
        budget=from_stored(budget),
        spending={
            line.budget_line: line.amount
            for line in report.spending_lines.all()
            if line.budget_line
        },
        extra_spending=tuple(
            (line.extra_line.label or None, line.amount)
            for line in report.spending_lines.all()
            if line.extra_line_id
        ),
    )


@dataclass(frozen=True)
class SheetReport:
    """A period of the sheet's year with its report (or none yet), and what to do next, said
    to the reader: the operator (« à commencer », « à corriger »...) or anyone else."""

    period: ReportingPeriod
    report: OperatorReport | None
    late: bool
    todo: str
    # The operator has something to do on it (start, complete, correct).
    pending: bool


def _date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def next_step(
    period: ReportingPeriod, report: OperatorReport | None, *, operator: bool, today
) -> SheetReport:
    due = _date(period.due_date)
    status = report.status if report else None
    late = period.is_past_due(today) and status in (None, *EDITABLE)
    if status == ReportStatus.RETURNED:
        todo = (
            "Renvoyé pour correction : corrigez-le selon le motif indiqué, puis soumettez-le."
            if operator
            else "Renvoyé au porteur pour correction."
        )
    elif status == ReportStatus.SUBMITTED:
        todo = (
            "Soumis : la coordination l'examine, rien à faire pour l'instant."
            if operator
            else "Soumis : à examiner par la coordination (valider ou renvoyer)."
        )
    elif status == ReportStatus.VALIDATED:
        todo = "Validé : plus rien à faire." if operator else "Validé."
    elif status == ReportStatus.DRAFT:
        todo = (
            f"Brouillon : complétez-le et soumettez-le avant le {due}."
            if operator
            else "En cours de rédaction par le porteur."
        )
    else:
        todo = (
            f"À commencer : le bilan est attendu avant le {due}."
            if operator
            else "Pas encore commencé par le porteur."
        )
    if late and operator:
        todo = f"En retard (attendu le {due}). {todo}"
    pending = status in (None, *EDITABLE)
    return SheetReport(period, report, late, todo, pending)


def sheet_reports(
    sheet: ActionSheet, user, *, operator: bool = False, today: datetime.date | None = None
) -> list[SheetReport]:
    """The reports of a sheet the user may read, one per period of its year (or none yet),
    each with what to do next; ``operator``: said to the sheet's operator."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(contract=sheet.contract_id, year=sheet.year)
    reports = {r.period_id: r for r in OperatorReport.objects.for_user(user).filter(sheet=sheet)}
    return [
        next_step(period, reports.get(period.pk), operator=operator, today=today)
        for period in periods
    ]


def report_findings(report: OperatorReport) -> list[Finding]:
    return run_report_checks(report_figures(report))


@dataclass(frozen=True)
class DueReport:
    """A sheet of a period's year with its report (or none yet) and whether it is late."""

    period: ReportingPeriod
    sheet: ActionSheet
    report: OperatorReport | None
    late: bool

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "Non commencé"


def due_reports(
    *, contract: Contract, year: int, today: datetime.date | None = None, user=None
) -> list[DueReport]:
    """Every (period, sheet) of programme year ``year``, with its report and lateness. With
    ``user``, only the sheets and reports they may see."""
    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.for_contract(contract).filter(year=year))
    sheets = ActionSheet.objects.filter(contract=contract, year=year).select_related("operator")
    reports = OperatorReport.objects.for_contract(contract).filter(period__year=year)
    if user is not None:
        sheets = sheets.for_user(user)
        reports = reports.for_user(user)
    by_year: dict[int, list[ActionSheet]] = {}
    for sheet in sheets.order_by("year", "number"):
        by_year.setdefault(sheet.year, []).append(sheet)
    found = {(r.period_id, r.sheet_id): r for r in reports}
    rows = []
    for period in periods:
        for sheet in by_year.get(period.year, []):
            report = found.get((period.pk, sheet.pk))
            pending = report is None or report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
            rows.append(DueReport(period, sheet, report, pending and period.is_past_due(today)))
    return rows
