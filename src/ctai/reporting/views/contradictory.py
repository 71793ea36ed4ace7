"""The contradictory evaluation of a programme year (article 7): the State's opinions, the
coordination's answers, both sign-offs, and the reopening of a closed evaluation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ctai.accounts import permissions
from ctai.contracts.views.scope import contract_crumbs, get_contract, get_year, year_url
from ctai.reporting import opinions as service
from ctai.reporting.enums import EvaluationSide
from ctai.reporting.errors import ReportError
from ctai.reporting.evaluation import FORMATS
from ctai.reporting.evaluation.data import build_evaluation
from ctai.reporting.evaluation.layout import status_counts
from ctai.reporting.forms import AnswersForm, OpinionsForm, ReopenForm, SignOffForm

PAGE = "reporting:contradictory"


def _context(
    request, contract, year: int, *, opinions_form=None, answers_form=None, reopen_form=None
):
    figures = build_evaluation(contract=contract, year=year)
    evaluation = figures.contradictory
    sheets = [row.sheet for row in figures.rows]
    opinions = {row.sheet.pk: row.opinion for row in figures.rows if row.opinion}
    is_state = permissions.is_state_reviewer(request.user, contract)
    is_coordinator = permissions.is_coordinator(request.user, contract)
    is_open = not evaluation.is_closed
    if is_state and is_open and opinions_form is None:
        opinions_form = OpinionsForm(sheets=sheets, evaluation=evaluation, opinions=opinions)
    # One form on the page: a person holding both roles (rare: the State and the coordination
    # are different organisations) writes the State's side.
    if is_coordinator and is_open and answers_form is None and opinions_form is None:
        answers_form = AnswersForm(sheets=sheets, evaluation=evaluation, opinions=opinions)
    if is_coordinator and not is_open and reopen_form is None:
        reopen_form = ReopenForm()
    rows = [
        {
            "figures": row,
            "counts": status_counts(row.status_counts, figures.finished),
            "opinion": row.opinion,
            "appraisal": opinions_form[f"appraisal_{row.sheet.pk}"] if opinions_form else None,
            "comment": opinions_form[f"comment_{row.sheet.pk}"] if opinions_form else None,
            "answer": (
                answers_form[f"answer_{row.sheet.pk}"]
                if answers_form and row.sheet.pk in answers_form.sheet_ids
                else None
            ),
        }
        for row in figures.rows
    ]
    signing = [
        {
            "side": side,
            "label": label,
            "on_behalf": "pour l'État" if side == EvaluationSide.STATE else "pour la coordination",
            "signed_at": getattr(evaluation, f"{service.side_field(side)}_signed_at"),
            "signatory": getattr(evaluation, f"{service.side_field(side)}_signatory"),
            "missing": service.missing_for_sign_off(evaluation, side),
            "may_sign": is_open and (is_state if side == EvaluationSide.STATE else is_coordinator),
        }
        for side, label in EvaluationSide.choices
    ]
    return {
        "contract": contract,
        "year": year,
        "years": list(contract.years),
        "figures": figures,
        "evaluation": evaluation,
        "status": service.status_label(evaluation),
        "rows": rows,
        "opinions_form": opinions_form,
        "answers_form": answers_form,
        "reopen_form": reopen_form,
        "signing": signing,
        "formats": FORMATS,
        "breadcrumbs": [
            *contract_crumbs(contract, year),
            (f"Évaluation contradictoire {year}", None),
        ],
    }


@require_GET
def contradictory(request, contract: int):
    """Coordinator, State reviewers and COPIL read it (``get_contract``: operators get a 404)."""
    contract = get_contract(request, contract)
    year = get_year(request, contract)
    return render(request, "reporting/contradictory.html", _context(request, contract, year))


def _done(request, contract, year: int, message: str):
    messages.success(request, message)
    return redirect(year_url(PAGE, contract, year))


def _save_side(request, contract: int, *, side: str):
    """The State's opinions (``side="opinions"``) or the coordination's answers ("answers"):
    the same form cycle, each side its own right, form, service and message."""
    allowed, refusal, form_class, save, done = SIDES[side]
    contract = get_contract(request, contract)
    if not allowed(request.user, contract):
        raise PermissionDenied(refusal)
    year = get_year(request, contract)
    evaluation = service.evaluation_of(contract, year)
    form = form_class(
        request.POST,
        sheets=service.year_sheets(contract, year),
        evaluation=evaluation,
        opinions=service.opinions_by_sheet(evaluation),
    )
    if form.is_valid():
        try:
            save(contract=contract, year=year, actor=request.user, values=form.inputs())
        except ReportError as refused:
            form.add_report_error(refused)
        else:
            return _done(request, contract, year, done)
    context = _context(request, contract, year, **{f"{side}_form": form})
    return render(request, "reporting/contradictory.html", context)


SIDES = {
    "opinions": (
        permissions.is_state_reviewer,
        "Seuls les services de l'État donnent leur avis.",
        OpinionsForm,
        lambda values, **kw: service.save_state_opinions(opinions=values, **kw),
        "Les avis de l'État sont enregistrés.",
    ),
    "answers": (
        permissions.is_coordinator,
        "Seule la coordination répond aux avis de l'État.",
        AnswersForm,
        lambda values, **kw: service.save_answers(answers=values, **kw),
        "Les réponses de la coordination sont enregistrées.",
    ),
}


@require_POST
def save_opinions(request, contract: int):
    return _save_side(request, contract, side="opinions")


@require_POST
def save_answers(request, contract: int):
    return _save_side(request, contract, side="answers")


@require_POST
def sign_off(request, contract: int):
    """The State or the coordination signs; the side is the button's (or the person's only
    side)."""
    contract = get_contract(request, contract)
    sides = [
        side
        for side, allowed in (
            (EvaluationSide.STATE, permissions.is_state_reviewer(request.user, contract)),
            (EvaluationSide.COORDINATION, permissions.is_coordinator(request.user, contract)),
        )
        if allowed
    ]
    if not sides:
        raise PermissionDenied("Seuls l'État et la coordination signent l'évaluation.")
    year = get_year(request, contract)
    form = SignOffForm(request.POST)
    side = form.cleaned_data["side"] if form.is_valid() else sides[0]
    try:
        evaluation = service.sign_off(contract=contract, year=year, actor=request.user, side=side)
    except ReportError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect(year_url(PAGE, contract, year))
    closed = " Les deux parties ont signé : l'évaluation est close." if evaluation.is_closed else ""
    return _done(request, contract, year, f"Évaluation {year} signée.{closed}")


@require_POST
def reopen(request, contract: int):
    contract = get_contract(request, contract)
    if not permissions.is_coordinator(request.user, contract):
        raise PermissionDenied("Seule la coordination rouvre une évaluation close.")
    year = get_year(request, contract)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            service.reopen(
                contract=contract, year=year, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ReportError as refused:
            form.add_report_error(refused)
        else:
            return _done(
                request,
                contract,
                year,
                "L'évaluation est rouverte : les signatures sont à redonner.",
            )
    context = _context(request, contract, year, reopen_form=form)
    return render(request, "reporting/contradictory.html", context)
