"""The State envelopes table of the contract's article, copied one cell per line.

The article giving the State's yearly contributions often holds a table: the amounts of
the programme 104 (and of other programmes) by year. Copied as text, each cell lands on
its own line and no line holds both a year and an amount: without this module the
envelopes would be lost without a word. A run of one-cell lines holding years and amounts
is put back together only when its shape is certain:

- **years down**: a header starting with the year column ("Année", "Exercice"…) of
  exactly ``k`` cells, then rows "year + ``k - 1`` amounts" (and, last, a "Total" row of
  the same width, which is no year's envelope);
- **years across**: the years side by side, then rows "label + one amount per year".

The envelope is the programme 104 column (or row), or the only one. Any other shape (a
cell lost in the copy, no year column title, no programme 104 column among several) is
ambiguous: none of its values is read and one review item names the article and the lines
— a value is never attached to another year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ctai.core.numbers import read_french_number
from ctai.documents.reader.lines import Line, instruction_rest

YEAR_CELL = re.compile(r"^(20\d\d)\.?$")
_YEAR_COLUMN = re.compile(r"^(?:annees?|exercices?|periodes?|millesimes?)\b")
_PROGRAMME_104 = re.compile(r"\b(?:p|bop|programme)\s*104\b|\bctai\b")
_TOTAL = re.compile(r"^total\b")
YEAR, AMOUNT, TEXT = "year", "amount", "text"


@dataclass(slots=True)
class Envelope:
    year: int
    amount: Decimal
    line: Line


@dataclass(slots=True)
class EnvelopeTable:
    """A copied table of the envelopes article: its lines, and either the envelopes read
    (``reason`` is ``None``) or why none was read."""

    lines: list[Line]
    envelopes: list[Envelope]
    reason: str | None


def _kind(line: Line) -> str:
    if YEAR_CELL.match(line.text.strip()):
        return YEAR
    number = read_french_number(line.text, money=True)
    if number is not None and number.unit in (None, "€", "k€"):
        return AMOUNT
    return TEXT


def _amount(line: Line) -> Decimal:
    number = read_french_number(line.text, money=True)
    assert number is not None
    return number.value * 1000 if number.unit == "k€" else number.value


def _runs(lines: list[Line], start: int, end: int) -> list[list[Line]]:
    """Consecutive one-cell lines (blank lines skipped, a line of several cells ends one)."""
    runs: list[list[Line]] = [[]]
    for line in lines[start:end]:
        if line.blank:
            continue
        if len(line.cells) > 1 or instruction_rest(line) is not None:
            runs.append([])
            continue
        runs[-1].append(line)
    return [run for run in runs if run]


def _years_down(cells: list[Line], kinds: list[str], first: int) -> list[Envelope] | str:
    """Rows "year + amounts" under a header starting with the year column."""
    width = 1
    while first + width < len(kinds) and kinds[first + width] == AMOUNT:
        width += 1
    end = len(kinds)
    total_row = [TEXT] + [AMOUNT] * (width - 1)
    if (
        end - width > first
        and _TOTAL.match(cells[end - width].key)
        and kinds[end - width :] == total_row
    ):
        end -= width  # a "Total" row closes the table: the sum of the years, not one
    body = kinds[first:end]
    if len(body) % width or body != ([YEAR] + [AMOUNT] * (width - 1)) * (len(body) // width):
        return "des lignes n'ont pas toutes une année et le même nombre de montants"
    header_start = next(
        (p for p in range(first - 1, -1, -1) if _YEAR_COLUMN.match(cells[p].key)), None
    )
    if header_start is None or first - header_start != width:
        return f"l'en-tête n'a pas exactement {width} cellules commençant par la colonne des années"
    header = [cells[p].key for p in range(header_start + 1, first)]
    columns = [p for p, key in enumerate(header) if _PROGRAMME_104.search(key)]
    if len(header) == 1:
        columns = [0]
    if len(columns) != 1:
        return "aucune colonne (ou plusieurs) ne désigne les crédits du programme 104"
    column = columns[0] + 1
    return [
        Envelope(int(cells[row].text.strip()[:4]), _amount(cells[row + column]), cells[row])
        for row in range(first, end, width)
    ]


def _years_across(cells: list[Line], kinds: list[str], first: int) -> list[Envelope] | str:
    """The years side by side, then rows "label + one amount per year"."""
    count = 0
    while first + count < len(kinds) and kinds[first + count] == YEAR:
        count += 1
    body = kinds[first + count :]
    width = count + 1
    if not body or len(body) % width or body != ([TEXT] + [AMOUNT] * count) * (len(body) // width):
        return f"des lignes n'ont pas un intitulé et exactement {count} montants (un par année)"
    rows = list(range(first + count, len(cells), width))
    chosen = [row for row in rows if _PROGRAMME_104.search(cells[row].key)]
    if len(rows) == 1:
        chosen = rows
    if len(chosen) != 1:
        return "aucune ligne (ou plusieurs) ne désigne les crédits du programme 104"
    row = chosen[0]
    return [
        Envelope(int(cells[first + i].text.strip()[:4]), _amount(cells[row + 1 + i]), cells[row])
        for i in range(count)
    ]


def copied_envelope_tables(lines: list[Line], start: int, end: int) -> list[EnvelopeTable]:
    """The tables of ``lines[start:end]`` copied one cell per line that hold years and
    amounts: read when their shape is certain, otherwise with the reason none was read."""
    tables = []
    for run in _runs(lines, start, end):
        kinds = [_kind(line) for line in run]
        if YEAR not in kinds or kinds.count(AMOUNT) < 1:
            continue
        first = kinds.index(YEAR)
        if AMOUNT in kinds[:first]:
            result: list[Envelope] | str = "des montants précèdent la première année"
        elif first + 1 < len(kinds) and kinds[first + 1] == YEAR:
            result = _years_across(run, kinds, first)
        else:
            result = _years_down(run, kinds, first)
        table_lines = run[max(0, first - 1) :]
        if isinstance(result, str):
            header = next(
                (p for p in range(first - 1, -1, -1) if _YEAR_COLUMN.match(run[p].key)), first
            )
            tables.append(EnvelopeTable(run[min(header, first) :], [], result))
        else:
            tables.append(EnvelopeTable(table_lines, result, None))
    return tables
