"""Reporting periods of a contract (périodes de bilan): due dates, and every report's state."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ctai.accounts import permissions
from ctai.contracts.views.scope import contract_crumbs, get_contract
from ctai.reporting import services
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import PeriodForm
from ctai.reporting.models import ReportingPeriod
from ctai.reporting.selectors import due_reports


def periods_context(request, contract, form: PeriodForm | None) -> dict:
    rows = due_reports(contract=contract, user=request.user)
    periods = []
    for period in ReportingPeriod.objects.for_contract(contract):
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
        "periods": periods,
        "can_edit": can_edit,
        "form": (form or PeriodForm()) if can_edit else None,
        "breadcrumbs": [*contract_crumbs(contract), ("Périodes de bilan", None)],
    }


@require_http_methods(["GET", "POST"])
def periods(request, contract: int):
    """Everyone who sees the whole contract reads it; the coordinator sets the due dates."""
    contract = get_contract(request, contract, edit=request.method == "POST")
    form = None
    if request.method == "POST":
        form = PeriodForm(request.POST)
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
                return redirect("reporting:periods", contract=contract.pk)
    return render(request, "reporting/periods.html", periods_context(request, contract, form))
