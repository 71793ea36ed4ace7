"""Tables copied one cell per line (each cell of a row on its own line).

A Word or PDF table copied as text often loses its tabs: every cell lands on its own line.
Inside a sheet's budget or indicator section, such a run of one-cell lines is put back
into rows before the section is read, when its shape leaves no doubt:

- **rows with a label**: a header of ``k`` cells (or none, when several rows share one
  shape), then rows of ``k`` cells — a label and ``k - 1`` numbers ("Financeur / Montant /
  %" then "CAF / 2 000 € / 20 %" …);
- **one row of values**: ``k`` header cells then ``k`` numbers ("Subvention P104 /
  Contribution de la collectivité / Coût total" then "10 000 € / 2 000 € / 12 000 €"):
  the i-th value belongs to the i-th header, read as the row "header | value".

A label followed by a single number is left to the readers' "value on the next line" rule.
Any other shape with several numbers side by side (a header cell, a label or a value
missing, rows of different widths, text before the header) is ambiguous: its cells are
set aside, none is read, and the reader lists them in a review item — a value is never
shifted onto another row's label. Beside such a table, a label with a number alone is a
row that lost cells: set aside too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctai.core.numbers import read_french_number
from ctai.documents.reader.lines import Line, instruction_rest, make_line

TEXT, NUMBER, SHARE = "text", "number", "share"


@dataclass(slots=True)
class Ambiguous:
    """Cells set aside: their lines (in order) and why."""

    lines: list[Line]
    reason: str


def _kind(line: Line) -> str:
    number = read_french_number(line.text, money=True)
    if number is None:
        return TEXT
    return SHARE if number.unit == "%" else NUMBER


def _runs(lines: list[Line], start: int, end: int) -> list[list[int]]:
    """Indexes of consecutive one-cell lines (blank lines skipped, any other line ends a run)."""
    runs: list[list[int]] = [[]]
    for index in range(start, end):
        line = lines[index]
        if line.blank:
            continue
        if len(line.cells) > 1 or instruction_rest(line) is not None:
            runs.append([])
            continue
        if line.key.startswith("commentaire"):
            break
        runs[-1].append(index)
    return [run for run in runs if run]


def _row(lines: list[Line], indexes: list[int], at: int) -> Line:
    """A rebuilt row: the cells of ``indexes`` joined by tabs, numbered like line ``at``."""
    raw = "\t".join(lines[i].text for i in indexes)
    row = make_line(lines[at].no, raw)
    return row


def _blank(line: Line) -> Line:
    return Line(line.no, "", [""], "", "")


@dataclass(slots=True)
class _Run:
    lines: list[Line]
    indexes: list[int]
    kinds: list[str]

    def numbers_from(self, position: int) -> int:
        count = 0
        while position + count < len(self.kinds) and self.kinds[position + count] != TEXT:
            count += 1
        return count


def _labelled_rows(run: _Run, label: int, width: int) -> int:
    """How many rows "label + ``width - 1`` numbers" follow from ``label``, all alike."""
    pattern = run.kinds[label + 1 : label + width]
    rows, position = 0, label
    while (
        position + width <= len(run.kinds)
        and run.kinds[position] == TEXT
        and run.kinds[position + 1 : position + width] == pattern
        and run.numbers_from(position + 1) == width - 1
    ):
        rows += 1
        position += width
    return rows


def _set_aside(run: _Run, positions: list[int], why: str, ambiguous: list[Ambiguous]) -> None:
    """Blank the cells at ``positions`` of the run and list them for review."""
    indexes = [run.indexes[p] for p in positions]
    ambiguous.append(Ambiguous([run.lines[i] for i in indexes], why))
    for index in indexes:
        run.lines[index] = _blank(run.lines[index])


def _to_last_number(run: _Run, start: int) -> list[int]:
    return list(range(start, max(p for p, kind in enumerate(run.kinds) if kind != TEXT) + 1))


def _join(run: _Run, cells: list[int], at: int) -> None:
    """Cells (run positions) put back into one row at the first cell's place."""
    lines, indexes = run.lines, [run.indexes[p] for p in cells]
    lines[indexes[0]] = _row(lines, indexes, at)
    for index in indexes[1:]:
        lines[index] = _blank(lines[index])


