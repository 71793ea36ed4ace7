"""Reporting periods of a contract (périodes de bilan): due dates, and every report's state."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ctai.accounts import permissions
from ctai.contracts.views.scope import contract_crumbs, get_contract, get_year, year_url
from ctai.reporting import services
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import PeriodForm
from ctai.reporting.models import ReportingPeriod
from ctai.reporting.selectors import due_reports


def periods_context(request, contract, year: int, form: PeriodForm | None) -> dict:
    rows = due_reports(contract=contract, user=request.user, year=year)
    periods = []
    for period in ReportingPeriod.objects.for_contract(contract).filter(year=year):
        mine = [row for row in rows if row.period.pk == period.pk]
        periods.append(
            {
                "period": period,
                "rows": mine,
                "late": sum(1 for row in mine if row.late),
                "past_due": period.is_past_due(),
            }
        )
    can_edit = permissions.is_coordinator(request.user, contract)
    return {
        "contract": contract,
        "year": year,
        "years": list(contract.years),
        "periods": periods,
        "can_edit": can_edit,
        "form": (form or PeriodForm(initial={"year": year}, years=contract.years))
        if can_edit
        else None,
        "breadcrumbs": [*contract_crumbs(contract, year), (f"Périodes de bilan {year}", None)],
    }


@require_http_methods(["GET", "POST"])
def periods(request, contract: int):
    """Everyone who sees the whole contract reads it; the coordinator sets the due dates."""
    contract = get_contract(request, contract, edit=request.method == "POST")
    year = get_year(request, contract)
    form = None
    if request.method == "POST":
        form = PeriodForm(request.POST, years=contract.years)
        if form.is_valid():
            try:
                period = services.set_reporting_period(
                    contract=contract, actor=request.user, **form.cleaned_data
                )
            except ReportError as refused:
                form.add_report_error(refused)
            else:
                messages.success(
                    request,
                    f"{period} : date limite de remise fixée au {period.due_date:%d/%m/%Y}.",
                )
                return redirect(year_url("reporting:periods", contract, period.year))
    context = periods_context(request, contract, year, form)
    return render(request, "reporting/periods.html", context)
