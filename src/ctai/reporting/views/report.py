"""The report page of a sheet for a period (bilan): read, fill, save as draft."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.accounts.kept import take_back
from ctai.checks import wording
from ctai.contracts.views.fragments import CSRF_PLACEHOLDER, cached_block
from ctai.contracts.views.scope import sheet_crumbs
from ctai.participants.computed import compare, compared_indicators, suppressed
from ctai.reporting import services
from ctai.reporting.display import status_badge
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import AttachmentForm, CommentForm, ReportForm, ReturnForm
from ctai.reporting.models import SPENDING_LINES, ReportComment, ReportTransition
from ctai.reporting.selectors import indicator_figures, report_findings, sheet_budget
from ctai.reporting.views.scope import ReportScope, get_report_scope, require_operator


def indicator_rows(scope: ReportScope, form: ReportForm | None) -> list[dict]:
    rows = []
    for figures in indicator_figures(scope.sheet, scope.report):
        pk = figures.indicator_id
        label, css = status_badge(figures.status())
        rows.append(
            {
                "figures": figures,
                "status_label": label,
                "status_class": css,
                # A qualitative indicator has no number box: its text is the value.
                "value": form[f"indicator_{pk}"]
                if form and f"indicator_{pk}" in form.fields
                else None,
                "comment": form[f"comment_{pk}"] if form else None,
            }
        )
    return rows


def spending_rows(scope: ReportScope, form: ReportForm | None) -> list[dict]:
    budget = sheet_budget(scope.sheet)
    spent = {}
    if scope.report:
        spent = {
            (s.budget_line, s.extra_line_id): s.amount for s in scope.report.spending_lines.all()
        }
    rows = [
        {
            "label": label,
            "planned": getattr(budget, code) if budget else None,
            "spent": spent.get((code, None)),
            "field": form[f"line_{code}"] if form else None,
        }
        for code, label in SPENDING_LINES
    ]
    for line in budget.extra_lines.all() if budget else []:
        rows.append(
            {
                "label": f"{line.label or 'Ligne sans libellé'} (ligne ajoutée)",
                "planned": line.amount,
                "spent": spent.get(("", line.pk)),
                "field": form[f"extra_{line.pk}"] if form else None,
            }
        )
    return rows


def register_context(scope: ReportScope, *, own: bool) -> dict:
    """The register's values next to the declared ones (issue 16); outside the operator's own
    page, small cells are shown as "< 5". Which indicators to compare, and the declared values,
    are kept with the contract's stamp; the register's figures (attendance, sessions: not
    stamped) are computed on each request, only for a sheet whose operator keeps a register."""
    report = scope.report

    def compute() -> dict:
        return {
            "indicators": compared_indicators(scope.sheet),
            "declared": {a.indicator_id: a.value for a in report.achievements.all()},
        }

    found = cached_block(
        "report-register", scope.sheet.contract, (scope.sheet.pk, report.pk), compute
    )
    rows = [
        {
            "label": row.label,
            "declared": row.declared,
            "shown": row.computed if own else suppressed(row.computed),
            "differs": row.differs,
        }
        for row in compare(scope.sheet, found["declared"], found["indicators"])
    ]
    return {
        "register_rows": rows,
        "register_own": own,
        "register_differs": [row for row in rows if row["differs"]],
    }


def worded_findings(report, *, operator: bool) -> list:
    """The report's findings; for its operator, worded for them (``ctai.checks.wording``):
    what they can still do depends on whether the report is still theirs to change."""
    if report is None:
        return []
    findings = report_findings(report)
    if not operator:
        return findings
    return [
        wording.for_report_operator(f, status=report.status, editable=report.is_editable)
        for f in findings
    ]


def load_contents(scope: ReportScope) -> None:
    """What the report's figures read (``with_contents``), once, for a report fetched
    alone."""
    report = scope.report
    if getattr(report, "_ctai_contents", False):
        return
    prefetch_related_objects(
        [report],
        "achievements__indicator__definition",
        "spending_lines__extra_line",
        "attachments",
    )
    prefetch_related_objects([scope.sheet], "indicators__definition", "budget__extra_lines")
    report._ctai_contents = True


def _cached_context(scope: ReportScope, **extra) -> dict:
    """The context of a part cached as HTML: the report's objects, the CSRF placeholder."""
    sheet = scope.sheet
    return {
        "sheet": sheet,
        "contract": sheet.contract,
        "period": scope.period,
        "report": scope.report,
        "csrf_token": CSRF_PLACEHOLDER,
        **extra,
    }


