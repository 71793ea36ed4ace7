"""The programmation: the sheets grouped by axis, filtered and sorted (a GET form)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from ctai.contracts.forms import ProgrammationFilterForm
from ctai.contracts.selectors import Overview, Totals, load_overview, programmation_rows
from ctai.contracts.views.fragments import cached_fragment
from ctai.contracts.views.scope import contract_crumbs, get_contract


def is_htmx(request) -> bool:
    """An htmx request for the results only (not a history restoration of the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def results_context(request, overview: Overview, query: str) -> dict:
    form = ProgrammationFilterForm(request.GET or None, overview=overview)
    rows = programmation_rows(overview, form.filters())
    return {
        "contract": overview.contract,
        "overview": overview,
        "groups": overview.groups(rows),
        "totals": Totals.of(rows),
        "query": query,
    }


@require_GET
def programmation(request, contract: int):
    contract = get_contract(request, contract)
    overview = load_overview(contract)
    query = request.GET.urlencode()
    # The form and the rows are only built when a fragment is not in the cache.
    results = cached_fragment(
        "contracts/includes/programmation_results.html",
        overview,
        query,
        lambda: results_context(request, overview, query),
    )
    if is_htmx(request):
        response = HttpResponse(results)
    else:
        filters = cached_fragment(
            "contracts/includes/programmation_filters.html",
            overview,
            query,
            lambda: {
                "contract": contract,
                "form": ProgrammationFilterForm(request.GET or None, overview=overview),
            },
        )
        context = {
            "contract": contract,
            "filters": filters,
            "results": results,
            "breadcrumbs": [*contract_crumbs(contract), ("Programmation", None)],
        }
        response = render(request, "contracts/programmation.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
