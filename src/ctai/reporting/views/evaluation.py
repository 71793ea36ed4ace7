"""The State evaluation of a programme year, downloaded as XLSX, ODS or PDF (one click).

A year of more than ``QUEUE_FROM`` sheets is prepared in the task queue: the person gets the
page of the file being prepared, which becomes its download link (``ctai.files``)."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from ctai.contracts.views.scope import get_contract, get_year
from ctai.files.models import FileKind
from ctai.files.services import queued, request_file
from ctai.governance.summary import evaluation_file
from ctai.reporting.evaluation import (
    FORMATS,
    content_type,
    evaluation_filename,
)


class EvaluationForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], required=False)


@require_GET
def evaluation(request, contract: int):
    """Coordinator, State reviewers and COPIL (``get_contract``: operators get a 404)."""
    contract = get_contract(request, contract)
    form = EvaluationForm(request.GET)
    if not form.is_valid():
        raise Http404
    year = get_year(request, contract)
    format = form.cleaned_data["format"] or "xlsx"
    if queued(contract, year):
        file = request_file(
            owner=request.user,
            contract=contract,
            kind=FileKind.EVALUATION,
            params={"year": year, "format": format},
        )
        return redirect("files:detail", file=file.pk)
    content = evaluation_file(contract=contract, year=year, format=format)
    response = HttpResponse(content, content_type=content_type(format))
    filename = evaluation_filename(contract, year, format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
