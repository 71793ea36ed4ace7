"""What a PDF page holds, read with PDFium (pypdfium2): its words with their boxes and the
ruled tables drawn on it.

PDFium reads a page in milliseconds where pdfminer takes a fraction of a second; the reader
only needs words (with their position) and the rules of tables, so it asks for nothing more.
Coordinates are returned as pdfplumber's are: from the top-left corner of the page, ``top``
and ``bottom`` growing downwards.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# Two rules closer than this are the same rule (a border drawn as a thin filled rectangle,
# or the common border of two cells drawn twice).
_SNAP = 1.5
# A rule ending this close to another still meets it.
_JOIN = 3.0
# A path thinner than this is a rule, whatever its shape.
_THIN = 2.5
_HYPHEN = 0x2D
# A word: characters up to a space, a tab, a line end, a no-break space or a NUL.
_WORD = re.compile(r"[^\x00\t\n\r \xa0\uffff]+")
# Past this many rules a page is a drawing, not a table: its text is read as text.
MAX_RULES = 20_000


@dataclass(slots=True)
class Rule:
    """A horizontal (``x0``..``x1`` at ``y``) or vertical (``top``..``bottom`` at ``x``)
    rule of the page."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass(slots=True)
class Table:
    """A ruled table: its box, and per row band the x positions of its cell borders;
    ``open_top`` or ``open_bottom`` when its cells go on past its first or last rule (a row
    cut by a page break, drawn without a border at the break).

    ``extract`` fills ``first_row`` and ``last_row`` with each cell's lines of words (an
    empty list for an empty cell), which tell whether a row was cut by a page break.
    """

    bbox: tuple[float, float, float, float]
    rows: list[tuple[float, float, list[float]]] = field(default_factory=list)
    open_top: bool = False
    open_bottom: bool = False
    first_row: list[tuple[float, float, list[list[dict]]]] = field(default_factory=list)
    last_row: list[tuple[float, float, list[list[dict]]]] = field(default_factory=list)

    def cell_of(self, word: dict) -> tuple[int, int] | None:
        """The (row, column) of the cell holding the middle of the word, if any: a word in
        the table's box but in no cell is text of the page, never dropped."""
        x = (word["x0"] + word["x1"]) / 2
        y = (word["top"] + word["bottom"]) / 2
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        for row, (top, bottom, borders) in enumerate(self.rows):
            if top <= y <= bottom:
                for column in range(len(borders) - 1):
                    if borders[column] <= x <= borders[column + 1]:
                        return row, column
                return None
        return None

    def extract(self, words: list[dict]) -> list[list[str]]:
        """The text of each cell, row by row; the lines of a cell joined by a line break."""
        cells: dict[tuple[int, int], list[dict]] = {}
        for word in words:
            cell = self.cell_of(word)
            if cell is not None:
                cells.setdefault(cell, []).append(word)
        lines = [
            [
                (borders[column], borders[column + 1], _lines(cells.get((row, column), [])))
                for column in range(len(borders) - 1)
            ]
            for row, (_, _, borders) in enumerate(self.rows)
        ]
        self.first_row, self.last_row = lines[0], lines[-1]
        return [[_text(cell) for _, _, cell in row] for row in lines]


