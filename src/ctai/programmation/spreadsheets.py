"""The programmation as a spreadsheet (XLSX, openpyxl) or CSV, safe against formula injection.

A text cell that starts with ``= + - @``, a tab or a carriage return could run as a formula
when the file is opened (CSV/formula injection): in XLSX it is written as a text cell with a
quote prefix, in CSV it is prefixed with an apostrophe. Amounts are numbers with a French
euro format in XLSX. In CSV they are written the way French office software reads a number: a
decimal comma, no thousands separator ("1234,50"), in a ";"-separated UTF-8 file with a BOM —
LibreOffice and Excel in French then import them as numbers that SUM adds up. (The ctai/1
exchange format keeps its machine form, "1234.50".)
"""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ctai.core.money import french_number
from ctai.core.spreadsheets import EURO_FORMAT, is_formula_like, print_setup
from ctai.programmation.selectors import AxisGroup, SheetRow, Totals

HEADERS = [
    "Année",
    "Axe",
    "N° de fiche",
    "Intitulé",
    "Porteur",
    "Thématiques",
    "Subvention P104",
    "Reliquats P104",
    "Contribution de la collectivité",
    "Autres financeurs",
    "Coût total",
    "Erreurs",
    "Alertes",
    "Informations",
]
AMOUNT_COLUMNS = range(7, 12)  # 1-based columns of the amounts
WIDTHS = [8, 8, 10, 50, 32, 40, 16, 16, 18, 16, 16, 9, 9, 12]


def row_values(row: SheetRow) -> list:
    money = row.financing
    counts = row.counts
    return [
        row.sheet.year,
        f"Axe {row.axis.number}" if row.axis else "",
        row.sheet.number,
        row.sheet.title,
        row.operator_name,
        " ; ".join(theme.label for theme in row.themes),
        money.subsidy,
        money.carryover,
        money.local,
        money.other,
        money.total_cost,
        counts["erreur"],
        counts["alerte"],
        counts["info"],
    ]


def _cell(sheet, row: int, column: int, value: object) -> Cell:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = EURO_FORMAT
    elif is_formula_like(value):
        cell.value = value
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _header(sheet, headers: list[str]) -> None:
    for column, title in enumerate(headers, start=1):
        _cell(sheet, 1, column, title).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[column - 1]
    sheet.freeze_panes = "A2"
    print_setup(sheet, title_rows="1:1")


def _totals_values(label: str, totals: Totals) -> list:
    return [
        label,
        totals.count,
        totals.p104,
        totals.carryover,
        totals.local,
        totals.other,
        totals.total_cost,
    ]


def programmation_xlsx(*, title: str, rows: list[SheetRow], groups: list[AxisGroup]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Programmation"
    _header(sheet, HEADERS)
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row_values(row), start=1):
            _cell(sheet, index, column, value)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(len(rows) + 1, 2)}"

    totals = workbook.create_sheet("Totaux par axe")
    headers = ["Axe", "Fiches", *HEADERS[6:11]]
    for column, header in enumerate(headers, start=1):
        _cell(totals, 1, column, header).font = Font(bold=True)
        totals.column_dimensions[get_column_letter(column)].width = 50 if column == 1 else 18
    print_setup(totals, title_rows="1:1")
    lines = [_totals_values(group.title, group.totals) for group in groups]
    lines.append(_totals_values("Total", Totals.of(rows)))
    for index, values in enumerate(lines, start=2):
        for column, value in enumerate(values, start=1):
            cell = _cell(totals, index, column, value)
            if index == len(lines) + 1:
                cell.font = Font(bold=True)
    workbook.properties.title = title
    workbook.properties.creator = "CTAI"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_amount(value: Decimal) -> str:
    """ "1234,50": a decimal comma and no thousands separator, read as a number in French."""
    return french_number(value, group="")


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return csv_amount(value)
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def programmation_csv(*, rows: list[SheetRow]) -> str:
    """Semicolon-separated (what French spreadsheets expect), one line per sheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row_values(row)])
    return buffer.getvalue()
