"""Files attached to a report: upload (checked by the domain), download, removal."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from ctai.reporting import services
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import AttachmentForm
from ctai.reporting.views.report import render_report
from ctai.reporting.views.scope import get_report_scope, require_operator, require_report


@require_POST
def add(request, contract: int, year: int, number: int, kind: str):
    scope = get_report_scope(request, contract, year, number, kind)
    require_operator(request, scope)
    report = require_report(scope)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                report=report, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ReportError as refused:
            form.add_report_error(refused)
        else:
            messages.success(request, "Pièce jointe ajoutée.")
            return redirect(f"{scope.url}#pieces-jointes")
    return render_report(request, scope, attachment_form=form)


@require_GET
def download(request, contract: int, year: int, number: int, kind: str, attachment: int):
    """A file of a report the user may read (404 otherwise), always as a download."""
    scope = get_report_scope(request, contract, year, number, kind)
    report = require_report(scope)
    found = get_object_or_404(report.attachments.all(), pk=attachment)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def remove(request, contract: int, year: int, number: int, kind: str, attachment: int):
    scope = get_report_scope(request, contract, year, number, kind)
    require_operator(request, scope)
    report = require_report(scope)
    found = get_object_or_404(report.attachments.all(), pk=attachment)
    try:
        services.remove_attachment(attachment=found, actor=request.user)
    except ReportError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Pièce jointe « {found.name} » retirée.")
    return redirect(f"{scope.url}#pieces-jointes")
