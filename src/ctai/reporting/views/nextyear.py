"""Next year's programmation, prepared from the current one (coordinator only)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ctai.contracts.forms import reason_field
from ctai.contracts.views.scope import contract_crumbs, get_contract, report_delta
from ctai.programmation import nextyear
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


class CarryoverForm(forms.Form):
    """ "Reporter les reliquats": the year whose carry-over moves, and the reason when the
    next year's figures are settled (its programmation validated)."""

    from_year = forms.TypedChoiceField(label="Reliquats de l'année", coerce=int)
    motif = reason_field()

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(contract.years)[:-1]
        self.fields["from_year"].choices = [(y, f"{y} → programmation {y + 1}") for y in years]
        validated = {
            e.year for e in contract.envelopes.all() if e.programmation_validated_at is not None
        }
        self.settled_years = sorted(y + 1 for y in years if y + 1 in validated)
        self.fields["motif"].help_text = (
            "Exigé quand la programmation de l'année qui reçoit les reliquats est validée "
            f"({', '.join(map(str, self.settled_years))}) ; conservé dans l'historique."
        )


def _context(contract, form, result=None) -> dict:
    return {
        "contract": contract,
        "form": form,
        "carryover_form": CarryoverForm(contract=contract),
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
            result = nextyear.create_next_programmation(
                contract=contract,
                from_year=form.cleaned_data["from_year"],
                keep_targets=form.cleaned_data["keep_targets"],
                actor=request.user,
            )
        except ReportError as refused:
            form.add_report_error(refused)
        except ValidationError as refused:  # settled figures of the next year (a reason)
            form.add_error(None, refused)
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
    form = CarryoverForm(request.POST, contract=contract)
    if not form.is_valid():
        messages.error(request, "Choisissez l'année dont les reliquats sont à reporter.")
        return redirect("reporting:next_programmation", contract=contract.pk)
    try:
        result = nextyear.apply_carryover(
            contract=contract,
            from_year=form.cleaned_data["from_year"],
            actor=request.user,
            reason=form.cleaned_data["motif"] or None,
        )
    except (ReportError, ValidationError) as refused:  # nothing was written
        for message in refused.messages:
            messages.error(request, f"Reliquats non reportés : {message}")
    else:
        messages.success(
            request, f"Reliquats reportés sur {len(result.applied)} fiche(s) de {result.year}."
        )
        report_delta(request, result.findings)
    return redirect("reporting:next_programmation", contract=contract.pk)
