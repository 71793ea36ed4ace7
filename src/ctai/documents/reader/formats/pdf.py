"""PDF files: text lines and ruled tables of each page, in reading order (PDFium).

A ruled table becomes one line per row with its real cells; text outside tables becomes
lines, a paragraph wrapped over several lines joined again, and words separated by a wide
gap (an unruled table) kept apart as cells. A PDF without text (a scan) or protected by a
password is refused with a French message.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ctai.documents.reader.errors import ReadError
from ctai.documents.reader.formats.lines import Extracted, LineBuilder
from ctai.documents.reader.formats.pdf_layout import Table, page_tables, page_words, row_cut

MAX_PAGES = 400
_PASSWORD = (
    "PDF protégé par un mot de passe : enregistrez une copie sans protection, ou envoyez "
    "le document Word (.docx) ou OpenDocument (.odt) d'origine."
)
_NO_TEXT = (
    "Ce PDF ne contient pas de texte (document scanné ?) : il ne peut pas être lu. "
    "Envoyez le document Word (.docx) ou OpenDocument (.odt) d'origine, ou un PDF exporté "
    "depuis le traitement de texte."
)
# PDFium is not thread-safe: one document at a time in the process.
_PDFIUM = threading.Lock()


def _text_lines(words: list[dict]) -> list[dict]:
    """Words grouped into lines by their baseline; a wide gap (an unruled table) is a tab."""
    lines: list[dict] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        line = lines[-1] if lines else None
        if line is None or abs(word["bottom"] - line["bottom"]) > 2:
            lines.append({**word, "words": [word]})
            continue
        line["words"].append(word)
        line["x1"] = max(line["x1"], word["x1"])
        line["top"] = min(line["top"], word["top"])
    for line in lines:
        parts: list[str] = []
        previous = None
        for word in sorted(line["words"], key=lambda w: w["x0"]):
            if previous is not None:
                height = max(previous["bottom"] - previous["top"], 1)
                parts.append("\t" if word["x0"] - previous["x1"] > 2.5 * height else " ")
            parts.append(word["text"])
            previous = word
        line["text"] = "".join(parts)
        line["x0"] = min(word["x0"] for word in line["words"])
    return lines


def _continued(row: list[str]) -> bool:
    """A first row that is the rest of a sentence: the row above was cut by a page break."""
    first = next((cell for cell in row if cell.strip()), "")
    return first[:1].islower()


class _Reader:
    """Lines of the pages in reading order; remembers whether the last thing was a table."""

    def __init__(self, builder: LineBuilder) -> None:
        self.builder = builder
        self.tables = 0
        self.after_table = False
        self.last_table: Table | None = None

    def page(self, words: list[dict], tables: list, number: int) -> None:
        boxes = [table.bbox for table in tables]
        inside = [any(table.cell_of(word) is not None for table in tables) for word in words]
        outside = [word for word, within in zip(words, inside, strict=True) if not within]
        in_tables = [word for word, within in zip(words, inside, strict=True) if within]
        items: list[tuple[float, int, object]] = [
            (line["top"], 1, line) for line in _text_lines(outside)
        ]
        items += [(table.bbox[1], 0, table) for table in tables]
        items.sort(key=lambda item: (item[0], item[1]))
        # The right edge of the text area: the longest line or the widest table.
        right = max(
            [line["x1"] for _, kind, line in items if kind == 1] + [box[2] for box in boxes],
            default=0,
        )
        previous = None
        physical = 0
        for position, (_, kind, item) in enumerate(items):
            if kind == 0:
                self.table(item, in_tables, number, first=position == 0)
                previous = None
                continue
            physical += 1
            where = f"page {number}, ligne {physical}"
            if previous is not None and _continues(previous, item, right):
                self.builder.extend_last(item["text"])
            else:
                if self.after_table or (previous is not None and _spaced(previous, item)):
                    # A visible gap between paragraphs: the blank line of a text export.
                    self.builder.paragraph("", where)
                self.builder.paragraph(item["text"], where)
            self.after_table = False
            previous = item

    def table(self, table: Table, words: list[dict], number: int, *, first: bool) -> None:
        rows = table.extract(words)
        cut = (
            rows
            and first
            and self.after_table
            and self.last_table is not None
            and (table.open_top or _continued(rows[0]))
            and row_cut(self.last_table, table)
        )
        if cut:
            # The last row of the previous page was cut by the page break.
            self.builder.continue_row(rows.pop(0))
        elif not self.after_table:
            self.builder.paragraph("", f"page {number}")
        self.tables += 1
        for position, cells in enumerate(rows, start=1):
            self.builder.row(cells, f"page {number}, tableau {self.tables}, ligne {position}")
        self.after_table = True
        self.last_table = table


def _spaced(previous: dict, line: dict) -> bool:
    height = max(previous["bottom"] - previous["top"], 1)
    return line["top"] - previous["bottom"] > 0.45 * height


def _continues(previous: dict, line: dict, right: float) -> bool:
    """A wrapped paragraph: no gap between the lines, and the first word of the line would
    not have fitted at the end of the previous one (which is why it was wrapped)."""
    height = max(previous["bottom"] - previous["top"], 1)
    gap = line["top"] - previous["bottom"]
    if gap >= 0.45 * height or "\t" in previous["text"] or "\t" in line["text"]:
        return False
    first = line["words"][0]
    needed = (first["x1"] - first["x0"]) + 0.25 * height
    # A short line is a line of its own, however long the word after it.
    filled = previous["x1"] - previous["x0"] > 0.6 * (right - previous["x0"])
    return filled and previous["x1"] + needed > right - 1


def read_pdf(data: bytes) -> Extracted:
    with _PDFIUM:
        return _read(data)


def _read(data: bytes) -> Extracted:
    builder = LineBuilder("PDF")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == raw.FPDF_ERR_PASSWORD:
            raise ReadError(_PASSWORD) from error
        kind = "syntaxe" if error.err_code == raw.FPDF_ERR_FORMAT else "structure"
        raise ReadError(
            f"PDF endommagé ({kind} illisible) : le fichier ne peut pas être lu."
        ) from error
    try:
        if len(document) > MAX_PAGES:
            raise ReadError(f"PDF refusé : plus de {MAX_PAGES} pages.")
        reader = _Reader(builder)
        chars = 0
        for number in range(1, len(document) + 1):
            try:
                page = document[number - 1]
            except pdfium.PdfiumError as error:
                raise ReadError(
                    f"PDF endommagé (page {number} illisible) : le fichier ne peut pas être lu."
                ) from error
            try:
                words, count = page_words(page)
                chars += count
                reader.page(words, page_tables(page), number)
            finally:
                page.close()
    finally:
        document.close()
    if not chars or not any(line.strip() for line in builder.lines):
        raise ReadError(_NO_TEXT)
    return Extracted("pdf", builder.text(), builder.locations)
