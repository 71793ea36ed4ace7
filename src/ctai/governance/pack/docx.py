"""The committee pack as a Word document (python-docx): editable in Word and LibreOffice, A4,
one page per sheet, table rows never split across pages, header rows repeated."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ctai.governance.pack.layout import Pack, Table

A4 = (Cm(21), Cm(29.7))


def _row_setting(row, name: str) -> None:
    element = OxmlElement(f"w:{name}")
    row._tr.get_or_add_trPr().append(element)


def _table(document, table: Table) -> None:
    document.add_heading(table.heading, level=3)
    if not table.rows:
        document.add_paragraph(table.empty)
        return
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(c.width for c in table.columns)
    width = Cm(17)
    header = grid.rows[0]
    _row_setting(header, "tblHeader")  # repeated on each page
    for cell, column in zip(header.cells, table.columns, strict=True):
        cell.text = column.title
        cell.paragraphs[0].runs[0].bold = True
    for values in table.rows:
        row = grid.add_row()
        _row_setting(row, "cantSplit")
        for cell, value, column in zip(row.cells, values, table.columns, strict=True):
            cell.text = value
            if column.number:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, column in enumerate(table.columns):
        for cell in grid.columns[index].cells:
            cell.width = int(width * column.width / total)


def pack_docx(pack: Pack) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(9)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "DejaVu Sans")
    document.core_properties.title = pack.title
    document.core_properties.language = "fr-FR"
    document.add_heading(pack.title, level=0)
    document.add_paragraph(pack.subtitle)
    for index, page in enumerate(pack.pages):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(page.title, level=1)
        for paragraph in page.paragraphs:
            document.add_paragraph(paragraph)
        for table in page.tables:
            _table(document, table)
        for heading, text in page.texts:
            document.add_heading(heading, level=3)
            for line in text.splitlines() or [""]:
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
