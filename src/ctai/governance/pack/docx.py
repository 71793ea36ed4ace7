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


def _row_setting(tr, name: str) -> None:
    tr.get_or_add_trPr().append(OxmlElement(f"w:{name}"))


def _table(document, table: Table) -> None:
    document.add_heading(table.heading, level=3)
    if not table.rows:
        document.add_paragraph(table.empty)
        return
    columns = len(table.columns)
    # All rows made at once, cells read in one pass (``Table._cells``): python-docx's per-row
    # ``add_row`` and ``row.cells`` rescan the table each time.
    grid = document.add_table(rows=len(table.rows) + 1, cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(c.width for c in table.columns)
    widths = [int(Cm(17) * c.width / total) for c in table.columns]
    for grid_column, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.w = width
    rows = grid._tbl.tr_lst
    _row_setting(rows[0], "tblHeader")  # repeated on each page
    for tr in rows[1:]:
        _row_setting(tr, "cantSplit")
    cells = grid._cells
    for index, column in enumerate(table.columns):
        cells[index].width = widths[index]
        cells[index].paragraphs[0].add_run(column.title).bold = True
    for row_index, values in enumerate(table.rows, start=1):
        for index, value in enumerate(values):
            cell = cells[row_index * columns + index]
            cell.width = widths[index]
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value)
            if table.columns[index].number:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


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
