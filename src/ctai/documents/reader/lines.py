"""Lines of the exported document: cleaned text, comparison keys, ticks and instructions.

The office export flattens tables to "label<TAB>value" lines and leaves HTML fragments
(``<i>``, ``<p>``), Markdown emphasis (``**``) and links (``[x](#)``) inside cells. Each
line keeps its raw text (for review items) and gets a cleaned text and a ``key``: the
text without accents, in lower case, with ticked boxes written ``[x]`` and empty boxes
``[ ]``, used for every comparison with the template's wording.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

TICKED = "[x]"
UNTICKED = "[ ]"
FRAGMENT = "\x1f"

_KEY_CHARS = {
    "\u2019": "'",
    "\u2018": "'",
    "`": "'",
    "\u00b4": "'",
    "\u02bc": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00e6": "ae",
    "\u00c6": "AE",
    # Ticked boxes as exported by office suites, and the check marks some people type.
    "\u2612": f" {TICKED} ",
    "\u2611": f" {TICKED} ",
    "\u2714": f" {TICKED} ",
    "\u2713": f" {TICKED} ",
    "\u22a0": f" {TICKED} ",
    "\u25a0": f" {TICKED} ",
    "\u25a3": f" {TICKED} ",
    "\u2610": f" {UNTICKED} ",
    "\u25a1": f" {UNTICKED} ",
    "\u25a2": f" {UNTICKED} ",
}
# str.translate with multi-character values is slow on long lines: substitute only these.
_KEY_SPECIAL = re.compile("[" + "".join(_KEY_CHARS) + "]")
# OCR of the template turned "CTAI" into "CTAl" in places.
_CTAL = re.compile(r"\bctal\b")
_TYPED_TICK = re.compile(r"\[\s*[xX]\s*\]|\(\s*[xX]\s*\)")
_TYPED_EMPTY = re.compile(r"\[\s*\]|\(\s*\)")

_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|hr|br|li|ul|ol|div|tr|td|th)\b[^<>]{0,300}>", re.I)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,300}>")
_LINK = re.compile(r"\[([^\[\]]{1,400})\]\([^()\s]{0,300}\)")
_ESCAPE = re.compile(r"\\([()\[\]*_#.+!-])")
_SUPERSCRIPT = re.compile(r"\^\{([^{}]{0,12})\}")
_EMPHASIS = re.compile(r"\*{2,}")
_EDGE_STAR = re.compile(r"(?:^|(?<=\s))\*+|\*+(?=\s|$)")
_BULLET = re.compile(r"^(?:(?:[-•·*>]|\[x\]|\[ \])\s*)+")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÀ-ÝÉ«\"(\[])")

# Template help texts (consignes), compared by key prefix. They are never content.
INSTRUCTIONS = (
    "decrire precisement l'action",
    "cocher la/les thematique",
    "cocher la ou les thematique",
    "precisez ici",
    "indiquer si l'action est portee",
    "si contributions en nature, precisez lesquelles",
    "cette partie doit etre renseignee",
    "le modele de tableau-indicateur",
    "ajoutez d'autres indicateurs",
    "ajoutez tout indicateur",
    "ajoutez tout",
    "inserez uniquement les tableaux",
    "inserer les tableaux-indicateurs",
    "si necessaire, inserez",
    "nature de l'accompagnement : (plusieurs",
)


@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """Comparison key: no accents, lower case, single spaces, boxes as ``[x]``/``[ ]``."""
    if "[" in text or "(" in text:
        text = _TYPED_TICK.sub(f" {TICKED} ", text)
        text = _TYPED_EMPTY.sub(f" {UNTICKED} ", text)
    if not text.isascii():
        text = _KEY_SPECIAL.sub(lambda m: _KEY_CHARS[m.group()], text)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    # str.split() without argument also splits on no-break and thin spaces.
    text = " ".join(text.lower().split())
    return _CTAL.sub("ctai", text) if "ctal" in text else text


@lru_cache(maxsize=8192)
def clean_fragments(raw: str) -> tuple[str, ...]:
    """Readable pieces of a raw cell: tags and Markdown removed, ``<p>`` blocks split."""
    text = raw
    if "<" in text:
        text = _BLOCK_TAG.sub(FRAGMENT, text)
        text = _ANY_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "^{" in text:
        text = _SUPERSCRIPT.sub(r"\1", text)
    if "*" in text:
        text = _EMPHASIS.sub("", text)
        text = _EDGE_STAR.sub("", text)
    # str.split() without argument splits on every Unicode space, no-break ones included.
    pieces = (" ".join(piece.split()) for piece in text.split(FRAGMENT))
    return tuple(piece for piece in pieces if piece)


def clean(raw: str) -> str:
    """Cleaned text of a raw cell or line (fragments joined by a space)."""
    return " ".join(clean_fragments(raw))


def strip_bullet(key: str) -> str:
    """A key without its leading list marks and boxes ("- [x] ccas" → "ccas")."""
    return _BULLET.sub("", key)


def tokens(key: str) -> tuple[str, ...]:
    """Words of a key, plural marks dropped, for tolerant comparisons of labels."""
    words = re.findall(r"[a-z0-9]+", key)
    return tuple(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words)


@dataclass(slots=True)
class Line:
    """One line of the document (``no`` is 1-based, as in any text editor)."""

    no: int
    raw: str
    cells: list[str]
    text: str
    key: str

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def raw_cells(self) -> list[str]:
        return self.raw.split("\t")


_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:\-]*$")


def _raw_cells(raw: str) -> list[str]:
    """Cells of a line: tab-separated, or a Markdown row "| libellé | montant |"."""
    if "\t" in raw:
        return raw.split("\t")
    pipes = _PIPE_ROW.match(raw) if raw.count("|") >= 2 else None
    if pipes is None:
        return [raw]
    if _PIPE_RULE.match(raw):
        return [""]
    return pipes.group(1).split("|")


def make_line(no: int, raw: str) -> Line:
    raw_cells = _raw_cells(raw)
    cells = [clean(cell) for cell in raw_cells] if len(raw_cells) > 1 else [clean(raw_cells[0])]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    text = " ".join(c for c in cells if c)
    return Line(no, raw, cells, text, norm(text))


def split_lines(text: str) -> list[Line]:
    """Lines of the text, numbered like an editor does (CRLF, CR and LF all end a line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The template repeats the same lines in every sheet: clean each distinct line once.
    seen: dict[str, Line] = {}
    result = []
    for no, raw in enumerate(text.split("\n"), start=1):
        model = seen.get(raw)
        if model is None:
            model = seen[raw] = make_line(no, raw)
            result.append(model)
        else:
            result.append(Line(no, raw, model.cells, model.text, model.key))
    return result


def instruction_rest(line: Line) -> str | None:
    """``None`` when the line is not template help; else what follows the help sentence."""
    key = strip_bullet(line.key)
    if not key.startswith(INSTRUCTIONS):
        return None
    end = _SENTENCE_END.search(line.text)
    return line.text[end.end() :].strip() if end else ""


def after_colon(text: str) -> str:
    """Text after the first colon of a "Label : value" line, stripped."""
    _, sep, rest = text.partition(":")
    return rest.strip(" *") if sep else ""


def first_index(
    lines: list[Line], start: int, end: int, predicate: Callable[[Line], bool]
) -> int | None:
    """Index of the first line in ``[start, end)`` satisfying ``predicate``, or ``None``."""
    for index in range(start, end):
        if predicate(lines[index]):
            return index
    return None
