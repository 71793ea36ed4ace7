"""The programmation: the sheets grouped by axis, filtered and sorted (a GET form)."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from ctai.contracts.forms import ProgrammationFilterForm, ProgrammationValidationForm
from ctai.contracts.views.fragments import cached_fragment
from ctai.contracts.views.scope import contract_crumbs, get_contract, get_year, year_url
from ctai.programmation.selectors import Overview, Totals, load_overview, programmation_rows
from ctai.programmation.validation import programmation_validate


def is_htmx(request) -> bool:
    """An htmx request for the results only (not a history restoration of the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def results_context(request, overview: Overview, query: str) -> dict:
    form = ProgrammationFilterForm(request.GET or None, overview=overview)
    rows = programmation_rows(overview, form.filters())
    export = request.GET.copy()
    export["annee"] = str(overview.year)
    return {
        "contract": overview.contract,
        "overview": overview,
        "groups": overview.groups(rows),
        "totals": Totals.of(rows),
        "query": export.urlencode(),
    }


@require_GET
def programmation(request, contract: int):
    contract = get_contract(request, contract)
    year = get_year(request, contract)
    # The programme year is read, and the form and rows built, only when a fragment is not
    # in the cache.
    overview = functools.cache(lambda: load_overview(contract, year))
    query = request.GET.urlencode()
    results = cached_fragment(
        "contracts/includes/programmation_results.html",
        contract,
        (year, query),
        lambda: results_context(request, overview(), query),
    )
    if is_htmx(request):
        response = HttpResponse(results)
    else:
        filters = cached_fragment(
            "contracts/includes/programmation_filters.html",
            contract,
            (year, query),
            lambda: {
                "contract": contract,
                "year": year,
                "form": ProgrammationFilterForm(request.GET or None, overview=overview()),
            },
        )
        context = {
            "contract": contract,
            "filters": filters,
            "results": results,
            "year": year,
            "breadcrumbs": [*contract_crumbs(contract, year), (f"Programmation {year}", None)],
        }
        response = render(request, "contracts/programmation.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def validate(request, contract: int):
    """The coordinator validates a year's programmation: from then on, budget lines and
    targets change only with a reason."""
    contract = get_contract(request, contract, edit=True)
    form = ProgrammationValidationForm(request.POST, envelopes=contract.envelopes.all())
    if not form.is_valid():
        messages.error(request, "Choisissez une année du contrat à valider.")
        return redirect("contracts:dashboard", contract=contract.pk)
    year = form.cleaned_data["annee"]
    dashboard = year_url("contracts:dashboard", contract, year)
    try:
        programmation_validate(
            actor=request.user,
            contract=contract,
            year=year,
            confirm=form.cleaned_data["confirmer"],
            reason=form.cleaned_data["motif"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"Programmation {year} validée : toute modification d'un budget ou d'une valeur "
            "cible demandera désormais un motif, conservé dans l'historique.",
        )
    return redirect(dashboard)
