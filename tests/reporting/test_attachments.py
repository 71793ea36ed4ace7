"""Attached files: PDF, XLSX, ODS, PNG, JPEG only, by content; size capped; report intact."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from odf.opendocument import OpenDocumentSpreadsheet
from openpyxl import Workbook

from ctai.reporting import services
from ctai.reporting.attachments import DEFAULT_MAX_BYTES, check_upload, validate_attachment
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import NotAllowed, ReadOnlyReport, ReportInvalid
from ctai.reporting.models import ReportAttachment
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.factories import advance

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def xlsx(macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Feuille d'émargement"
    workbook.save(buffer)
    if not macro:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


def ods() -> bytes:
    buffer = io.BytesIO()
    OpenDocumentSpreadsheet().write(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", ELF)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def report(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


ACCEPTED = [
    ("bilan.pdf", PDF, "application/pdf"),
    ("photo.PNG", PNG, "image/png"),
    ("photo.jpg", JPEG, "image/jpeg"),
    ("photo.jpeg", JPEG, "image/jpeg"),
    ("emargement.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("emargement.ods", None, "application/vnd.oasis.opendocument.spreadsheet"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED)
def test_accepted_files_are_attached(world, report, name, content, content_type):
    content = content or (xlsx() if name.endswith("xlsx") else ods())
    attachment = services.add_attachment(
        report=report, actor=world.people.op_a, upload=upload(name, content)
    )
    assert attachment.content_type == content_type
    assert attachment.name == name
    assert attachment.size == len(content)
    assert attachment.file.name.startswith(f"bilans/{world.contract.pk}/2026/")
    assert name not in attachment.file.name  # the stored name is not the uploader's
    assert attachment.file.read() == content


REFUSED = [
    (
        "programme.pdf",
        ELF,
        "porte l'extension .pdf mais son contenu est un fichier d'un autre type",
    ),
    ("image.pdf", PNG, "porte l'extension .pdf mais son contenu est un fichier image PNG"),
    ("tableau.xlsx", PDF, "porte l'extension .xlsx mais son contenu est un fichier PDF"),
    (
        "macros.xlsx",
        "xlsm",
        "(types acceptés : PDF, XLSX, ODS, DOCX, ODT, PNG ou JPEG, sans macros)",
    ),
    ("archive.xlsx", "zip", "son contenu est un fichier d'un autre type"),
    ("classeur.ods", "xlsx", "son contenu est un fichier classeur Excel (XLSX)"),
    ("programme.exe", ELF, "type de fichier non accepté. Joignez un fichier PDF, XLSX, ODS"),
    ("sans-extension", PDF, "type de fichier non accepté"),
    ("vide.pdf", b"", "« vide.pdf » est vide."),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_mistyped_file_is_refused_in_french_and_the_report_is_intact(
    world, report, name, content, message
):
    content = {"xlsm": xlsx(macro=True), "zip": plain_zip(), "xlsx": xlsx()}.get(content, content)
    version = report.version
    with pytest.raises(ReportInvalid) as refused:
        services.add_attachment(
            report=report, actor=world.people.op_a, upload=upload(name, content)
        )
    [text] = refused.value.field_errors["file"]
    assert message in text
    assert not ReportAttachment.objects.exists()
    report.refresh_from_db()
    assert (report.version, report.status) == (version, ReportStatus.DRAFT)


def test_an_oversized_file_is_refused(world, report):
    big = upload("scan.pdf", PDF + b"0" * DEFAULT_MAX_BYTES)
    with pytest.raises(ReportInvalid) as refused:
        services.add_attachment(report=report, actor=world.people.op_a, upload=big)
    assert refused.value.field_errors["file"] == [
        "« scan.pdf » est trop volumineux (10,0 Mo) : 10,0 Mo au plus. Réduisez-le ou scindez-le."
    ]
    assert not ReportAttachment.objects.exists()


def test_the_size_cap_is_a_setting(settings):
    settings.CTAI_REPORT_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        check_upload("a.pdf", 11, io.BytesIO(PDF))
    assert "0,0 Mo au plus" in refused.value.messages[0]


def test_the_field_validator_says_the_same(world):
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload("x.png", PDF))
    assert "porte l'extension .png mais son contenu est un fichier PDF" in refused.value.messages[0]


def test_a_path_in_the_uploaded_name_is_dropped(world, report):
    attachment = services.add_attachment(
        report=report, actor=world.people.op_a, upload=upload("..\\..\\etc\\bilan.pdf", PDF)
    )
    assert attachment.name == "bilan.pdf"


def test_attachments_follow_the_report_state_and_the_operator(world, report):
    people = world.people
    attachment = services.add_attachment(
        report=report, actor=people.op_a, upload=upload("a.pdf", PDF)
    )
    with pytest.raises(NotAllowed):
        services.add_attachment(report=report, actor=people.op_b, upload=upload("b.pdf", PDF))
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    advance(report, ReportStatus.VALIDATED, operator=people.op_a, coordinator=people.coord)
    with pytest.raises(ReadOnlyReport):
        services.add_attachment(report=report, actor=people.op_a, upload=upload("c.pdf", PDF))
    with pytest.raises(ReadOnlyReport):
        services.remove_attachment(attachment=attachment, actor=people.op_a)
    assert report.attachments.count() == 1


def test_removing_an_attachment_deletes_the_file(world, report, django_capture_on_commit_callbacks):
    attachment = services.add_attachment(
        report=report, actor=world.people.op_a, upload=upload("a.pdf", PDF)
    )
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment=attachment, actor=world.people.op_a)
    assert not report.attachments.exists()
    assert not storage.exists(name)


def test_a_report_holds_a_limited_number_of_files(world, report, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTACHMENTS", 1)
    services.add_attachment(report=report, actor=world.people.op_a, upload=upload("a.pdf", PDF))
    with pytest.raises(ReportInvalid) as refused:
        services.add_attachment(report=report, actor=world.people.op_a, upload=upload("b.pdf", PDF))
    assert "au plus 1 pièces jointes" in refused.value.messages[0]
