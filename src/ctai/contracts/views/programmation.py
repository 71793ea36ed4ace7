"""The programmation: the sheets grouped by axis, filtered and sorted (a GET form)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from ctai.contracts.forms import ProgrammationFilterForm, ProgrammationValidationForm
from ctai.contracts.views.fragments import cached_block
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
    query = request.GET.urlencode()

    def page() -> dict:
        """The results (what htmx asks for) and the whole content around them: the
        programme year is read, and the form and rows built, only when not in the cache."""
        overview = load_overview(contract, year)
        results = render_to_string(
            "contracts/includes/programmation_results.html",
            results_context(request, overview, query),
        )
        filters = render_to_string(
            "contracts/includes/programmation_filters.html",
            {
                "contract": contract,
                "year": year,
                "form": ProgrammationFilterForm(request.GET or None, overview=overview),
            },
        )
        content = render_to_string(
            "contracts/includes/programmation_content.html",
            {
                "contract": contract,
                "year": year,
                "filters": mark_safe(filters),
                "results": mark_safe(results),
            },
        )
        return {
            "results": results,
            "content": content,
            "breadcrumbs": [*contract_crumbs(contract, year), (f"Programmation {year}", None)],
        }

    html = cached_block("programmation", contract, (year, query), page)
    if is_htmx(request):
        response = HttpResponse(html["results"])
    else:
        context = {
            "contract": contract,
            "content": mark_safe(html["content"]),
            "year": year,
            "breadcrumbs": html["breadcrumbs"],
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
