"""Zipped workbooks that would blow up when opened are refused in French: a zip bomb, a
billion-laughs XML, too many members. A normal workbook and ODS file still pass."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from odf.opendocument import OpenDocumentSpreadsheet
from openpyxl import Workbook

from ctai.reporting.attachments import ODS, XLSX, check_upload

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData><row><c><v>&lol9;</v></c></row></sheetData></worksheet>"
)


def workbook() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Dépenses"
    book.save(buffer)
    return buffer.getvalue()


def replaced(member: str, content: bytes) -> bytes:
    """The workbook with one member's content replaced (deflated)."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = content if info.filename == member else source.read(info)
            archive.writestr(info.filename, data)
    return out.getvalue()


def _check(name: str, data: bytes):
    return check_upload(name, len(data), io.BytesIO(data))


def test_a_normal_workbook_passes():
    assert _check("depenses.xlsx", workbook()) == XLSX
    buffer = io.BytesIO()
    OpenDocumentSpreadsheet().save(buffer)
    assert _check("depenses.ods", buffer.getvalue()) == ODS


def test_a_zip_bomb_workbook_is_refused():
    bomb = replaced("xl/worksheets/sheet1.xml", b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>")
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError, match="bombe zip"):
        _check("bombe.xlsx", bomb)


def test_a_billion_laughs_workbook_is_refused():
    laughs = replaced("xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    with pytest.raises(ValidationError, match="entités"):
        _check("rires.xlsx", laughs)


def test_an_external_entity_is_refused():
    xxe = replaced(
        "xl/workbook.xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    )
    with pytest.raises(ValidationError, match="entités"):
        _check("xxe.xlsx", xxe)