def _rows_fit(rows: int, header: int, width: int) -> bool:
    """Rows with a label are certain under a header of exactly their width, or, with no
    header at all, when several rows share one shape. A header one cell short, or text
    before the header, could be a row that lost its label: not certain."""
    return (rows >= 1 and header == width) or (rows >= 2 and header == 0)


def _regroup_run(run: _Run, ambiguous: list[Ambiguous]) -> None:
    alone: list[int] = []
    if _regroup_tables(run, ambiguous, alone) and alone:
        # Beside a table, a number alone with its label is a row that lost cells.
        _set_aside(
            run,
            alone,
            "Cellules isolées d'un tableau copié une cellule par ligne (une ligne du tableau a "
            "perdu des cellules) : aucune de leurs valeurs n'est rattachée, à saisir.",
            ambiguous,
        )


def _regroup_tables(run: _Run, ambiguous: list[Ambiguous], alone: list[int]) -> bool:
    """Rows put back in place; ``alone`` gets the cells of a number alone after its label.
    True when the run held a table (read or set aside)."""
    kinds = run.kinds
    position, tables = 0, False
    while position < len(kinds):
        first = next((p for p in range(position, len(kinds)) if kinds[p] != TEXT), None)
        if first is None:
            return tables
        count = run.numbers_from(first)
        before = first - position
        if count < 2:
            alone.extend(range(max(position, first - 1), first + count))
            position = first + count
            continue
        tables = True
        if before == count and len(set(kinds[first : first + count])) == 1:
            # One row of values, all of one kind, under as many header cells.
            for header in range(position, first):
                value = header + count
                run.lines[run.indexes[header]] = _row(
                    run.lines, [run.indexes[header], run.indexes[value]], run.indexes[value]
                )
                run.lines[run.indexes[value]] = _blank(run.lines[run.indexes[value]])
            position = first + count
            continue
        width, label = count + 1, first - 1
        rows = _labelled_rows(run, label, width) if before >= 1 else 0
        header = before - 1
        if not _rows_fit(rows, header, width):
            _set_aside(
                run,
                _to_last_number(run, position),
                f"Tableau copié une cellule par ligne dont la forme est ambiguë ({before} "
                f"intitulé(s) puis {count} nombres côte à côte) : aucune de ses valeurs n'est "
                "rattachée, à saisir.",
                ambiguous,
            )
            return tables
        if header == width:
            _join(run, list(range(label - width, label)), run.indexes[label - width])
        for row in range(rows):
            cells = list(range(label + row * width, label + (row + 1) * width))
            _join(run, cells, run.indexes[cells[0]])
        position = label + rows * width
        if position + 1 < len(kinds) and kinds[position] == TEXT and kinds[position + 1] != TEXT:
            # A row of another width right after the table: a cell lost, no guessing.
            _set_aside(
                run,
                _to_last_number(run, position),
                f"Ligne d'un tableau copié une cellule par ligne qui n'a pas le nombre de "
                f"cellules des autres ({width}) : aucune de ses valeurs n'est rattachée, "
                "à saisir.",
                ambiguous,
            )
            return tables
    return tables


def regroup_cells(lines: list[Line], start: int, end: int) -> list[Ambiguous]:
    """Put back into rows the one-cell-per-line tables of ``lines[start:end]`` (in place);
    the ambiguous ones are blanked and returned."""
    ambiguous: list[Ambiguous] = []
    for indexes in _runs(lines, start, end):
        kinds = [_kind(lines[i]) for i in indexes]
        if sum(kind != TEXT for kind in kinds) >= 2:
            _regroup_run(_Run(lines, indexes, kinds), ambiguous)
    return ambiguous
