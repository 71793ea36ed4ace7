"""Reading generated files back in the tests: XLSX (openpyxl), ODS (odfpy), PDF (pypdf)."""

import io
from decimal import Decimal

from odf import teletype
from odf.namespaces import OFFICENS, TABLENS
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import load_workbook
from pypdf import PdfReader

NUMERIC = {"float", "currency", "percentage"}


def number(value):
    """Spreadsheet numbers as Decimal (openpyxl gives int or float) for exact comparisons."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return Decimal(str(value)).normalize()


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [[number(c.value) for c in row] for row in sheet.iter_rows()]
        for sheet in workbook
    }


def _ods_value(cell):
    kind = cell.getAttrNS(OFFICENS, "value-type")
    if kind in NUMERIC:
        return Decimal(cell.getAttrNS(OFFICENS, "value")).normalize()
    if kind == "string":
        return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
    return None


def read_ods(content: bytes, *, cells: bool = False) -> dict[str, list[list]]:
    """Sheet name -> rows of values (or of odfpy cells with ``cells=True``)."""
    document = load(io.BytesIO(content))
    sheets = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            values = []
            for cell in row.getElementsByType(TableCell):
                repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                values.extend([cell if cells else _ods_value(cell)] * repeat)
            rows.append(values)
        sheets[table.getAttrNS(TABLENS, "name")] = rows
    return sheets


def read_pdf(content: bytes) -> str:
    """The PDF's text, spaces normalised (narrow no-break spaces become plain spaces)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def trimmed(rows: list[list]) -> list[list]:
    """Rows without their trailing empty cells, and without empty rows ("" is empty)."""
    result = []
    for row in rows:
        values = [None if value == "" else value for value in row]
        while values and values[-1] in (None, ""):
            values.pop()
        if values:
            result.append(values)
    return result


def table_after(rows: list[list], heading: str) -> list[list]:
    """The rows of the block titled ``heading``: its header row first, up to the next blank."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == heading)
    block = []
    for row in rows[start + 1 :]:
        if all(value in (None, "") for value in row):
            break
        block.append(row)
    return block
