"""Tables the reader saw but attached to nothing (never silent).

After the contract part and the sheets are read, every table holding a number whose rows
no value, source or review item cites was read by no part of the reader: its figures would
be lost without a word. Such a table becomes a review item at its first row. Tables in the
parts kept as free text (a sheet's description, calendar, partners…, the governance
article) are kept with that text and are not reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctai.core.numbers import read_french_number
from ctai.documents.reader.lines import Line
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
