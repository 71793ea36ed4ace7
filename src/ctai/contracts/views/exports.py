"""Downloading the programmation, with the page's filters, as XLSX or CSV: written in the
request for a small year, prepared in the task queue for a large one (``ctai.files``)."""

import dataclasses

from django.views.decorators.http import require_GET

from ctai.contracts.forms import ProgrammationFilterForm
from ctai.contracts.views.scope import get_contract, get_year
from ctai.files.models import FileKind
from ctai.files.views import file_response
from ctai.programmation.selectors import load_overview


def _download(request, contract: int, format: str):
    contract = get_contract(request, contract)
    year = get_year(request, contract)
    form = ProgrammationFilterForm(request.GET or None, overview=load_overview(contract, year))
    params = {"year": year, "format": format, "filters": dataclasses.asdict(form.filters())}
    return file_response(
        request, contract=contract, kind=FileKind.PROGRAMMATION, params=params, year=year
    )


@require_GET
def programmation_xlsx(request, contract: int):
    return _download(request, contract, "xlsx")


@require_GET
def programmation_csv(request, contract: int):
    return _download(request, contract, "csv")
