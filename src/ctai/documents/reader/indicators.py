"""Section 9 of an action sheet: indicator tables (label | Objectif / valeur-cible).

The part is read as a small state machine over lines: theme headings switch the section
(and tick the theme when written "☒ Theme"), "Objectif Valeurs-cibles" opens a table,
"Commentaires" starts free text. A row is standard when its label matches the catalogue
of its section, allowing for the variants operators write; otherwise it is the
operator's own row (``code`` null). Values may sit in the next line, be glued to the
label ("dont hommes 10"), or be shared by labels merged in one cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ctai.contracts.catalogues import THEMES
from ctai.core.numbers import format_amount, read_target
from ctai.documents.reader.lines import (
    TICKED,
    Line,
    clean,
    clean_fragments,
    instruction_rest,
    norm,
    strip_bullet,
    tokens,
)
from ctai.documents.reader.review import ReviewList
from ctai.indicators.catalogue import INDICATORS, SECTIONS

_SECTION_CODES = {code for code, _ in SECTIONS}
_THEME_CODES = {code for code, _ in THEMES}


def _section_of_theme(code: str) -> str:
    if code in _SECTION_CODES:
        return code
    return "francais" if code.startswith("francais") else "autres"


# Headings of the indicator part: theme labels and section titles → (section, theme).
_HEADINGS: dict[str, tuple[str, str | None]] = {
    norm(label): (_section_of_theme(code), code) for code, label in THEMES
}
for _code, _label in SECTIONS:
    if _code not in ("beneficiaires", "acteurs_integration", "autres"):
        _HEADINGS.setdefault(norm(_label), (_code, _code if _code in _THEME_CODES else None))

_MARKERS: tuple[tuple[str, str], ...] = (
    ("indicateurs relatifs au nombre de beneficiaires", "beneficiaires"),
    ("si l'action s'adresse a des etrangers", "beneficiaires"),
    ("si l'action s'adresse a des acteurs", "acteurs_integration"),
    ("indicateurs qualitatifs (par type", "autres"),
    ("le modele de tableau-indicateur", "autres"),
)
_NUMBERING = re.compile(r"^[\d.\s]+")
# An italic note after a label's words ("... pérenne <i>Une sortie positive est ...</i>"),
# not a label that is entirely in italics.
_NOTE = re.compile(r"(?<=[^\s>])\s*<i>.{0,600}?</i>", re.IGNORECASE)
_EMPTY_PARENTHESES = re.compile(r"\s*\(\s*\)")
_PARENTHESES = re.compile(r"\([^()]{0,600}\)")
_HEADER_WORDS = re.compile(
    r"^(?:objectifs?(?: ?[/:-]? ?valeurs?[- ]cibles?)?|valeurs?[- ]cibles?(?: 20\d\d)?|"
    r"cibles?(?: 20\d\d)?|description|indicateurs?(?: qualitatifs?)?|intitule|periode|"
    r"jalon / etape)$"
)
_PLACEHOLDER_LABELS = {
    ("intitule", "indicateur"),
    ("description", "de", "outil", "et", "de", "methode"),
}
_TOOLS_VALUE = ("description des outils", "description")
_SEPARATOR = re.compile(r"^[-=_|:.\s]*$")
_GLUED_SPLIT = re.compile(r"\s*:\s*|[\s:]+(?=\d)")
_NUMERIC_START = re.compile(r"^[~≈]?\s*-?\d")
_DONT = re.compile(r"(?=\bdont\b)", re.IGNORECASE)

_BY_SECTION: dict[str, list[tuple[tuple[str, ...], str]]] = {}
_BY_TOKENS: dict[tuple[str, ...], list[str]] = {}


@lru_cache(maxsize=2048)
def label_tokens(raw_label: str) -> tuple[str, ...]:
    """Words of a label without its notes (<i>...</i>) and explanations in brackets."""
    text = clean(_NOTE.sub("", raw_label))
    for _ in range(2):
        text = _PARENTHESES.sub(" ", text)
    return tokens(norm(text))


for _definition in INDICATORS:
    _tokens = label_tokens(_definition.label)
    _BY_SECTION.setdefault(_definition.section, []).append((_tokens, _definition.code))
    _BY_TOKENS.setdefault(_tokens, []).append(_definition.code)


def _common_prefix(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


@lru_cache(maxsize=4096)
def match_indicator(words: tuple[str, ...], section: str) -> str | None:
    """Catalogue code of a row label in a section, tolerant to the usual variants."""
    if not words:
        return None
    candidates = _BY_SECTION.get(section, [])
    for known, code in candidates:
        if known == words:
            return code
    scores: dict[str, float] = {}
    for known, code in candidates:
        shortest = min(len(known), len(words))
        if shortest < 3:
            continue
        if _is_subsequence(known, words):
            # The catalogue wording with the operator's additions ("... dans un parcours
            # de formation à la mobilité ayant obtenu le code de la route").
            scores[code] = 1.0
            continue
        score = _common_prefix(known, words) / shortest
        if score < 0.8:
            union = set(known) | set(words)
            score = max(score, len(set(known) & set(words)) / len(union))
        if score >= 0.8:
            scores[code] = max(score, scores.get(code, 0))
    if scores:
        best = max(scores.values())
        winners = [code for code, score in scores.items() if score == best]
        return winners[0] if len(winners) == 1 else None
    if section not in ("beneficiaires", "acteurs_integration"):
        # A standard row under a missing or unexpected heading (a table with no section
        # title at all is read as "autres"): exact wording only.
        exact = _BY_TOKENS.get(words, [])
        return exact[0] if len(exact) == 1 else None
    return None


def _exact(words: tuple[str, ...], section: str) -> str | None:
    for known, code in _BY_SECTION.get(section, []):
        if known == words:
            return code
    return None


@lru_cache(maxsize=4096)
def _split_glued(text: str, section: str) -> tuple[str, str | None, str] | None:
    """Label and value typed in one cell ("dont hommes 10", "dont moins de 25 ans : 24")."""
    for match in _GLUED_SPLIT.finditer(text):
        label, value = text[: match.start()], text[match.end() :].strip()
        code = _exact(label_tokens(label), section)
        if code is not None:
            return label, value or None, code
    return None


@dataclass(slots=True)
class Row:
    label: str
    line: Line
    code: str | None
    section: str
    value: str | None = None
    value_line: Line | None = None
    placeholder: bool = False


def heading(line: Line) -> tuple[str, str | None, bool] | None:
    """(section, theme, ticked) when a line, or a ``**`` piece of it, is a theme heading."""
    if len(line.cells) > 1:
        return None
    return _heading_of(line.raw)


@lru_cache(maxsize=4096)
def _heading_of(raw: str) -> tuple[str, str | None, bool] | None:
    segments = [c for c in (clean(part) for part in re.split(r"\*{2,}", raw)) if c]
    for segment in segments:
        key = norm(segment)
        key = key.removeprefix("commentaires :").removeprefix("commentaire :").strip(" -•")
        ticked = key.startswith(TICKED)
        key = _NUMBERING.sub("", strip_bullet(key)).rstrip(" :")
        if key in _HEADINGS:
            section, theme = _HEADINGS[key]
            return section, theme, ticked
    return None


def _marker(key: str) -> str | None:
    key = _NUMBERING.sub("", key)
    for prefix, section in _MARKERS:
        if key.startswith(prefix):
            return section
    return None


def _is_header(line: Line) -> bool:
    keys = [norm(c) for c in line.cells if c]
    return bool(keys) and all(_HEADER_WORDS.match(k) for k in keys)


def _empty_value(text: str) -> bool:
    key = norm(text)
    return not key or bool(_SEPARATOR.match(key)) or bool(_HEADER_WORDS.match(key))


@lru_cache(maxsize=4096)
def _label_pieces(raw: str) -> tuple[str, ...]:
    """Labels merged in one cell: <p> blocks, or "dont ..." items run together."""
    pieces = [_EMPTY_PARENTHESES.sub("", p) for p in clean_fragments(_NOTE.sub("", raw))]
    if len(pieces) == 1 and len(re.findall(r"\bdont\b", pieces[0], re.IGNORECASE)) > 1:
        split = [p.strip() for p in _DONT.split(pieces[0]) if p.strip()]
        if all(match_indicator(label_tokens(p), "beneficiaires") for p in split):
            pieces = split
    return tuple(pieces)


class IndicatorReader:
    """Reads the indicator part of one sheet."""

    def __init__(self, number: int, review: ReviewList) -> None:
        self.number = number
        self.review = review
        self.rows: list[Row] = []
        self.themes: dict[str, int] = {}
        self.section = "autres"
        self.state = "text"  # text | table | comment
        self.contiguous = False
        self.pending: Row | None = None
        self.tools: Row | None = None

    def _known(self, raw: str) -> bool:
        words = label_tokens(raw)
        return words in _PLACEHOLDER_LABELS or match_indicator(words, self.section) is not None

    def _row(self, text: str, line: Line) -> Row:
        """A row for one label, with the value glued to it when there is one."""
        words = label_tokens(text)
        code = match_indicator(words, self.section)
        value = None
        if code is None or _exact(words, self.section) is None:
            glued = _split_glued(clean(text), self.section)
            if glued is not None:
                text, value, code = glued
        label = clean(text).rstrip(" :")
        placeholder = words in _PLACEHOLDER_LABELS
        return Row(label, line, code, self.section, value, line if value else None, placeholder)

    def _rows(self, line: Line) -> list[Row]:
        raw_cells = line.raw_cells
        labels = _label_pieces(raw_cells[0])
        value_raw = "\t".join(raw_cells[1:])
        values = [v for c in raw_cells[1:] for v in clean_fragments(c)]
        value_labels = [p for v in values for p in _label_pieces(v)]
        if value_labels and all(self._known(p) for p in value_labels):
            # Labels pushed into the value column ("dont BPI | dont BPI hommes ...").
            labels, values = (*labels, *value_labels), []
        rows = [self._row(label, line) for label in labels]
        if not values or _empty_value(" ".join(values)):
            return rows
        if norm(" ".join(values)).startswith(_TOOLS_VALUE) and len(rows) == 1:
            self.tools = rows[0]
            return rows
        if len(rows) == 1:
            rows[0].value, rows[0].value_line = " : ".join(values), line
        elif len(values) == len(rows):
            for row, value in zip(rows, values, strict=True):
                row.value, row.value_line = value, line
        else:
            self.review.add(
                line,
                f"Une valeur (« {clean(value_raw)} ») pour plusieurs libellés fusionnés dans "
                "une même cellule : impossible de savoir à quelle ligne elle se rapporte.",
                action=self.number,
                field="indicators",
            )
        return rows

    def feed(self, line: Line) -> None:
        if line.blank:
            self.contiguous, self.tools = False, None
            return
        found = heading(line)
        if found is not None:
            self.section, theme, ticked = found
            if ticked and theme is not None:
                self.themes.setdefault(theme, line.no)
            self._reset("text")
            return
        marker = _marker(line.key)
        if marker is not None:
            self.section = marker
            self._reset("text")
            return
        if line.key.startswith("commentaire"):
            self._reset("comment")
            return
        if instruction_rest(line) is not None or _SEPARATOR.match(line.key):
            return
        if _is_header(line):
            self._reset("table")
            self.contiguous = True
            return
        self._content(line)

    def _reset(self, state: str) -> None:
        self.state, self.contiguous, self.pending, self.tools = state, False, None, None

    def _content(self, line: Line) -> None:
        first = line.cells[0]
        others = [c for c in line.cells[1:] if c]
        if self.tools is not None and not self._known(line.raw_cells[0]):
            text = " : ".join(c for c in line.cells if c)
            tools = self.tools
            tools.value = f"{tools.value}\n{text}" if tools.value else text
            tools.value_line = tools.value_line or line
            return
        self.tools = None
        if self.state == "comment" and not self._known(line.raw_cells[0]):
            return  # free text under "Commentaires", whatever digits it holds
        if first and not others and _NUMERIC_START.match(first) and not self._known(first):
            self._bare_value(first, line)
            return
        if first.startswith("("):
            return  # the explanation of the previous label, wrapped on its own row
        if not first and not all(self._known(c) for c in others):
            self._unplaced(line)
            return
        rows = self._rows(line)
        known = any(r.code or r.placeholder for r in rows)
        in_table = self.state == "table" and self.contiguous
        has_value = any(r.value for r in rows) or self.tools is not None
        if not (known or in_table or (others and has_value)):
            self.contiguous = False
            return
        self.state, self.contiguous = "table", True
        self.rows.extend(rows)
        last = rows[-1] if rows else None
        self.pending = last if last is not None and last.value is None else None

    def _bare_value(self, text: str, line: Line) -> None:
        if self.pending is None:
            self._unplaced(line)
            return
        self.pending.value, self.pending.value_line = text, line
        self.pending = None

    def _unplaced(self, line: Line) -> None:
        self.pending = None
        self.review.add(
            line,
            "Valeur sans libellé dans un tableau d'indicateurs : impossible de la rattacher "
            "à une ligne.",
            action=self.number,
            field="indicators",
        )

    def result(self) -> list[dict[str, object]]:
        indicators: list[dict[str, object]] = []
        for row in self.rows:
            if row.placeholder:
                # The template's own wording ("Intitulé indicateur") is never an indicator's
                # name: a value written beside it is a point to review, not an indicator.
                if row.value is not None:
                    self.review.add(
                        row.value_line or row.line,
                        f"Le libellé de l'indicateur est resté celui du modèle (« {row.label} ») "
                        f"devant la valeur « {row.value} », qui n'est pas importée : écrivez le "
                        f"nom de l'indicateur dans la fiche, ou ajoutez l'indicateur dans "
                        f"l'application.",
                        action=self.number,
                        field="indicators",
                    )
                continue
            if row.value is None and (row.code is not None or not row.label):
                continue
            reading = read_target(row.value)
            line = row.value_line or row.line
            if reading.doubt:
                field = f"indicators.{row.code}" if row.code else "indicators"
                self.review.add(line, reading.doubt, action=self.number, field=field)
            indicators.append(
                {
                    "code": row.code,
                    "label": row.label,
                    "section": row.section,
                    "target": format_amount(reading.value),
                    "target_text": row.value,
                    "line": line.no,
                }
            )
        return indicators


def read_indicators(
    lines: list[Line], start: int, end: int, number: int, review: ReviewList
) -> tuple[list[dict[str, object]], dict[str, int]]:
    """Indicator rows of a sheet, and the themes ticked in its headings (code → line)."""
    reader = IndicatorReader(number, review)
    for line in lines[start:end]:
        reader.feed(line)
    return reader.result(), reader.themes
