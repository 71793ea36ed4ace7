"""Spreadsheet cells safe against formula injection, the euro format and the print set-up, for
every export.

A text cell that starts with ``= + - @``, a tab or a carriage return could run as a formula
when the file is opened (CSV/formula injection): XLSX writers store it as a text cell with a
quote prefix, CSV writers prefix it with an apostrophe.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = '#,##0.00\\ "€"'


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def print_setup(sheet, *, title_rows: str | None) -> None:
    """Print set-up of every worksheet CTAI writes: A4 landscape, the columns fitted to one
    page width (as many pages down as needed), the table's header rows repeated on every page.

    Set it before the first row of a write-only worksheet: the fit-to-page flag is written in
    the worksheet's properties, ahead of the rows.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # no limit down the page
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    if title_rows:
        sheet.print_title_rows = title_rows
