"""Next year's programmation, prepared from the current one (coordinator only)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ctai.contracts.views.scope import contract_crumbs, get_contract, report_delta
from ctai.reporting import services
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import NextProgrammationForm


class NextYearForm(NextProgrammationForm):
    from_year = forms.TypedChoiceField(label="Programmation à reprendre", coerce=int)

    field_order = ["from_year", "keep_targets"]

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(contract.years)[:-1]
        self.fields["from_year"].choices = [(y, f"{y} → programmation {y + 1}") for y in years]
        self.fields["from_year"].help_text = (
            "Les fiches, budgets et indicateurs de cette année sont copiés sur l'année suivante, "
            "avec les reliquats des bilans finaux validés."
        )
        current = contract.current_year()
        if years:
            self.initial.setdefault("from_year", current if current in years else years[-1])


def _context(contract, form, result=None) -> dict:
    return {
        "contract": contract,
        "form": form,
        "result": result,
        "breadcrumbs": [*contract_crumbs(contract), ("Programmation suivante", None)],
    }


@require_http_methods(["GET", "POST"])
def next_programmation(request, contract: int):
    contract = get_contract(request, contract, edit=True)
    form = NextYearForm(request.POST or None, contract=contract)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.create_next_programmation(
                contract=contract,
                from_year=form.cleaned_data["from_year"],
                keep_targets=form.cleaned_data["keep_targets"],
                actor=request.user,
            )
        except ReportError as refused:
            form.add_report_error(refused)
        else:
            messages.success(
                request,
                f"Programmation {result.year} préparée : {len(result.sheets)} fiche"
                f"{'s' if len(result.sheets) > 1 else ''} copiée"
                f"{'s' if len(result.sheets) > 1 else ''}.",
            )
            report_delta(request, result.findings)
    return render(request, "reporting/next_programmation.html", _context(contract, form, result))


@require_POST
def apply_carryover(request, contract: int):
    """Carry the unspent P104 of final reports validated since into next year's sheets."""
    contract = get_contract(request, contract, edit=True)
    form = NextYearForm(request.POST, contract=contract)
    form.fields["keep_targets"].required = False
    if not form.is_valid():
        messages.error(request, "Choisissez l'année dont les reliquats sont à reporter.")
        return redirect("reporting:next_programmation", contract=contract.pk)
    try:
        result = services.apply_carryover(
            contract=contract, from_year=form.cleaned_data["from_year"], actor=request.user
        )
    except ReportError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"Reliquats reportés sur {len(result.applied)} fiche(s) de {result.year}."
        )
        report_delta(request, result.findings)
    return redirect("reporting:next_programmation", contract=contract.pk)
