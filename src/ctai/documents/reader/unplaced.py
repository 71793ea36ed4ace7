"""Tables the reader saw but attached to nothing (never silent).

After the contract part and the sheets are read, every table holding a number whose rows
no value, source or review item cites was read by no part of the reader: its figures would
be lost without a word. Such a table becomes a review item at its first row. Tables in the
parts kept as free text (a sheet's description, calendar, partners…, the governance
article) are kept with that text and are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ctai.core.numbers import format_french_number, read_french_number
from ctai.documents.reader.lines import Line, norm
from ctai.documents.reader.structure import Sheet

READ_SECTIONS = ("budget", "indicators")
_SHOWN_ROWS = 4


@dataclass(slots=True)
class Unplaced:
    """A table attached to nothing: its rows and the sheet it sits in (``None``: the
    contract part)."""

    rows: list[Line]
    sheet: int | None

    @property
    def reason(self) -> str:
        first, last = self.rows[0].no, self.rows[-1].no
        where = f"ligne {first}" if first == last else f"lignes {first} à {last}"
        place = "dans cette fiche" if self.sheet is not None else "dans la partie contrat"
        return (
            f"Tableau non rattaché ({len(self.rows)} ligne(s), {where}) : le lecteur l'a vu "
            f"{place} sans savoir à quoi il se rapporte ; ses valeurs ne sont pas importées, "
            "à vérifier et à saisir si elles comptent."
        )

    @property
    def text(self) -> str:
        shown = [" | ".join(c for c in row.cells if c) for row in self.rows[:_SHOWN_ROWS]]
        more = len(self.rows) - _SHOWN_ROWS
        return " / ".join(shown) + (f" / … (+{more} ligne(s))" if more > 0 else "")


def _has_number(line: Line) -> bool:
    return any(read_french_number(cell, money=True) is not None for cell in line.cells if cell)


def _tables(lines: list[Line]) -> list[list[int]]:
    """Indexes of consecutive rows of two cells or more."""
    tables: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if sum(1 for cell in line.cells if cell) >= 2:
            tables[-1].append(index)
        elif tables[-1]:
            tables.append([])
    return [table for table in tables if table]


def _free_text(sheets: list[Sheet], skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    regions = list(skipped)
    for sheet in sheets:
        for name in sheet.sections:
            bounds = sheet.section(name)
            if name not in READ_SECTIONS and bounds is not None:
                regions.append(bounds)
    return regions


def unplaced_tables(
    lines: list[Line],
    sheets: list[Sheet],
    free_text: list[tuple[int, int]],
    cited: set[int],
) -> list[Unplaced]:
    """Tables with a number that no value, source or review item cites, outside free text."""
    regions = _free_text(sheets, free_text)
    found = []
    for table in _tables(lines):
        start = table[0]
        if any(low <= start < high for low, high in regions):
            continue
        rows = [lines[i] for i in table]
        if any(row.no in cited for row in rows) or not any(_has_number(row) for row in rows):
            continue
        sheet = next((s for s in sheets if s.header_start <= start < s.end), None)
        found.append(Unplaced(rows, sheet.heading.number if sheet is not None else None))
    return found


# A summary table of the annex (programmation): a row per sheet, per axis or the total, a
# column per budget figure. Headers name the figure; rows name their sheets.
_COLUMNS = (
    ("p104_subsidy", re.compile(r"\b104\b|subvention|\betat\b")),
    ("local_contribution", re.compile(r"collectivit|contribution (?:de la )?(?:ville|commune)")),
    ("total_cost", re.compile(r"cout total|budget total|^total\b|montant total")),
)
_COLUMN_LABELS = {
    "p104_subsidy": "subvention P104",
    "local_contribution": "contribution de la collectivité",
    "total_cost": "coût total",
}
_TOTAL_ROW = re.compile(r"^(?:sous-)?total\b|^ensemble\b")
_AXIS_ROW = re.compile(r"^axe\D{0,6}(\d+)\b")
_SHEET_ROW = re.compile(r"^(?:fiche|action|fa)\D{0,12}(\d+)\b|^(\d+)\W*$")


def _euros(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral() else 2
    return format_french_number(value, decimals=decimals, unit="€")


def _column(key: str) -> str | None:
    return next((name for name, pattern in _COLUMNS if pattern.search(key)), None)


def _scope(key: str, actions: list[dict]) -> list[dict] | None:
    """The sheets a row sums up, from its label; ``None`` when the label names none."""
    if _TOTAL_ROW.match(key):
        return actions
    axis = _AXIS_ROW.match(key)
    if axis:
        found = [a for a in actions if a["axis"] == int(axis.group(1))]
        return found or None
    sheet = _SHEET_ROW.match(key)
    if sheet:
        number = int(sheet.group(1) or sheet.group(2))
        found = [a for a in actions if a["number"] == number]
        return found or None
    return None


def _sum(actions: list[dict], field: str) -> Decimal | None:
    values = [a["budget"][field] for a in actions]
    if any(v is None for v in values):
        return None
    return sum((Decimal(v) for v in values), Decimal(0))


def summary_check(table: Unplaced, actions: list[dict]) -> tuple[bool, list[str]] | None:
    """Compare a summary table with the sheets read: ``(True, [])`` when every figure is
    the sum of the sheets' figures, ``(False, differences)`` when some line differs,
    ``None`` when the table is not a summary the reader can compare (a figure whose
    column or row names nothing it read)."""
    header, *rows = table.rows
    if _has_number(header) or not rows:
        return None
    columns = [_column(norm(cell)) for cell in header.cells]
    differences: list[str] = []
    compared = 0
    for row in rows:
        label = norm(row.cells[0]) if row.cells else ""
        scope = _scope(label, actions)
        for position, cell in enumerate(row.cells[1:], start=1):
            number = read_french_number(cell, money=True) if cell else None
            if number is None:
                continue
            field = columns[position] if position < len(columns) else None
            if scope is None or field is None or number.unit not in (None, "€", "k€"):
                return None
            value = number.value * 1000 if number.unit == "k€" else number.value
            expected = _sum(scope, field)
            if expected is None:
                return None
            compared += 1
            if value != expected:
                differences.append(
                    f"ligne {row.no} (« {row.cells[0]} »), {_COLUMN_LABELS[field]} : "
                    f"{_euros(value)} dans le tableau, {_euros(expected)} dans "
                    "les fiches"
                )
    if not compared:
        return None
    return not differences, differences


def summary_reason(table: Unplaced, actions: list[dict]) -> str:
    """The review item's text of an unplaced table; a summary of the annex says whether it
    agrees with the sheets rather than implying a loss."""
    if table.sheet is not None:
        return table.reason
    check = summary_check(table, actions)
    if check is None:
        return table.reason
    agrees, differences = check
    first, last = table.rows[0].no, table.rows[-1].no
    where = f"{len(table.rows)} ligne(s), lignes {first} à {last}"
    if agrees:
        return (
            f"Tableau récapitulatif ({where}) : récapitulatif conforme aux fiches — chaque "
            "montant est la somme des montants lus dans les fiches ; il n'est pas importé, "
            "rien n'est perdu."
        )
    return (
        f"Tableau récapitulatif ({where}) qui diffère des fiches lues : "
        + " ; ".join(differences)
        + ". À vérifier : le tableau n'est pas importé, les fiches font foi."
    )
