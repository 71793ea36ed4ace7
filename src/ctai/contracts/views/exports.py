"""Downloading the programmation, with the page's filters, as XLSX or CSV.

The writers (openpyxl) are imported on the first download, not when the application starts.
"""

import importlib

from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from ctai.contracts.forms import ProgrammationFilterForm
from ctai.contracts.views.scope import get_contract, get_year
from ctai.programmation.selectors import load_overview, programmation_rows


def spreadsheets():
    return importlib.import_module("ctai.programmation.spreadsheets")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(request, contract):
    overview = load_overview(contract, get_year(request, contract))
    form = ProgrammationFilterForm(request.GET or None, overview=overview)
    return overview, programmation_rows(overview, form.filters())


def _filename(contract, year: int, extension: str) -> str:
    return f"programmation-{year}-{slugify(contract.territory)}.{extension}"


@require_GET
def programmation_xlsx(request, contract: int):
    contract = get_contract(request, contract)
    overview, rows = _rows(request, contract)
    content = spreadsheets().programmation_xlsx(
        title=f"Programmation {overview.year} — {contract}", rows=rows, groups=overview.groups(rows)
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(contract, overview.year, "xlsx")}"'
    )
    return response


@require_GET
def programmation_csv(request, contract: int):
    contract = get_contract(request, contract)
    overview, rows = _rows(request, contract)
    # A byte-order mark so that spreadsheets open the accents as UTF-8.
    content = "\ufeff" + spreadsheets().programmation_csv(rows=rows)
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(contract, overview.year, "csv")}"'
    )
    return response
