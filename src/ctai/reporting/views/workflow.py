"""The report's workflow buttons: submit, return for correction, validate; its conversation.

A refusal of the domain (already submitted, findings to correct, own report...) comes back as
French messages on the report page; nothing is changed. Roles are checked first: a person who
may see the report but not take this action gets a 403.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ctai.reporting import services
from ctai.reporting.errors import ReportError
from ctai.reporting.forms import CommentForm, ReturnForm
from ctai.reporting.views.report import render_report, save
from ctai.reporting.views.scope import (
    get_report_scope,
    require_coordinator,
    require_operator,
    require_report,
)


class VersionForm(forms.Form):
    """The version the page was opened with (optimistic locking)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _refused(request, refused: ReportError) -> None:
    for message in refused.messages:
        messages.error(request, message)


@require_POST
def submit(request, contract: int, year: int, number: int, kind: str):
    """Save what the operator typed, then submit. A second click finds the report submitted:
    refused, one submission recorded."""
    scope = get_report_scope(request, contract, year, number, kind)
    require_operator(request, scope)
    require_report(scope)
    saved, page = save(request, scope)
    if page is not None:
        return page
    try:
        services.submit_report(report=saved, actor=request.user, version=saved.version)
    except ReportError as refused:
        messages.info(request, "Brouillon enregistré, mais le bilan n'est pas soumis.")
        _refused(request, refused)
    else:
        messages.success(request, "Bilan soumis : la coordination va l'examiner.")
    return redirect(scope.url)


@require_POST
def return_for_correction(request, contract: int, year: int, number: int, kind: str):
    scope = get_report_scope(request, contract, year, number, kind)
    require_coordinator(request, scope)
    report = require_report(scope)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(
                report=report,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ReportError as refused:
            form.add_report_error(refused)
        else:
            messages.success(request, "Bilan renvoyé au porteur pour correction.")
            return redirect(scope.url)
    return render_report(request, scope, return_form=form)


@require_POST
def validate(request, contract: int, year: int, number: int, kind: str):
    scope = get_report_scope(request, contract, year, number, kind)
    require_coordinator(request, scope)
    report = require_report(scope)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.validate_report(report=report, actor=request.user, version=version)
    except ReportError as refused:
        _refused(request, refused)
    else:
        messages.success(request, "Bilan validé : il est désormais en lecture seule.")
    return redirect(scope.url)


@require_POST
def comment(request, contract: int, year: int, number: int, kind: str):
    """Post a message, or a reply, in the report's conversation: whoever may read the report
    (a report they may not read answers 404)."""
    scope = get_report_scope(request, contract, year, number, kind)
    report = require_report(scope)
    form = CommentForm(request.POST)
    written = post_message(
        request,
        form,
        thread=report.comments,
        write=lambda **given: services.comment_report(report=report, **given),
        url=scope.url,
    )
    return written or render_report(request, scope, comment_form=form)


def post_message(request, form: CommentForm, *, thread, write, url: str):
    """A conversation's form posted (on a report, on a sheet): the message answered is looked
    up in ``thread`` (404 elsewhere), ``write`` is the domain operation. The redirect to the
    new message, or ``None`` when the form goes back with its errors."""
    if not form.is_valid():
        return None
    reply_to = None
    if form.cleaned_data["reply_to"]:
        reply_to = get_object_or_404(thread, pk=form.cleaned_data["reply_to"])
    try:
        posted = write(actor=request.user, body=form.cleaned_data["body"], reply_to=reply_to)
    except ReportError as refused:
        form.add_report_error(refused)
        return None
    messages.success(request, "Message publié.")
    return redirect(f"{url}#message-{posted.pk}")
