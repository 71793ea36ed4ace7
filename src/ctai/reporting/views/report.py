"""The report page of a sheet for a period (bilan): read, fill, save as draft."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.accounts.kept import take_back
from ctai.checks import wording
from ctai.contracts.views.scope import sheet_crumbs
from ctai.participants.computed import compare, suppressed
from ctai.reporting import services
from ctai.reporting.display import status_badge
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import AttachmentForm, CommentForm, ReportForm, ReturnForm
from ctai.reporting.models import SPENDING_LINES
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
    page, small cells are shown as "< 5"."""
    report = scope.report
    declared = {a.indicator_id: a.value for a in report.achievements.all()} if report else {}
    rows = [
        {
            "label": row.label,
            "declared": row.declared,
            "shown": row.computed if own else suppressed(row.computed),
            "differs": row.differs,
        }
        for row in compare(scope.sheet, declared)
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


def report_context(request, scope: ReportScope, **forms) -> dict:
    """Everything the page shows; ``forms`` are bound forms sent back with their errors."""
    user, report, contract = request.user, scope.report, scope.sheet.contract
    is_operator = permissions.is_operator_member(user, scope.sheet)
    is_coordinator = permissions.is_coordinator(user, contract)
    editable = bool(report and report.is_editable and is_operator)
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
        else:
            form = ReportForm(report=report)
    submitted = bool(report and report.status == ReportStatus.SUBMITTED)
    # Whoever reads the report writes in its conversation (a draft has none yet).
    can_comment = bool(report and report.status != ReportStatus.DRAFT)
    shown = {
        "form": editable,
        "attachment_form": editable,
        "return_form": is_coordinator and submitted,
        "comment_form": can_comment,
    }
    return {
        # A refusal for a form the page no longer shows (the report was submitted meanwhile...)
        "refusals": [
            error
            for name, bound in forms.items()
            if bound is not None and not shown[name]
            for error in bound.non_field_errors()
        ],
        "scope": scope,
        "sheet": scope.sheet,
        "contract": contract,
        "period": scope.period,
        "report": report,
        "late": scope.period.is_past_due() and (report is None or report.is_editable),
        "is_operator": is_operator,
        "can_start": is_operator and not scope.exists,
        "editable": editable,
        "form": form if editable else None,
        "indicators": indicator_rows(scope, form if editable else None),
        "spending": spending_rows(scope, form if editable else None),
        "findings": worded_findings(report, operator=is_operator and not is_coordinator),
        "last_return": next(
            (t for t in reversed(report.transitions.all()) if t.transition == "return"), None
        )
        if report
        else None,
        "return_form": forms.get("return_form")
        or (ReturnForm(initial={"version": report.version}) if report else None),
        "can_decide": shown["return_form"],
        # The predicate the validation itself enforces (nobody validates what they submitted).
        "can_validate": bool(report) and services.can_validate(report=report, actor=user),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "can_comment": can_comment,
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "breadcrumbs": [*sheet_crumbs(scope.sheet, request.user), (str(scope.period), None)],
        **register_context(scope, own=is_operator),
    }


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
    scope = get_report_scope(request, contract, year, number, kind)
    if request.method == "GET":
        return render_report(request, scope)
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
