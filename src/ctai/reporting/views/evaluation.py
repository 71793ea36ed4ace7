"""The State evaluation of a programme year, downloaded as XLSX, ODS or PDF (one click).

A year of more than ``CTAI_FILE_QUEUE_FROM`` sheets is prepared in the task queue: the person
gets the page of the file being prepared, which becomes its download link (``ctai.files``)."""

from django import forms
from django.http import Http404
from django.views.decorators.http import require_GET

from ctai.contracts.views.scope import get_contract, get_year
from ctai.files.models import FileKind
from ctai.files.views import file_response
from ctai.reporting.evaluation import FORMATS


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
    params = {"year": year, "format": form.cleaned_data["format"] or "xlsx"}
    return file_response(
        request, contract=contract, kind=FileKind.EVALUATION, params=params, year=year
    )
