"""Report attachments also take text documents (.docx, .odt): associations write their bilans
in Word. Same limits as the workbooks: content checked, macros refused, bombs refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from odf.opendocument import OpenDocumentText
from odf.text import P

from ctai.reporting import services
from ctai.reporting.attachments import DOCX, ODT, check_upload
from ctai.reporting.models import ReportAttachment
from tests.reporting.views_support import as_user


def docx() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Bilan 2026 : douze ateliers sociolinguistiques.")
    document.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    document = OpenDocumentText()
    document.text.addElement(P(text="Bilan 2026 : douze ateliers."))
    document.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, member: str, content: bytes, *, replace: str = "") -> bytes:
    """The archive with one more member (or ``replace``'s content swapped)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, content if info.filename == replace else source.read(info))
        if not replace:
            archive.writestr(member, content)
    return out.getvalue()


def check(name: str, data: bytes):
    return check_upload(name, len(data), io.BytesIO(data))


def test_word_and_opendocument_texts_pass():
    assert check("bilan.docx", docx()) == DOCX
    assert check("Bilan.ODT", odt()) == ODT


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "macros.docx",
            lambda: with_member(docx(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0"),
            "sans macros",
        ),
        (
            "declared.docx",
            lambda: with_member(
                docx(),
                "",
                zipfile.ZipFile(io.BytesIO(docx()))
                .read("[Content_Types].xml")
                .replace(b"document.main+xml", b"document.macroEnabled.main+xml"),
                replace="[Content_Types].xml",
            ),
            "sans macros",
        ),
        (
            "basic.odt",
            lambda: with_member(odt(), "Basic/Standard/Module1.xml", b"<a/>"),
            "sans macros",
        ),
        (
            "renomme.odt",
            docx,
            "porte l'extension .odt mais son contenu est un fichier document Word",
        ),
        (
            "bombe.docx",
            lambda: with_member(
                docx(),
                "",
                b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>",
                replace="word/document.xml",
            ),
            "bombe zip",
        ),
    ],
    ids=["vba", "macro-enabled", "basic", "renamed", "bomb"],
)
def test_dangerous_or_mistyped_documents_are_refused_in_french(name, make, message):
    with pytest.raises(ValidationError) as refused:
        check(name, make())
    assert message in refused.value.messages[0]
    assert f"« {name} »" in refused.value.messages[0]


def test_the_operator_attaches_its_word_bilan_in_the_browser_form(world):
    world.contract.territory = "Ville de Rennes"
    world.contract.save()
    report = services.start_report(period=world.final, sheet=world.sheet_b, actor=world.people.op_b)
    url = reverse("reporting:attachment_add", args=[world.contract.pk, 2026, 2, "final"])
    page_url = reverse("reporting:report", args=[world.contract.pk, 2026, 2, "final"])
    assert "DOCX, ODT" in as_user(world.people.op_b).get(page_url).content.decode()
    response = as_user(world.people.op_b).post(
        url, {"file": SimpleUploadedFile("Bilan association.docx", docx())}
    )
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get(report=report)
    assert (attachment.name, attachment.content_type) == (
        "Bilan association.docx",
        DOCX.content_type,
    )
    assert attachment.file.name.endswith(".docx")
