"""Reporting blocks included in the contract pages (dashboard, sheet) and their filters."""

from decimal import Decimal

from django import template

from ctai.accounts import permissions
from ctai.checks.formatting import french_number
from ctai.reporting.evaluation import FORMATS
from ctai.reporting.models import OperatorReport, ReportingPeriod
from ctai.reporting.views.progress import default_year, reporting_panel

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    """0.8125 → "81,3 %" (narrow no-break space); "—" when there is no rate."""
    if value is None or value == "":
        return "—"
    return f"{french_number(Decimal(value) * 100, decimals=1)}\u202f%"


@register.inclusion_tag("reporting/includes/dashboard_reporting.html", takes_context=True)
def reporting_dashboard(context, contract):
    """Progress, reports due or late, spending and carry-over of the chosen year."""
    request = context["request"]
    chosen = request.GET.get("annee", "")
    year = int(chosen) if chosen.isdigit() and int(chosen) in contract.years else None
    year = year or default_year(contract)
    user = request.user
    return {
        "contract": contract,
        "panel": reporting_panel(contract=contract, year=year, user=user),
        "years": list(contract.years),
        "formats": FORMATS,
        "can_edit": permissions.is_coordinator(user, contract),
    }


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