def _lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        if lines and abs(word["bottom"] - lines[-1][-1]["bottom"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _text(lines: list[list[dict]]) -> str:
    return "\n".join(" ".join(word["text"] for word in line) for line in lines)


def row_cut(before: Table, after: Table) -> bool:
    """Whether the first row of ``after`` (the next page) is the rest of the last row of
    ``before``: same columns, and either the row is drawn open at the page break, or the
    first word of its first filled cell would not have fitted at the end of the same cell
    above (which is why it went to the next line, here the next page). A row that merely
    starts in lower case ("dont femmes") is a row."""
    if len(before.last_row) != len(after.first_row):
        return False
    if before.open_bottom and after.open_top:
        return True
    for (_, right, above), (left, _, below) in zip(before.last_row, after.first_row, strict=True):
        if not below:
            continue
        if not above:
            return False
        word = below[0][0]
        height = max(word["bottom"] - word["top"], 1)
        padding = max(word["x0"] - left, 0)
        end = above[-1][-1]["x1"]
        return end + 0.25 * height + (word["x1"] - word["x0"]) > right - padding
    return False


def page_words(page: pdfium.PdfPage) -> tuple[list[dict], int]:
    """The words of the page (``text``, ``x0``, ``x1``, ``top``, ``bottom``) and its number
    of characters. A word is a run of characters between spaces or line ends; its height is
    the font's (ascent to descent), as pdfplumber gives it, not the glyphs' ink."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return [], 0
        buffer = (ctypes.c_ushort * (count + 1))()
        raw.FPDFText_GetText(textpage, 0, count, buffer)
        # PDFium marks a hyphen that ends a line (0xFFFE, or 0x02) and joins the two
        # lines; it is a real hyphen of the page, the line builder decides how to join.
        units = [_HYPHEN if unit in (0xFFFE, 0x02) else unit for unit in buffer[:count]]
        box = raw.FS_RECTF()
        box_pointer = ctypes.byref(box)

        def loose(index: int) -> tuple[float, float, float, float]:
            raw.FPDFText_GetLooseCharBox(textpage, index, box_pointer)
            return box.left, height - box.top, box.right, height - box.bottom

        text = "".join(map(chr, units))
        words: list[dict] = []
        for match in _WORD.finditer(text):
            words.extend(_word(text, match.start(), match.end(), loose))
        return words, sum(match.end() - match.start() for match in _WORD.finditer(text))
    finally:
        textpage.close()


def _word(text: str, start: int, end: int, loose) -> list[dict]:
    """The word of characters ``start``..``end``; split where a character is not on the
    line of the one before (PDFium joins the two halves of a word hyphenated at a line
    end, with no line end between them)."""
    x0, top, x1, bottom = loose(start)
    if end - start > 1:
        last = loose(end - 1)
        if abs(last[3] - bottom) <= 2 and last[0] >= x0 - 1:
            return [_piece(text[start:end], x0, top, last[2], bottom)]
    pieces: list[dict] = []
    first = start
    for index in range(start + 1, end):
        box = loose(index)
        if abs(box[3] - bottom) > 2 or box[0] < x0 - 1:
            pieces.append(_piece(text[first:index], x0, top, x1, bottom))
            first = index
            x0, top, x1, bottom = box
        else:
            x1 = max(x1, box[2])
            top = min(top, box[1])
    pieces.append(_piece(text[first:end], x0, top, x1, bottom))
    return pieces


def _piece(text: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        # A character outside the BMP is two UTF-16 units, one PDFium character each.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom}


def page_tables(page: pdfium.PdfPage) -> list[Table]:
    """The ruled tables of the page, from its drawn rules (thin paths, rectangle sides)."""
    rules = _snap(_rules(page))
    if len(rules) > MAX_RULES:
        return []
    tables = []
    alone: list[Rule] = []
    for group in _connected(rules):
        table = _table(group)
        if table is not None:
            tables.append(table)
        elif len(group) == 1 and not group[0].horizontal:
            alone.append(group[0])
    tables += _page_long_rows(alone, page.get_height())
    return sorted(tables, key=lambda table: (table.bbox[1], table.bbox[0]))


def _page_long_rows(verticals: list[Rule], height: float) -> list[Table]:
    """A row taller than a page: on the pages in between, only the sides of its cells are
    drawn, with the same span, over most of the page."""
    spans: dict[tuple[int, int], list[Rule]] = {}
    for rule in verticals:
        if rule.end - rule.start > height / 2:
            spans.setdefault((round(rule.start / 4), round(rule.end / 4)), []).append(rule)
    tables = []
    for sides in spans.values():
        borders = _clusters([rule.at for rule in sides])
        if len(borders) >= 2:
            top = min(rule.start for rule in sides)
            bottom = max(rule.end for rule in sides)
            tables.append(
                Table(
                    (borders[0], top, borders[-1], bottom),
                    [(top, bottom, borders)],
                    open_top=True,
                    open_bottom=True,
                )
            )
    return tables


def _rules(page: pdfium.PdfPage) -> list[Rule]:
    height = page.get_height()
    rules: list[Rule] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        if len(rules) > MAX_RULES:
            break
        raw.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        )
        x0, x1 = left.value, right.value
        y0, y1 = height - top.value, height - bottom.value
        if y1 - y0 <= _THIN and x1 - x0 > _THIN:
            rules.append(Rule(True, (y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= _THIN and y1 - y0 > _THIN:
            rules.append(Rule(False, (x0 + x1) / 2, y0, y1))
        elif x1 - x0 > _THIN and y1 - y0 > _THIN:
            rules.extend(_path_rules(obj, height))
    return rules


def _path_rules(obj, height: float) -> list[Rule]:
    """The straight horizontal and vertical strokes of a path (a drawn grid, a cell's
    rectangle); curves are not table rules."""
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return []
    count = raw.FPDFPath_CountSegments(obj)
    if count > 4 * MAX_RULES:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    rules: list[Rule] = []
    start = previous = None
    for index in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (
            matrix.a * x.value + matrix.c * y.value + matrix.e,
            height - (matrix.b * x.value + matrix.d * y.value + matrix.f),
        )
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add_stroke(rules, previous, point)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        previous = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_stroke(rules, point, start)
            previous = start
    return rules


def _add_stroke(rules: list[Rule], a: tuple[float, float], b: tuple[float, float]) -> None:
    if abs(a[1] - b[1]) <= 0.5 and abs(a[0] - b[0]) > _THIN:
        rules.append(Rule(True, (a[1] + b[1]) / 2, min(a[0], b[0]), max(a[0], b[0])))
    elif abs(a[0] - b[0]) <= 0.5 and abs(a[1] - b[1]) > _THIN:
        rules.append(Rule(False, (a[0] + b[0]) / 2, min(a[1], b[1]), max(a[1], b[1])))


def _snap(rules: list[Rule]) -> list[Rule]:
    """Rules on the same line that overlap or nearly touch become one."""
    merged: list[Rule] = []
    for horizontal in (True, False):
        ordered = sorted(
            (rule for rule in rules if rule.horizontal is horizontal),
            key=lambda rule: (rule.at, rule.start),
        )
        lines: list[list[Rule]] = []
        for rule in ordered:
            if lines and rule.at - lines[-1][0].at <= _SNAP:
                lines[-1].append(rule)
            else:
                lines.append([rule])
        for line in lines:
            at = sum(rule.at for rule in line) / len(line)
            current = None
            for rule in sorted(line, key=lambda rule: rule.start):
                if current is not None and rule.start <= current.end + _JOIN:
                    current.end = max(current.end, rule.end)
                    continue
                current = Rule(horizontal, at, rule.start, rule.end)
                merged.append(current)
    return merged


def _meets(h: Rule, v: Rule) -> bool:
    return h.start - _JOIN <= v.at <= h.end + _JOIN and v.start - _JOIN <= h.at <= v.end + _JOIN


def _connected(rules: list[Rule]) -> list[list[Rule]]:
    """Groups of rules that touch each other: each group is a candidate table."""
    horizontals = [rule for rule in rules if rule.horizontal]
    verticals = [rule for rule in rules if not rule.horizontal]
    parent = list(range(len(rules)))
    index = {id(rule): position for position, rule in enumerate(rules)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verticals.sort(key=lambda rule: rule.at)
    xs = [rule.at for rule in verticals]

    for h in horizontals:
        low = bisect_left(xs, h.start - _JOIN)
        high = bisect_right(xs, h.end + _JOIN)
        for v in verticals[low:high]:
            if _meets(h, v):
                a, b = root(index[id(h)]), root(index[id(v)])
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Rule]] = {}
    for position, rule in enumerate(rules):
        groups.setdefault(root(position), []).append(rule)
    return list(groups.values())


def _clusters(values: list[float]) -> list[float]:
    result: list[float] = []
    for value in sorted(values):
        if result and value - result[-1] <= _SNAP:
            continue
        result.append(value)
    return result


def _table(rules: list[Rule]) -> Table | None:
    horizontals = [rule for rule in rules if rule.horizontal]
    verticals = [rule for rule in rules if not rule.horizontal]
    if not horizontals or len(verticals) < 2:
        return None
    ys = _clusters([rule.at for rule in horizontals])
    # Cell sides going on past the last rule: the row was cut by the end of the page (or
    # begins above the first rule, at the top of the next page), and is closed there.
    top = min(rule.start for rule in verticals)
    bottom = max(rule.end for rule in verticals)
    open_top = top < ys[0] - 2 * _JOIN
    open_bottom = bottom > ys[-1] + 2 * _JOIN
    ys = [top] * open_top + ys + [bottom] * open_bottom
    if len(ys) < 2:
        return None
    rows = []
    for top, bottom in itertools.pairwise(ys):
        # A row band is closed on both sides by rules that span it.
        borders = _clusters(
            [v.at for v in verticals if v.start <= top + _JOIN and v.end >= bottom - _JOIN]
        )
        if len(borders) >= 2:
            rows.append((top, bottom, borders))
    if not rows:
        return None
    x0 = min(rule.start if rule.horizontal else rule.at for rule in rules)
    x1 = max(rule.end if rule.horizontal else rule.at for rule in rules)
    return Table((x0, ys[0], x1, ys[-1]), rows, open_top=open_top, open_bottom=open_bottom)
