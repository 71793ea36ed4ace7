"""Spreadsheet cells safe against formula injection, and the euro format, for every export.

A text cell that starts with ``= + - @``, a tab or a carriage return could run as a formula
when the file is opened (CSV/formula injection): XLSX writers store it as a text cell with a
quote prefix, CSV writers prefix it with an apostrophe.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = '#,##0.00\\ "€"'


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)
