"""The programmation of a year as a file (XLSX or CSV), with the page's filters: one function
for the download in the request and for the job of the task queue (``ctai.files``).

The writers (openpyxl) are imported when a file is written, not when the application starts.
"""

import importlib

from django.utils.text import slugify

from ctai.contracts.models import Contract
from ctai.programmation.selectors import ProgrammationFilters, load_overview, programmation_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}
FORMATS = list(CONTENT_TYPES)


def spreadsheets():
    return importlib.import_module("ctai.programmation.spreadsheets")


def programmation_file(
    *, contract: Contract, year: int, format: str, filters: ProgrammationFilters
) -> bytes:
    overview = load_overview(contract, year)
    rows = programmation_rows(overview, filters)
    if format == "csv":
        # A byte-order mark so that spreadsheets open the accents as UTF-8.
        return ("\ufeff" + spreadsheets().programmation_csv(rows=rows)).encode("utf-8")
    return spreadsheets().programmation_xlsx(
        title=f"Programmation {year} — {contract}", rows=rows, groups=overview.groups(rows)
    )


def programmation_filename(contract: Contract, year: int, format: str) -> str:
    return f"programmation-{year}-{slugify(contract.territory)}.{format}"
