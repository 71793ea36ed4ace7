"""The State evaluation of a programme year (article 7): XLSX, ODS and PDF from one layout.

The writers (WeasyPrint, odfpy, openpyxl) are imported when a file is written, not when the
application starts: WeasyPrint alone costs some 0.4 s and 40 MB per process.
"""

import importlib

from django.utils.text import slugify

from ctai.contracts.models import Contract
from ctai.reporting.evaluation.data import build_evaluation

# format -> (module.function writing it, content type)
RENDERERS: dict[str, tuple[str, str]] = {
    "xlsx": (
        "xlsx.evaluation_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ods": ("ods.evaluation_ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "pdf": ("pdf.evaluation_pdf", "application/pdf"),
}
FORMATS = list(RENDERERS)


def render_evaluation(
    *, contract: Contract, year: int, format: str, governance: dict | None = None
) -> bytes:
    """The evaluation of ``year`` as ``format`` ("xlsx", "ods" or "pdf").

    A pure function of its arguments (it reads the database, writes nothing): it may run in a
    request or in a background task. ``governance`` is the steering committee's part,
    ``{"meetings": [{"date", "kind", "status", "decisions"}], "decisions": [{"text", "kind",
    "sheets", "owner", "due_date", "status", "follow_up"}]}``; None prints that no meeting is
    recorded."""
    module, _, function = RENDERERS[format][0].partition(".")
    renderer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return renderer(build_evaluation(contract=contract, year=year, governance=governance))


def content_type(format: str) -> str:
    return RENDERERS[format][1]


def evaluation_filename(contract: Contract, year: int, format: str) -> str:
    """ "evaluation-ville-de-metz-2026.xlsx": safe in a path and in Content-Disposition."""
    return f"evaluation-{slugify(contract.territory) or contract.pk}-{year}.{format}"
