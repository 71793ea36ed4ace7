"""Where things are: action sheets, their sections (rubriques), listings and articles.

Everything is found from the template's wording, never from line numbers: a sheet starts
at a "Fiche action n° k" heading followed by template sections; the same heading without
sections is an entry of a list (article 1 of the contract or the annual programmation).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ctai.documents.reader.lines import Line, strip_bullet

# "Fiche action n° 3 : ...", "Fiche-action 2.2", "FICHE N°7 – ...", "Action 3 – ...". A bare
# "Action k" needs a separator after its number ("action 12 du programme 104" is no sheet).
# A bullet lost to a wrong encoding reads "?" or U+FFFD ("- ? Fiche action n° 1 : …").
SHEET_HEADING = re.compile(
    r"^[\s\-–—•·*>✓✔☒?\ufffd]*(?:fiches?(?:[\s\-‑–]*actions?)?|(?=actions?\b)actions?)\s*"
    r"(?:n\s*[°ºo]\s*\.?|num[ée]ro|no\.|#)?\s*(\d{1,3})(?:\.(\d{1,2}))?(?![\d.]*\d)"
    r"\s*(?:[:\-–—.)]\s*)?(.*)$",
    re.IGNORECASE,
)
_BARE_ACTION = re.compile(
    r"^[\s\-–—•·*>✓✔☒?\ufffd]*actions?\s*(?:n\s*[°ºo]\s*\.?)?\s*\d{1,3}"
    r"(?:\.\d{1,2})?\s*[:\-–—]",
    re.IGNORECASE,
)
AXIS_HEADING = re.compile(
    r"^[\s\-–—•·*>]*axe\s*(?:(?:strat[ée]gique|prioritaire|th[ée]matique)\s*)?"
    r"(?:n\s*[°ºo]\s*\.?\s*)?(\d{1,2}(?!\d)|[IVX]{1,4}\b)\s*"
    r"(?:[:\-–—.)]\s*)?(.*)$",
    re.IGNORECASE,
)
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}


def axis_number(text: str) -> int | None:
    """Number of an axis written "2" or "II"."""
    return int(text) if text.isdigit() else _ROMAN.get(text.upper())


ARTICLE_HEADING = re.compile(r"^article\s+(\d{1,2}|premier)(?:er|e|eme)?\b\s*[-:.]?\s*(.*)$")
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_LEADING_YEAR = re.compile(r"^\W*(20\d\d)(?!\d)(?!\s*/)")

# Sections of an action sheet in template order, with the key prefixes announcing them.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("description", ("description de l'action",)),
    ("themes", ("thematique(s) de l'action", "thematiques de l'action", "thematique de l'action")),
    ("calendar", ("calendrier previsionnel", "calendrier de l'action")),
    ("territory", ("territoire de deploiement", "territoire d'intervention")),
    (
        "porteur",
        (
            "porteur(s) de l'action",
            "porteurs de l'action",
            "porteur de l'action",
            "structure porteuse",
        ),
    ),
    ("portage", ("portage de l'action",)),
    ("selection", ("modalites de selection",)),
    ("partners", ("partenaire(s) mobilise", "partenaires mobilise")),
    ("budget", ("budget previsionnel", "plan de financement", "budget de l'action")),
    (
        "indicators",
        (
            "indicateurs de suivi et d'evaluation",
            "indicateurs de suivi et d evaluation",
            "indicateurs d'evaluation",
            "indicateurs de resultat",
            "indicateurs de suivi",
            # The header row of an indicator table that has no section title.
            "indicateur cible",
            "indicateurs cible",
            "indicateur valeur",
            "indicateurs valeur",
            "indicateur objectif",
            "indicateurs objectif",
        ),
    ),
)
_SHEET_MARKERS = (*(p for _, prefixes in SECTIONS for p in prefixes), "informations generales")


@dataclass(slots=True)
class Heading:
    """A "Fiche action n° k : title" line."""

    index: int
    number: int
    title: str


@dataclass(slots=True)
class Sheet:
    """An action sheet: ``start`` is its heading, ``header`` the lines just above it."""

    heading: Heading
    header_start: int
    end: int
    sections: dict[str, int] = field(default_factory=dict)

    def section(self, name: str) -> tuple[int, int] | None:
        """Lines ``(first, end)`` after the section's own heading, up to the next section."""
        if name not in self.sections:
            return None
        start = self.sections[name]
        later = [pos for pos in self.sections.values() if pos > start]
        return start + 1, min(later, default=self.end)


def sheet_number(main: str, sub: str | None) -> int:
    """Number of a sheet; "2.2" (second sheet of axis 2) is numbered 202."""
    return int(main) * 100 + int(sub) if sub else int(main)