def report_html(
    request,
    scope: ReportScope,
    *,
    operator: bool,
    editable: bool,
    fresh_form: bool,
    decision: dict | None,
) -> dict:
    """The report's findings and, outside the operator's form, its indicators, spending,
    narrative and attachments, rendered once per contract stamp (every write to the report,
    its contents or the sheet moves it), report version and way of showing it, the same for
    everyone with the same scope on the contract; this person's CSRF token put in on the way
    out. ``fresh_form``: the operator's form (and attachments) as opened, filled from the
    report of this version (not sent back with errors, nor typed before a session expired).
    ``decision``: the coordination's decision block, when its forms are not sent back with
    errors (``can_decide``, ``can_validate``, ``return_form``)."""
    report, sheet = scope.report, scope.sheet

    def render_parts() -> dict:
        load_contents(scope)
        context = _cached_context(
            scope,
            editable=editable,
            form=None,
            findings=worded_findings(report, operator=operator),
        )
        parts = {"findings": "reporting/includes/report_findings.html"}
        if not editable:
            context["indicators"] = indicator_rows(scope, None)
            context["spending"] = spending_rows(scope, None)
            parts["read"] = "reporting/includes/report_read.html"
        elif fresh_form:
            form = ReportForm(report=report)
            context["form"] = form
            context["indicators"] = indicator_rows(scope, form)
            context["spending"] = spending_rows(scope, form)
            context["attachment_form"] = AttachmentForm()
            parts["form"] = "reporting/includes/report_form.html"
        if decision is not None:
            context.update(decision)
            parts["decision"] = "reporting/includes/report_decision.html"
        return {part: render_to_string(name, context) for part, name in parts.items()}

    key = (
        sheet.pk,
        scope.period.pk,
        report.pk,
        report.version,
        report.status,
        operator,
        editable,
        fresh_form,
        permissions.scope(request.user, sheet.contract),
        decision and (decision["can_decide"], decision["can_validate"]),
    )
    return with_token(request, cached_block("report-html", sheet.contract, key, render_parts))


def with_token(request, html: dict) -> dict:
    """Cached parts with this person's CSRF token in place of the placeholder."""
    if not any(CSRF_PLACEHOLDER in text for text in html.values()):
        return {part: mark_safe(text) for part, text in html.items()}
    token = get_token(request)
    return {part: mark_safe(text.replace(CSRF_PLACEHOLDER, token)) for part, text in html.items()}


def load_history(report) -> None:
    """The report's workflow log and conversation, with their authors, once."""
    prefetch_related_objects(
        [report],
        Prefetch("transitions", queryset=ReportTransition.objects.select_related("by")),
        Prefetch("comments", queryset=ReportComment.objects.select_related("author")),
    )


def last_return(report):
    return next((t for t in reversed(report.transitions.all()) if t.transition == "return"), None)


def history_html(request, scope: ReportScope, *, can_comment: bool) -> tuple[dict, set[int]]:
    """The return banner, the conversation and the journal of the report, rendered once per
    contract stamp (messages and transitions are audited), report version and the names of
    the people in them, read on each request (a person renames themselves without touching
    the contract); with who submitted the report (``services.submitters``)."""
    report, sheet = scope.report, scope.sheet

    def people() -> dict:
        load_history(report)
        return {
            "ids": sorted(
                {t.by_id for t in report.transitions.all()}
                | {c.author_id for c in report.comments.all()}
            ),
            "submitters": services.submitters(report),
        }

    known = cached_block("report-people", sheet.contract, (report.pk,), people)
    names = ()
    if known["ids"]:
        names = tuple(
            get_user_model()
            .objects.filter(pk__in=known["ids"])
            .order_by("pk")
            .values_list("pk", "first_name", "last_name", "username")
        )

    def render_parts() -> dict:
        load_history(report)
        context = _cached_context(
            scope,
            last_return=last_return(report),
            can_comment=can_comment,
            comment_form=CommentForm() if can_comment else None,
        )
        return {
            "banner": render_to_string("reporting/includes/report_return.html", context),
            "history": render_to_string("reporting/includes/report_history.html", context),
        }

    key = (
        report.pk,
        report.version,
        report.status,
        can_comment,
        names,
        permissions.scope(request.user, sheet.contract),
    )
    html = cached_block("report-history", sheet.contract, key, render_parts)
    return with_token(request, html), known["submitters"]


