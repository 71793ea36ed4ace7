"""General part of an action sheet: title, axis, description, themes, operator, partners.

Boxes count as ticked only where the export kept a ticked mark (☒, ☑, ✓, [X]); a filled
"Autre (précisez) : ..." is readable on its own and selects "autre" with its detail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ctai.contracts.catalogues import OPERATOR_KINDS, PARTNERS, SELECTION_MODES, THEMES
from ctai.documents.reader.lines import (
    TICKED,
    Line,
    after_colon,
    instruction_rest,
    norm,
    strip_bullet,
    tokens,
)
from ctai.documents.reader.review import ReviewList
from ctai.documents.reader.structure import AXIS_HEADING, Sheet, axis_number
from ctai.indicators.catalogue import SECTIONS

Options = list[tuple[str, str]]  # (code, key prefix), longest prefixes first


def _options(pairs: Iterable[tuple[str, str]], extra: Iterable[tuple[str, str]] = ()) -> Options:
    keys = [(code, norm(label)) for code, label in pairs] + list(extra)
    keys += [(code, re.sub(r"\s*\([^)]*\)", "", key)) for code, key in keys if "(" in key]
    return sorted(set(keys), key=lambda pair: -len(pair[1]))


_SECTION_THEMES = {"beneficiaires", "acteurs_integration", "autres"}
THEME_OPTIONS = _options(
    THEMES, [(code, norm(label)) for code, label in SECTIONS if code not in _SECTION_THEMES]
)
KIND_OPTIONS = _options(OPERATOR_KINDS, [("collectivite", "collectivite signataire")])
SELECTION_OPTIONS = _options(
    SELECTION_MODES,
    [("aap", "appel a projet"), ("aap", "aap"), ("ami", "ami"), ("direct", "convention")],
)
PARTNER_OPTIONS = _options(
    PARTNERS, [("services_hospitaliers", "services hospitaliers"), ("agir", "agir")]
)
_OTHER_DETAIL = re.compile(r"\bautres?\s*\(\s*pr[ée]cis(?:ez|er)\s*\)\s*:?\s*(.*)$", re.I)
_LOCAL_DETAIL = re.compile(
    r"autres?\s+collectivit[ée]s?\s+signataires?\s+d['’]un\s+CTA\w?\s*(?:\([^)]*\))?\s*:?\s*(.*)$",
    re.I,
)
_NEXT_PARTNER = re.compile(
    r"\s+-?\s*(?:Universit[ée]|Services hospitaliers|Chambres consulaires"
    r"|Autres?\s*\(\s*pr[ée]cis)",
    re.I,
)
_TITLE_SUFFIX = re.compile(r"\s+[-–—]\s+")
_URL = re.compile(r"https?://[^\s)>\]]*refugies\.info[^\s)>\]]*", re.I)


def ticked(key: str, options: Options) -> list[str]:
    """Codes of the options written right after a ticked box in ``key``."""
    codes: list[str] = []
    position = key.find(TICKED)
    while position >= 0:
        after = key[position + len(TICKED) :].lstrip(" -:")
        for code, prefix in options:
            if after.startswith(prefix):
                if code not in codes:
                    codes.append(code)
                break
        position = key.find(TICKED, position + 1)
    return codes


def starts_with_option(key: str, options: Options) -> bool:
    key = strip_bullet(key)
    return any(key.startswith(prefix) for _, prefix in options)


def line_text(line: Line) -> str:
    """Text of a line, table cells kept apart with " : "."""
    return " : ".join(c for c in line.cells if c)


@dataclass(slots=True)
class GeneralPart:
    data: dict[str, object]
    sources: dict[str, int] = field(default_factory=dict)


def _text_block(lines: list[Line], sheet: Sheet, name: str) -> tuple[str | None, int | None]:
    """Free text of a section, template help removed; and the line it starts on."""
    bounds = sheet.section(name)
    if bounds is None:
        return None, None
    anchor = lines[bounds[0] - 1]
    parts: list[tuple[str, int]] = []
    inline = after_colon(anchor.text)
    if inline:
        parts.append((inline, anchor.no))
    for line in lines[bounds[0] : bounds[1]]:
        if line.blank:
            continue
        rest = instruction_rest(line)
        text = line_text(line) if rest is None else rest
        if text:
            parts.append((text, line.no))
    if not parts:
        return None, None
    return "\n".join(text for text, _ in parts), parts[0][1]


_AXIS_LABELS = ("rattachement", "axe du contrat", "axe de rattachement", "axe concerne")


def _axis_reference(line: Line) -> re.Match[str] | None:
    """ "Axe 2 : ...", "Axe stratégique 2 :", "Rattachement : Axe 2 – ...", or a two-column
    row "Axe du contrat | Axe 2 – ..."."""
    key = line.key
    if key.startswith(_AXIS_LABELS):
        value = line.cells[1] if len(line.cells) > 1 else after_colon(line.text)
        return AXIS_HEADING.match(value) if value else None
    return AXIS_HEADING.match(line.text) if key.startswith("axe") else None


def _title_and_axis(lines: list[Line], sheet: Sheet, part: GeneralPart) -> None:
    heading = sheet.heading
    part.data["title"] = heading.title or None
    part.sources["number"] = lines[heading.index].no
    first_section = min(sheet.sections.values(), default=sheet.end)
    limit = min(first_section, heading.index + 12, sheet.end)
    for line in lines[heading.index + 1 : limit]:
        if line.blank or line.key.startswith("informations generales"):
            continue
        match = _axis_reference(line)
        if match and axis_number(match.group(1)) is not None:
            part.data["axis"] = axis_number(match.group(1))
            part.data["axis_label"] = match.group(2).strip(" .:*") or None
            part.sources["axis"] = line.no
            break
        if part.data["title"] is None:
            # "Fiche action n° 3 :" with the title on the following line.
            part.data["title"] = line.text
            part.sources["title"] = line.no
    if part.data["title"] is not None and "title" not in part.sources:
        part.sources["title"] = lines[heading.index].no


def _themes(
    lines: list[Line], sheet: Sheet, part: GeneralPart, review: ReviewList, number: int
) -> None:
    bounds = sheet.section("themes")
    if bounds is None:
        return
    themes: list[str] = []
    for line in lines[bounds[0] - 1 : bounds[1]]:
        for code in ticked(line.key, THEME_OPTIONS):
            if code not in themes:
                themes.append(code)
                part.sources.setdefault(f"themes.{code}", line.no)
        _stray_emphasis(line, THEME_OPTIONS, review, number, "themes")
    part.data["themes"] = themes


def _stray_emphasis(
    line: Line, options: Options, review: ReviewList, number: int, field: str
) -> None:
    """A list item ending in a lone "**": bold that may have marked a ticked box."""
    raw = line.raw.rstrip()
    if not raw.endswith("**") or raw.count("**") != 1 or not starts_with_option(line.key, options):
        return
    review.add(
        line,
        f"Mise en forme isolée après « {line.text.lstrip('- ')} » : la case était peut-être "
        "cochée dans le document d'origine, à vérifier.",
        action=number,
        field=field,
    )


def _choice(
    lines: list[Line],
    start: int,
    end: int,
    options: Options,
    part: GeneralPart,
    name: str,
    detail_name: str,
) -> None:
    """Ticked option of a single-choice list, or "autre" when its detail is filled."""
    code = detail = None
    for line in lines[start:end]:
        if line.key.startswith("commentaire") and line.no != lines[start].no:
            break
        codes = ticked(line.key, options)
        if codes and code is None:
            code = codes[0]
            part.sources[name] = line.no
        other = _OTHER_DETAIL.search(line.text)
        if other and other.group(1).strip(" *:") and detail is None:
            detail = other.group(1).strip(" *:")
            part.sources.setdefault(detail_name, line.no)
            if code is None:
                code = "autre"
                part.sources[name] = line.no
    part.data[name] = code
    part.data[detail_name] = detail if code == "autre" else None


def _porteur(lines: list[Line], sheet: Sheet, part: GeneralPart) -> None:
    """Name of the operator as written under "Porteur(s) de l'action"."""
    start = sheet.sections.get("porteur")
    portage = sheet.sections.get("portage")
    stop = sheet.sections.get("selection", sheet.end)
    candidates: list[Line] = []
    if start is not None:
        candidates.append(lines[start])
        # Up to the next section: "Structure porteuse | Association X" is one row.
        own_end = (sheet.section("porteur") or (start + 1, stop))[1]
        for line in lines[start + 1 : min(portage if portage is not None else stop, own_end)]:
            if line.blank or instruction_rest(line) is not None:
                continue
            if starts_with_option(line.key, KIND_OPTIONS) or TICKED in line.key:
                continue
            candidates.append(line)
    if portage is not None:
        candidates.append(lines[portage])
    for line in candidates:
        is_heading = line.no - 1 in (start, portage)
        if is_heading:
            text = line.cells[1] if len(line.cells) > 1 else after_colon(line.text)
        else:
            text = line_text(line)
        if text and not starts_with_option(norm(text), KIND_OPTIONS):
            part.data["operator"] = text.strip(" .")
            part.sources["operator"] = line.no
            return


def _partners(
    lines: list[Line], sheet: Sheet, part: GeneralPart, review: ReviewList, number: int
) -> None:
    bounds = sheet.section("partners")
    if bounds is None:
        return
    partners: list[str] = []
    details: list[str] = []
    for line in lines[bounds[0] - 1 : bounds[1]]:
        if line.key.startswith("commentaire"):
            break
        for code in ticked(line.key, PARTNER_OPTIONS):
            if code not in partners:
                partners.append(code)
                part.sources.setdefault(f"partners.{code}", line.no)
        local = _LOCAL_DETAIL.search(line.text)
        if local:
            text = _NEXT_PARTNER.split(local.group(1), maxsplit=1)[0].strip(" *:")
            if text:
                if "autre_collectivite_ctai" not in partners:
                    partners.append("autre_collectivite_ctai")
                details.append(f"Autre collectivité signataire d'un CTAI : {text}")
                part.sources.setdefault("partners_other", line.no)
        other = _OTHER_DETAIL.search(line.text)
        if other and other.group(1).strip(" *:"):
            if "autre" not in partners:
                partners.append("autre")
            details.insert(0, other.group(1).strip(" *:"))
            part.sources["partners_other"] = line.no
        _stray_emphasis(line, PARTNER_OPTIONS, review, number, "partners")
    part.data["partners"] = partners
    part.data["partners_other"] = " ; ".join(details) or None


def title_suffix(title: str | None) -> str | None:
    """Operator named at the end of a title: "Accès au logement ... - ADOMA" → "ADOMA"."""
    if not title:
        return None
    pieces = _TITLE_SUFFIX.split(title)
    if len(pieces) < 2:
        return None
    suffix = pieces[-1].strip(" .*")
    return suffix if suffix and len(suffix.split()) <= 10 else None


def same_body(first: str, second: str) -> bool:
    """Whether two names designate the same body (one's words contain the other's)."""
    a, b = set(tokens(norm(first))), set(tokens(norm(second)))
    return bool(a) and bool(b) and (a <= b or b <= a)


def read_general(lines: list[Line], sheet: Sheet, review: ReviewList) -> GeneralPart:
    number = sheet.heading.number
    part = GeneralPart(
        {
            "number": number,
            "year": None,
            "axis": None,
            "axis_label": None,
            "title": None,
            "operator": None,
            "operator_kind": None,
            "operator_kind_detail": None,
            "selection_mode": None,
            "selection_detail": None,
            "themes": [],
            "partners": [],
            "partners_other": None,
            "calendar": None,
            "territory": None,
            "description": None,
            "refugies_info_url": None,
        }
    )
    _title_and_axis(lines, sheet, part)
    for name in ("description", "calendar", "territory"):
        text, line_no = _text_block(lines, sheet, name)
        part.data[name] = text
        if line_no is not None:
            part.sources[name] = line_no
    _themes(lines, sheet, part, review, number)
    _porteur(lines, sheet, part)
    kind_section = "portage" if "portage" in sheet.sections else "porteur"
    if kind_section in sheet.sections:
        start, end = sheet.section(kind_section)
        _choice(lines, start - 1, end, KIND_OPTIONS, part, "operator_kind", "operator_kind_detail")
    if "selection" in sheet.sections:
        start, end = sheet.section("selection")
        _choice(
            lines, start - 1, end, SELECTION_OPTIONS, part, "selection_mode", "selection_detail"
        )
    _partners(lines, sheet, part, review, number)
    for line in lines[sheet.heading.index : sheet.end]:
        url = _URL.search(line.raw) if "refugies" in line.key else None
        if url:
            part.data["refugies_info_url"] = url.group()
            part.sources["refugies_info_url"] = line.no
            break
    return part
