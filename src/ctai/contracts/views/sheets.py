"""The action-sheet page and its editing, section by section."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.budget.models import BudgetExtraLine
from ctai.contracts.forms import SECTION_FORMS, ExtraLineForm, IndicatorAddForm
from ctai.contracts.views.scope import get_sheet, report_delta, sheet_crumbs, sheet_url
from ctai.contracts.views.sheet_page import sheet_context
from ctai.indicators.models import ActionIndicator
from ctai.programmation import services
from ctai.reporting.selectors import sheet_reports


@require_GET
def sheet_detail(request, contract: int, year: int, number: int):
    sheet = get_sheet(request, contract, year, number)
    context = sheet_context(sheet)
    context["can_edit"] = permissions.can_edit_programmation(request.user, sheet.contract)
    context["can_see_history"] = permissions.can_view_history(request.user, sheet.contract)
    context["breadcrumbs"] = [
        *sheet_crumbs(sheet, request.user)[:-1],
        (f"Fiche n° {sheet.number}", None),
    ]
    context["report_rows"] = sheet_reports(sheet, request.user)
    context["keeps_register"] = permissions.is_operator_member(request.user, sheet)
    return render(request, "contracts/sheet.html", context)


def _saved(request, sheet, result: services.SaveResult, anchor: str, what: str):
    messages.success(request, what)
    report_delta(request, result.delta)
    return redirect(sheet_url(sheet, anchor))


def _refused(request, sheet, error: ValidationError, anchor: str):
    for message in error.messages:
        messages.error(request, message)
    return redirect(sheet_url(sheet, anchor))


def _edit_page(request, sheet, form, *, heading: str, template: str, conflict=None):
    return render(
        request,
        template,
        {
            "sheet": sheet,
            "contract": sheet.contract,
            "form": form,
            "heading": heading,
            "conflict": conflict,
            "breadcrumbs": [*sheet_crumbs(sheet), (heading, None)],
        },
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def sheet_edit(request, contract: int, year: int, number: int, section: str):
    sheet = get_sheet(request, contract, year, number, edit=True)
    form_class = SECTION_FORMS.get(section)
    if form_class is None:
        raise Http404("Section inconnue.")
    form = form_class(request.POST or None, action=sheet)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            result = _save(form)
        except services.EditConflict as error:
            conflict = error
            form.refresh_after_conflict(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, sheet, result, section, f"{form.heading} : enregistré.")
    return _edit_page(
        request,
        sheet,
        form,
        heading=form.heading,
        template="contracts/sheet_edit.html",
        conflict=conflict,
    )


def _add(request, sheet, form_class, *, anchor: str, done: str, heading: str):
    """An "add" page: the form, then the domain operation with the reason given, if any."""
    form = form_class(request.POST or None, action=sheet)
    if form.is_bound and form.is_valid():
        try:
            result = _save(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, sheet, result, anchor, done)
    return _edit_page(request, sheet, form, heading=heading, template="contracts/sheet_add.html")


def _save(form) -> services.SaveResult:
    """The form's domain operation; a form with a "Motif" field passes it as the reason
    (required once the figures are settled: ``ctai.programmation.guards``)."""
    return form.save()


@require_http_methods(["GET", "POST"])
def indicator_add(request, contract: int, year: int, number: int):
    sheet = get_sheet(request, contract, year, number, edit=True)
    return _add(
        request,
        sheet,
        IndicatorAddForm,
        anchor="indicateurs",
        done="Indicateur ajouté.",
        heading="Ajouter un indicateur",
    )


@require_POST
def indicator_delete(request, contract: int, year: int, number: int, indicator: int):
    sheet = get_sheet(request, contract, year, number, edit=True)
    indicator = get_object_or_404(ActionIndicator, pk=indicator, action=sheet)
    try:
        result = services.indicator_delete(action=sheet, indicator=indicator)
    except ValidationError as error:
        return _refused(request, sheet, error, "indicateurs")
    return _saved(request, sheet, result, "indicateurs", "Indicateur supprimé.")


@require_http_methods(["GET", "POST"])
def extra_line_add(request, contract: int, year: int, number: int):
    sheet = get_sheet(request, contract, year, number, edit=True)
    return _add(
        request,
        sheet,
        ExtraLineForm,
        anchor="budget",
        done="Ligne de budget ajoutée.",
        heading="Ajouter une ligne de budget",
    )


@require_POST
def extra_line_delete(request, contract: int, year: int, number: int, line: int):
    sheet = get_sheet(request, contract, year, number, edit=True)
    line = get_object_or_404(BudgetExtraLine, pk=line, budget__action=sheet)
    try:
        result = services.budget_extra_line_delete(action=sheet, line=line)
    except ValidationError as error:
        return _refused(request, sheet, error, "budget")
    return _saved(request, sheet, result, "budget", "Ligne de budget supprimée.")
