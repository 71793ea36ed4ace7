"""Reporting blocks included in the contract pages (dashboard, sheet) and their filters."""

from decimal import Decimal

from django import template

from ctai.core.money import french_number
from ctai.reporting.models import OperatorReport, ReportingPeriod

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    """0.8125 → "81,3 %" (narrow no-break space); "—" when there is no rate."""
    if value is None or value == "":
        return "—"
    return f"{french_number(Decimal(value) * 100, decimals=1)}\u202f%"


@register.inclusion_tag("reporting/includes/sheet_reports.html", takes_context=True)
def sheet_reports(context, sheet):
    """The reports of a sheet, one per period of its year, with their state."""
    user = context["request"].user
    periods = ReportingPeriod.objects.filter(contract=sheet.contract_id, year=sheet.year)
    reports = {r.period_id: r for r in OperatorReport.objects.for_user(user).filter(sheet=sheet)}
    return {
        "sheet": sheet,
        "rows": [(period, reports.get(period.pk)) for period in periods],
    }