def sheet_heading(line: Line) -> Heading | None:
    key = line.key
    if "fiche" not in key and not (key[:12].lstrip(" -*>").startswith("action")):
        return None
    if "fiche" not in key and not _BARE_ACTION.match(line.text):
        return None
    match = SHEET_HEADING.match(line.text)
    if match is None:
        return None
    return Heading(-1, sheet_number(match.group(1), match.group(2)), match.group(3).strip(" :-–—*"))


def _section_name(key: str) -> str | None:
    key = strip_bullet(key)
    for name, prefixes in SECTIONS:
        if key.startswith(prefixes):
            return name
    return None


def _in_template_order(found: dict[str, int]) -> dict[str, int]:
    """Keep the longest run of sections appearing in template order.

    The first occurrence of a heading may be misplaced (the indicator part repeats
    "Thématique(s) de l'action"), or lines may have been moved; a section out of order
    would swallow its neighbours.
    """
    names = [name for name, _ in SECTIONS if name in found]
    best: list[list[str]] = []
    for i, name in enumerate(names):
        chain = [name]
        for j in range(i):
            if found[names[j]] < found[name] and len(best[j]) + 1 > len(chain):
                chain = [*best[j], name]
        best.append(chain)
    longest = max(best, key=len, default=[])
    return {name: found[name] for name in longest}


def _sections(lines: list[Line], start: int, end: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index in range(start, end):
        key = lines[index].key
        if not key or key[0] not in "-*[tdcpmbis•":
            continue
        name = _section_name(key)
        if name is not None and name not in found:
            found[name] = index
    return _in_template_order(found)


def _header_start(lines: list[Line], heading: int, floor: int) -> int:
    """First line of the banner above a sheet ("2026 : Contrat territorial ...")."""
    start, seen, index = heading, 0, heading - 1
    while index > floor and seen < 4:
        if not lines[index].blank:
            seen += 1
            if "contrat territorial" in lines[index].key:
                start = index
        index -= 1
    return start


def find_headings(lines: list[Line]) -> list[Heading]:
    headings = []
    for index, line in enumerate(lines):
        heading = sheet_heading(line)
        if heading is not None:
            heading.index = index
            headings.append(heading)
    return headings


def find_sheets(lines: list[Line], headings: list[Heading]) -> tuple[list[Sheet], list[Heading]]:
    """Split headings into action sheets and list entries (article 1, programmation)."""
    sheets: list[Sheet] = []
    entries: list[Heading] = []
    for position, heading in enumerate(headings):
        span_end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
        if any(
            strip_bullet(lines[i].key).startswith(_SHEET_MARKERS)
            for i in range(heading.index + 1, span_end)
        ):
            floor = sheets[-1].heading.index if sheets else -1
            sheets.append(Sheet(heading, _header_start(lines, heading.index, floor), len(lines)))
        else:
            entries.append(heading)
    for current, following in itertools.pairwise(sheets):
        current.end = following.header_start
    for sheet in sheets:
        sheet.sections = _sections(lines, sheet.heading.index + 1, sheet.end)
    return sheets, entries


def header_year(lines: list[Line], sheet: Sheet) -> tuple[int, Line] | None:
    """Programme year written in the banner above a sheet, when it is unambiguous."""
    years: dict[int, Line] = {}
    for index in range(sheet.header_start, sheet.heading.index):
        line = lines[index]
        leading = _LEADING_YEAR.match(line.text)
        if leading and "contrat" in line.key:
            return int(leading.group(1)), line
        for year in YEAR.findall(line.text):
            years.setdefault(int(year), line)
    if len(years) == 1:
        year, line = next(iter(years.items()))
        return year, line
    return None


@dataclass(slots=True)
class Article:
    number: int
    title: str
    index: int
    end: int


def find_articles(lines: list[Line], end: int) -> list[Article]:
    """Articles of the contract ("ARTICLE 3 – Montant de la contribution ...")."""
    articles: list[Article] = []
    for index in range(end):
        key = lines[index].key
        if not key.startswith("article"):
            continue
        match = ARTICLE_HEADING.match(key)
        if match is None:
            continue
        number = 1 if match.group(1) == "premier" else int(match.group(1))
        articles.append(Article(number, match.group(2), index, end))
    for current, following in itertools.pairwise(articles):
        current.end = following.index
    return articles


def article_about(
    articles: list[Article], *words: str, avoid: tuple[str, ...] = ()
) -> Article | None:
    """First article whose title holds one of ``words`` and none of ``avoid``."""
    for article in articles:
        if any(w in article.title for w in words) and not any(a in article.title for a in avoid):
            return article
    return None