def report_context(request, scope: ReportScope, **forms) -> dict:
    """Everything the page shows; ``forms`` are bound forms sent back with their errors."""
    user, report, contract = request.user, scope.report, scope.sheet.contract
    is_operator = permissions.is_operator_member(user, scope.sheet)
    context = {
        "scope": scope,
        "sheet": scope.sheet,
        "contract": contract,
        "period": scope.period,
        "report": report,
        "late": scope.period.is_past_due() and (report is None or report.is_editable),
        "is_operator": is_operator,
        "can_start": is_operator and not scope.exists,
        "breadcrumbs": [*sheet_crumbs(scope.sheet, request.user), (str(scope.period), None)],
    }
    if report is None:
        # Not started (or not visible): the page says so, nothing else to show.
        context["editable"] = False
        context["refusals"] = [
            error
            for bound in forms.values()
            if bound is not None
            for error in bound.non_field_errors()
        ]
        return context
    is_coordinator = permissions.is_coordinator(user, contract)
    editable = report.is_editable and is_operator
    form = forms.get("form")
    if form is None and editable:
        typed = take_back(request)
        if typed is not None:
            # Typed before the session expired: shown again, to check then save.
            typed["version"] = str(report.version)
            form = ReportForm(typed, report=report)
            messages.info(
                request,
                "Votre session avait expiré : ce que vous aviez saisi est rétabli ci-dessous. "
                "Vérifiez-le puis enregistrez.",
            )
    # The form as opened comes with the cached rendering; otherwise it is rendered here.
    fresh_form = editable and form is None and forms.get("attachment_form") is None
    if editable and form is None and not fresh_form:
        form = ReportForm(report=report)
    submitted = report.status == ReportStatus.SUBMITTED
    # Whoever reads the report writes in its conversation (a draft has none yet).
    can_comment = report.status != ReportStatus.DRAFT
    shown = {
        "form": editable,
        "attachment_form": editable,
        "return_form": is_coordinator and submitted,
        "comment_form": can_comment,
    }
    context.update(
        {
            # A refusal for a form the page no longer shows (the report was submitted
            # meanwhile...)
            "refusals": [
                error
                for name, bound in forms.items()
                if bound is not None and not shown[name]
                for error in bound.non_field_errors()
            ],
            "editable": editable,
            "form": form if editable else None,  # None: in report_html
            # Each form only where the page shows it (the conversation's comes with its
            # cached rendering, unless sent back with errors).
            "comment_form": forms.get("comment_form"),
            "can_comment": can_comment,
            "attachment_form": (forms.get("attachment_form") or AttachmentForm())
            if editable and not fresh_form
            else None,
            **register_context(scope, own=is_operator),
        }
    )
    history, submitters = {}, None
    if forms.get("comment_form") is None:
        history, submitters = history_html(request, scope, can_comment=can_comment)
    else:  # sent back with its errors: rendered here
        load_history(report)
        context["last_return"] = last_return(report)
    decision = {
        "can_decide": shown["return_form"],
        # The predicate the validation itself enforces (nobody validates what they submitted).
        "can_validate": services.can_validate(report=report, actor=user, submitted=submitters),
        "return_form": forms.get("return_form") or ReturnForm(initial={"version": report.version}),
    }
    context.update(decision)
    context["report_html"] = report_html(
        request,
        scope,
        operator=is_operator and not is_coordinator,
        editable=editable,
        fresh_form=fresh_form,
        decision=None if forms.get("return_form") else decision,
    )
    context["report_html"].update(history)
    if editable and not fresh_form:
        load_contents(scope)
        context["indicators"] = indicator_rows(scope, form)
        context["spending"] = spending_rows(scope, form)
    return context


def render_report(request, scope: ReportScope, **forms):
    return render(request, "reporting/report.html", report_context(request, scope, **forms))


def save(request, scope: ReportScope):
    """Bind the operator's form and save it as a draft: the report, or the page with errors."""
    report = scope.report
    form = ReportForm(request.POST, report=report)
    if not form.is_valid():
        return None, render_report(request, scope, form=form)
    try:
        saved = services.save_draft(report=report, actor=request.user, **form.inputs())
    except ReportError as refused:
        form.add_report_error(refused)
        return None, render_report(request, scope, form=form)
    return saved, None


@require_http_methods(["GET", "POST"])
def report_page(request, contract: int, year: int, number: int, kind: str):
    if request.method == "GET":
        # The report alone: what the page shows comes mostly from its cache (report_html).
        scope = get_report_scope(request, contract, year, number, kind, contents=False)
        return render_report(request, scope)
    scope = get_report_scope(request, contract, year, number, kind)
    require_operator(request, scope)
    if scope.report is None:
        return start(request, contract, year, number, kind)
    if request.headers.get("HX-Request"):
        return autosave(request, scope)
    _, page = save(request, scope)
    if page is not None:
        return page
    messages.success(request, "Brouillon enregistré.")
    return redirect(scope.url)


def autosave(request, scope: ReportScope):
    """The draft saved as the operator types (htmx): the same service as the button; the
    answer is the status line and the new version of the form."""
    form = ReportForm(request.POST, report=scope.report)
    saved, problem = None, ""
    if not form.is_valid():
        problem = "Brouillon non enregistré : corrigez d'abord les valeurs signalées."
    else:
        try:
            saved = services.save_draft(report=scope.report, actor=request.user, **form.inputs())
        except ReportError as refused:
            problem = "Brouillon non enregistré : " + " ".join(refused.messages)
    return render(
        request,
        "includes/autosave_status.html",
        {
            "problem": problem,
            "at": timezone.localtime(),
            "fields": [("version", saved.version)] if saved else [],
        },
    )


@require_POST
def start(request, contract: int, year: int, number: int, kind: str):
    """Open the draft report (a member of the sheet's operator)."""
    scope = get_report_scope(request, contract, year, number, kind)
    require_operator(request, scope)
    try:
        services.start_report(period=scope.period, sheet=scope.sheet, actor=request.user)
    except ReportError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Bilan commencé : complétez-le puis soumettez-le.")
    return redirect(scope.url)
