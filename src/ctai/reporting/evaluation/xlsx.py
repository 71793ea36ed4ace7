"""The evaluation as an XLSX workbook (openpyxl, write-only: constant memory per row).

Numbers are numeric cells with French-displaying formats (Excel and LibreOffice show
``#,##0.00 "€"`` as "1 234,56 €" in a French locale). A text that could run as a formula
(``= + - @``, tab, carriage return first) is written as a text cell with a quote prefix, using
the programmation export's test (``ctai.core.spreadsheets.is_formula_like``).
"""

import io
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from ctai.core.spreadsheets import EURO_FORMAT, is_formula_like, print_setup
from ctai.reporting.evaluation.data import Evaluation
from ctai.reporting.evaluation.layout import EUROS, PERCENT, Page, evaluation_pages, header_row

PERCENT_FORMAT = "0.0\\ %"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
FORMATS = {EUROS: EURO_FORMAT, PERCENT: PERCENT_FORMAT}


def _named_styles(workbook: Workbook) -> None:
    wrap = Alignment(wrap_text=True, vertical="top")
    named = [
        NamedStyle("ctai_title", font=Font(bold=True, size=13)),
        NamedStyle("ctai_heading", font=Font(bold=True, size=11, color="1F3864")),
        NamedStyle(
            "ctai_header",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="D9E1F2"),
            alignment=Alignment(wrap_text=True, vertical="center"),
        ),
    ]
    for bold in (False, True):
        suffix = "_b" if bold else ""
        font = Font(bold=bold)
        named += [
            NamedStyle(f"ctai_text{suffix}", font=font, alignment=wrap),
            NamedStyle(f"ctai_euros{suffix}", font=font, number_format=EURO_FORMAT),
            NamedStyle(f"ctai_percent{suffix}", font=font, number_format=PERCENT_FORMAT),
            NamedStyle(f"ctai_int{suffix}", font=font, number_format=INTEGER_FORMAT),
            NamedStyle(f"ctai_dec{suffix}", font=font, number_format=DECIMAL_FORMAT),
        ]
    for style in named:
        workbook.add_named_style(style)


class _Styles:
    """Named styles resolved once to openpyxl's style arrays: assigning a copied array to each
    cell is several times faster than looking the named style up for every cell."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.arrays: dict[str, StyleArray] = {}

    def apply(self, cell: Cell, name: str) -> None:
        if name not in self.arrays:
            cell.style = name
            self.arrays[name] = copy(cell._style)
        cell._style = copy(self.arrays[name])


def _cell(sheet, styles: _Styles, value: object, kind: str, bold: bool = False):
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    suffix = "_b" if bold else ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if kind in FORMATS:
            styles.apply(cell, f"ctai_{kind}{suffix}")
        elif value == int(value):
            styles.apply(cell, f"ctai_int{suffix}")
        else:
            styles.apply(cell, f"ctai_dec{suffix}")
        return cell
    styles.apply(cell, f"ctai_text{suffix}")
    if is_formula_like(value):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    return cell


def _text(sheet, styles: _Styles, value: str, style: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    styles.apply(cell, style)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _write_page(workbook: Workbook, styles: _Styles, page: Page) -> None:
    sheet = workbook.create_sheet(page.name)
    row = header_row(page)
    print_setup(sheet, title_rows=f"{row}:{row}" if row else None)
    for index, width in enumerate(page.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.append([_text(sheet, styles, page.title, "ctai_title")])
    for note in page.notes:
        sheet.append([_text(sheet, styles, note, "ctai_text")])
    for block in page.blocks:
        sheet.append([])
        if block.heading:
            sheet.append([_text(sheet, styles, block.heading, "ctai_heading")])
        sheet.append(
            [_text(sheet, styles, column.title, "ctai_header") for column in block.columns]
        )
        if not block.rows:
            sheet.append([_text(sheet, styles, block.empty, "ctai_text")])
        first_total = len(block.rows) - block.totals
        for number, values in enumerate(block.rows):
            bold = number >= first_total
            sheet.append(
                [
                    _cell(sheet, styles, value, column.kind, bold)
                    for value, column in zip(values, block.columns, strict=True)
                ]
            )


def evaluation_xlsx(evaluation: Evaluation) -> bytes:
    workbook = Workbook(write_only=True)
    _named_styles(workbook)
    styles = _Styles(workbook)
    for page in evaluation_pages(evaluation):
        _write_page(workbook, styles, page)
    workbook.properties.title = f"Évaluation {evaluation.year} — {evaluation.contract.territory}"
    workbook.properties.creator = "CTAI"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
