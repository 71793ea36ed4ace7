"""The evaluation as an OpenDocument spreadsheet (ODS), written with odfpy.

odfpy is the OpenDocument library of the Python ecosystem (pandas reads and writes ODS with
it); pure Python, it depends only on defusedxml. Numbers are typed cells (``currency``,
``percentage``, ``float``) with French data styles, and each cell also carries its French text
("1 234,56 €") for readers that do not apply styles. Text cells are ``string`` cells: an ODS
cell is a formula only through a ``table:formula`` attribute, never written here, so a text
starting with "=" stays text.
"""

import io
from decimal import Decimal

from odf import number
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import (
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import P

from ctai.reporting.evaluation.data import Evaluation
from ctai.reporting.evaluation.layout import (
    EUROS,
    PERCENT,
    Page,
    display,
    evaluation_pages,
    main_block,
)

CM_PER_CHARACTER = Decimal("0.21")


class _Styles:
    """The document's data and cell styles, created once."""

    def __init__(self, document: OpenDocumentSpreadsheet):
        self.document = document
        self.cells: dict[str, Style] = {}
        self.columns: dict[int, Style] = {}
        euro = number.CurrencyStyle(name="N_EUR", language="fr", country="FR")
        euro.addElement(number.Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
        euro.addElement(number.Text(text="\u00a0"))
        euro.addElement(number.CurrencySymbol(language="fr", country="FR", text="€"))
        percent = number.PercentageStyle(name="N_PCT")
        percent.addElement(number.Number(decimalplaces=1, minintegerdigits=1))
        percent.addElement(number.Text(text="\u00a0%"))
        integer = number.NumberStyle(name="N_INT")
        integer.addElement(number.Number(decimalplaces=0, minintegerdigits=1, grouping="true"))
        decimal = number.NumberStyle(name="N_DEC")
        decimal.addElement(number.Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
        for data_style in (euro, percent, integer, decimal):
            document.automaticstyles.addElement(data_style)
        for bold in (False, True):
            for key, data in (
                ("euros", "N_EUR"),
                ("percent", "N_PCT"),
                ("int", "N_INT"),
                ("dec", "N_DEC"),
                ("text", None),
            ):
                self._cell(f"{key}{'_b' if bold else ''}", data, bold=bold)
        self.table = self._print_setup()
        self._cell("title", None, bold=True, size="13pt")
        self._cell("heading", None, bold=True, color="#1f3864")
        self._cell("header", None, bold=True, background="#d9e1f2")

    def _print_setup(self) -> Style:
        """A4 landscape, scaled to one page width: the table style every sheet uses."""
        layout = PageLayout(name="pm_landscape")
        layout.addElement(
            PageLayoutProperties(
                printorientation="landscape",
                pagewidth="29.7cm",
                pageheight="21cm",
                scaletox="1",  # LibreOffice: fit to one page width…
                scaletoy="0",  # …and as many pages down as needed
            )
        )
        self.document.automaticstyles.addElement(layout)
        self.document.masterstyles.addElement(
            MasterPage(name="ctai_landscape", pagelayoutname=layout)
        )
        table = Style(name="ta_print", family="table", masterpagename="ctai_landscape")
        table.addElement(TableProperties(display="true"))
        self.document.automaticstyles.addElement(table)
        return table

    def _cell(self, name: str, data_style: str | None, *, bold=False, size=None, **extra) -> None:
        attributes = {"name": f"ce_{name}", "family": "table-cell"}
        if data_style:
            attributes["datastylename"] = data_style
        cell_style = Style(**attributes)
        text = {"fontweight": "bold"} if bold else {}
        if size:
            text["fontsize"] = size
        if "color" in extra:
            text["color"] = extra["color"]
        if text:
            cell_style.addElement(TextProperties(**text))
        cell_properties = {"wrapoption": "wrap", "verticalalign": "top"}
        if "background" in extra:
            cell_properties["backgroundcolor"] = extra["background"]
        cell_style.addElement(TableCellProperties(**cell_properties))
        self.document.automaticstyles.addElement(cell_style)
        self.cells[name] = cell_style

    def column(self, width: int) -> Style:
        if width not in self.columns:
            column_style = Style(name=f"co_{width}", family="table-column")
            size = (CM_PER_CHARACTER * (width + 2)).quantize(Decimal("0.01"))
            column_style.addElement(TableColumnProperties(columnwidth=f"{size}cm"))
            self.document.automaticstyles.addElement(column_style)
            self.columns[width] = column_style
        return self.columns[width]


def _cell(styles: _Styles, value: object, kind: str, bold: bool = False) -> TableCell:
    suffix = "_b" if bold else ""
    if value is None:
        return TableCell()
    shown = display(value, kind)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if kind == EUROS:
            cell = TableCell(
                valuetype="currency",
                currency="EUR",
                value=str(value),
                stylename=styles.cells[f"euros{suffix}"],
            )
        elif kind == PERCENT:
            cell = TableCell(
                valuetype="percentage", value=str(value), stylename=styles.cells[f"percent{suffix}"]
            )
        else:
            whole = "int" if value == int(value) else "dec"
            cell = TableCell(
                valuetype="float", value=str(value), stylename=styles.cells[f"{whole}{suffix}"]
            )
    else:
        cell = TableCell(valuetype="string", stylename=styles.cells[f"text{suffix}"])
    for line in shown.split("\n"):
        cell.addElement(P(text=line))
    return cell


def _text_row(styles: _Styles, value: str, style: str) -> TableRow:
    row = TableRow()
    cell = TableCell(valuetype="string", stylename=styles.cells[style])
    cell.addElement(P(text=value))
    row.addElement(cell)
    return row


def _write_page(document: OpenDocumentSpreadsheet, styles: _Styles, page: Page) -> None:
    sheet = Table(name=page.name, stylename=styles.table)
    main = main_block(page)
    for width in page.widths:
        sheet.addElement(TableColumn(stylename=styles.column(width)))
    sheet.addElement(_text_row(styles, page.title, "title"))
    for note in page.notes:
        sheet.addElement(_text_row(styles, note, "text"))
    for block in page.blocks:
        sheet.addElement(TableRow())
        if block.heading:
            sheet.addElement(_text_row(styles, block.heading, "heading"))
        header = TableRow()
        for column in block.columns:
            cell = TableCell(valuetype="string", stylename=styles.cells["header"])
            cell.addElement(P(text=column.title))
            header.addElement(cell)
        if block is main:
            # Repeated at the top of every printed page.
            repeated = TableHeaderRows()
            repeated.addElement(header)
            sheet.addElement(repeated)
        else:
            sheet.addElement(header)
        if not block.rows:
            sheet.addElement(_text_row(styles, block.empty, "text"))
        first_total = len(block.rows) - block.totals
        for index, values in enumerate(block.rows):
            row = TableRow()
            for value, column in zip(values, block.columns, strict=True):
                row.addElement(_cell(styles, value, column.kind, index >= first_total))
            sheet.addElement(row)
    document.spreadsheet.addElement(sheet)


def evaluation_ods(evaluation: Evaluation) -> bytes:
    document = OpenDocumentSpreadsheet()
    styles = _Styles(document)
    for page in evaluation_pages(evaluation):
        _write_page(document, styles, page)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
