"""The action-sheet page and its editing, section by section."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.accounts.kept import take_back
from ctai.amendments.models import Amendment
from ctai.budget.models import BudgetExtraLine
from ctai.checks import wording
from ctai.contracts.forms import SECTION_FORMS, ExtraLineForm, IndicatorAddForm
from ctai.contracts.views.fragments import CSRF_PLACEHOLDER, cached_block
from ctai.contracts.views.scope import get_sheet, report_delta, sheet_crumbs, sheet_url
from ctai.contracts.views.sheet_page import sheet_context
from ctai.governance.dashboard import sheet_decisions
from ctai.indicators.models import ActionIndicator
from ctai.programmation import services
from ctai.reporting import conversations
from ctai.reporting.forms import CommentForm
from ctai.reporting.models import SheetComment
from ctai.reporting.selectors import sheet_reports
from ctai.reporting.views.workflow import post_message


@require_GET
def sheet_detail(request, contract: int, year: int, number: int):
    return _sheet_page(request, get_sheet(request, contract, year, number))


PROGRAMME_PARTS = ("head", "programme", "aside")


def _programme_html(sheet, flags: dict) -> dict:
    """The sheet's programme part (identification, findings, budget, indicators, provenance)
    rendered once per contract stamp and per way of showing it (``flags``), the same for
    everyone with the same rights, with ``CSRF_PLACEHOLDER`` in place of the token."""

    def render_parts() -> dict:
        context = {**sheet_context(sheet), **flags, "csrf_token": CSRF_PLACEHOLDER}
        if flags["reports_first"]:
            for key in ("findings", "budget_findings"):
                context[key] = [wording.for_operator(f) for f in context[key]]
        return {
            part: render_to_string(f"contracts/includes/sheet_{part}.html", context)
            for part in PROGRAMME_PARTS
        }

    parts = (sheet.year, sheet.number, *sorted(flags.items()))
    return cached_block("sheet-html", sheet.contract, parts, render_parts)


def _readers_part(user, sheet, operator: bool, whole: bool, today) -> dict:
    """The sheet's reports (what to do next), its amendments and its COPIL decisions (for the
    whole-contract readers: coordination, State, COPIL), as the person's scope on the
    contract shows them."""
    return {
        "report_rows": sheet_reports(sheet, user, operator=operator, today=today),
        "sheet_amendments": list(Amendment.objects.for_user(user).concerning(sheet)),
        "sheet_decisions": sheet_decisions(sheet) if whole else None,
    }


def _page_html(request, sheet, operator: bool, flags: dict) -> dict:
    """Everything of the sheet page but its conversation, as HTML, and its breadcrumbs:
    computed once per contract stamp, the person's scope on the contract (which decides
    ``flags`` and what the reports, amendments and decisions show) and the day (what is late
    changes at midnight); reports, amendments and decisions are audited, so their writes move
    the stamp. The programme part inside is shared by everyone with the same ``flags``. The
    HTML holds ``CSRF_PLACEHOLDER`` in place of the token."""
    user, contract = request.user, sheet.contract
    whole = permissions.can_view_whole_contract(user, contract)
    today = timezone.localdate()

    def render_page() -> dict:
        programme = _programme_html(sheet, flags)
        context = {
            "sheet": sheet,
            "contract": contract,
            "programme_html": {part: mark_safe(html) for part, html in programme.items()},
            **flags,
            **_readers_part(user, sheet, operator, whole, today),
            "keeps_register": operator,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        return {
            "main": render_to_string("contracts/includes/sheet_main.html", context),
            "after": render_to_string("contracts/includes/sheet_after.html", context),
            "aside": programme["aside"],
            "breadcrumbs": [
                *sheet_crumbs(sheet, user)[:-1],
                (f"Fiche n° {sheet.number}", None),
            ],
        }

    parts = (
        sheet.year,
        sheet.number,
        permissions.scope(user, contract),
        operator,
        whole,
        *sorted(flags.items()),
        today,
    )
    return cached_block("sheet-page", contract, parts, render_page)


CONVERSATION = "contracts/includes/sheet_conversation.html"


def _conversation_html(request, sheet, comment_form: CommentForm | None) -> str:
    """The sheet's conversation, with the person's CSRF token in place of
    ``CSRF_PLACEHOLDER``. The messages are read on every request; their HTML is cached by
    everything it shows (the authors' names too, which a person may change without the
    contract's stamp moving), the same for everyone who may read the sheet. A form sent back
    with its errors is rendered for its person."""
    context = {"sheet": sheet, "contract": sheet.contract}

    def thread() -> list:
        return list(sheet.comments.select_related("author"))

    if comment_form is not None:
        return render_to_string(
            CONVERSATION,
            {**context, "sheet_thread": thread(), "comment_form": comment_form},
            request,
        )
    return cached_block(
        "sheet-conversation",
        sheet.contract,
        (sheet.year, sheet.number, conversations.shown(SheetComment, sheet.pk)),
        lambda: render_to_string(
            CONVERSATION,
            {
                **context,
                "sheet_thread": thread(),
                "comment_form": CommentForm(),
                "csrf_token": CSRF_PLACEHOLDER,
            },
        ),
    )


def _sheet_page(request, sheet, comment_form: CommentForm | None = None):
    operator = permissions.is_operator_member(request.user, sheet)
    can_edit = permissions.can_edit_programmation(request.user, sheet.contract)
    flags = {
        "can_edit": can_edit,
        "can_see_history": permissions.can_view_history(request.user, sheet.contract),
        # The operator's page: its reports first, the findings said to someone who cannot
        # edit.
        "reports_first": operator and not can_edit,
    }
    page = _page_html(request, sheet, operator, flags)
    conversation = _conversation_html(request, sheet, comment_form)
    # This person's token, put in the cached HTML and given to the base template (one token
    # a page).
    token = get_token(request)
    context = {
        "sheet": sheet,
        "contract": sheet.contract,
        "csrf_token": token,
        "page": {part: mark_safe(page[part].replace(CSRF_PLACEHOLDER, token)) for part in PAGE},
        "conversation": mark_safe(conversation.replace(CSRF_PLACEHOLDER, token)),
        "breadcrumbs": page["breadcrumbs"],
    }
    return render(request, "contracts/sheet.html", context)


PAGE = ("main", "after", "aside")


@require_POST
def sheet_comment(request, contract: int, year: int, number: int):
    """Post a message, or a reply, in the sheet's conversation: whoever may read the sheet (a
    sheet they may not read answers 404)."""
    sheet = get_sheet(request, contract, year, number)
    form = CommentForm(request.POST)
    written = post_message(
        request,
        form,
        thread=sheet.comments,
        write=lambda **given: conversations.comment_sheet(sheet=sheet, **given),
        url=sheet_url(sheet),
    )
    return written or _sheet_page(request, sheet, comment_form=form)


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
    if request.method == "POST" and request.headers.get("HX-Request"):
        return _autosave(request, sheet, form_class)
    typed = take_back(request) if request.method == "GET" else None
    form = form_class(request.POST or typed, action=sheet)
    if typed is not None:
        messages.info(
            request,
            "Votre session avait expiré : ce que vous aviez saisi est rétabli ci-dessous. "
            "Vérifiez-le puis enregistrez.",
        )
    conflict = None
    # Kept typing is shown to be checked, never saved on a GET.
    if request.method == "POST" and form.is_valid():
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


def _autosave(request, sheet, form_class):
    """The section saved as the coordinator types (htmx, ADR 0010): the same form and service
    as the button; the answer is the status line, the new version and snapshot."""
    form = form_class(request.POST, action=sheet)
    problem, fields = "", []
    if not form.is_valid():
        problem = "Non enregistré : corrigez d'abord les valeurs signalées, puis enregistrez."
    else:
        try:
            _save(form)
        except services.EditConflict:
            problem = (
                "Non enregistré : quelqu'un d'autre a modifié cette fiche entre-temps. "
                "Cliquez sur « Enregistrer » pour voir ses valeurs à côté des vôtres."
            )
        except ValidationError as error:
            problem = "Non enregistré : " + " ".join(error.messages)
        else:
            sheet.refresh_from_db()
            fresh = form_class(action=sheet)
            fields = [(name, fresh.initial[name]) for name in ("version", "snapshot")]
    return render(
        request,
        "includes/autosave_status.html",
        {"problem": problem, "at": timezone.localtime(), "what": "Fiche", "fields": fields},
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
