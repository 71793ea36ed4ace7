"""The committee pack (dossier du comité de pilotage), in one click, as PDF or DOCX."""

from collections.abc import Callable

from django.utils.text import slugify

from ctai.governance.models import Meeting
from ctai.governance.pack.docx import pack_docx
from ctai.governance.pack.layout import Pack, build_pack
from ctai.governance.pack.pdf import pack_pdf

RENDERERS: dict[str, tuple[Callable[[Pack], bytes], str]] = {
    "pdf": (pack_pdf, "application/pdf"),
    "docx": (
        pack_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
FORMATS = list(RENDERERS)


def render_pack(meeting: Meeting, format: str) -> bytes:
    renderer, _ = RENDERERS[format]
    return renderer(build_pack(meeting))


def content_type(format: str) -> str:
    return RENDERERS[format][1]


def pack_filename(meeting: Meeting, format: str) -> str:
    """ "copil-ville-de-metz-2027-06-15.pdf"."""
    territory = slugify(meeting.contract.territory) or meeting.contract_id
    return f"copil-{territory}-{meeting.date.isoformat()}.{format}"
