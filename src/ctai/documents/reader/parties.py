"""Parties of the contract ("Entre ... Et ...") with their role and representative.

A territory signs as a commune, an EPCI (communauté d'agglomération, de communes, urbaine,
métropole), a département ("Le Département de …", "le Conseil départemental de …") or their
social action centre (CCAS, CIAS); ``LOCAL_AUTHORITY`` is that vocabulary, shared with the
import's guess of an organisation's kind.
"""

from __future__ import annotations

import re

from ctai.documents.reader.lines import Line, first_index, norm

_REPRESENTED = re.compile(r"représenté(?:e)?s?\s+par\s+(.*)$", re.IGNORECASE)
_CIVILITY = re.compile(r"^(?:monsieur|madame|m\.|mme|mr)\s+", re.IGNORECASE)
_QUALITY = re.compile(r"en qualit[ée] d[e'’]\s*([^,]+)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:la|le|les|l['’])\s*", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}$")
_FUNCTION_THEN_NAME = re.compile(
    r"^(?:le |la |l['’]\s?)?([^,]+),\s*(?:monsieur|madame|m\.|mme|mr)\s+([^,]+)", re.IGNORECASE
)
# Comparison keys (accents removed) of the names of local authorities and their services.
LOCAL_AUTHORITY = re.compile(
    r"^(?:(?:direction|service|pole|mission|departement)\b[^,]{0,80}?\b(?:de la|du|de l')\s+)?"
    r"(?:ville|commune|mairie|(?:euro)?metropole|communaute (?:d'agglomeration|de communes|"
    r"urbaine)|agglomeration|departement|conseil departemental|conseil regional|region|"
    r"etablissement public territorial|syndicat intercommunal)\b"
)
_ENDS = ("lesquelles", "il est convenu", "ci-apres", "preambule", "ensemble design")


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _party(text: str) -> dict[str, object]:
    name_part = re.split(r",|\s+dont\s+|\s+représenté", text, maxsplit=1)[0]
    name = _ARTICLE.sub("", name_part).strip()
    short = re.search(r"\(([^()]{2,60})\)", name)
    if short and _ACRONYM.match(short.group(1).strip()):
        # "Communauté de communes du Pays de Brée (CCPB)": the full name, not its acronym.
        name = (name[: short.start()] + name[short.end() :]).strip()
    elif short:
        name = short.group(1).strip()
    return {"name": capitalise(name), "role": None, "representative": _representative(text)}


def _representative(text: str) -> str | None:
    match = _REPRESENTED.search(text)
    if match is None:
        return None
    rest = match.group(1).strip()
    possessive = re.match(r"^(?:son|sa|leur)\s+([^,]+),\s*(.+)$", rest, re.IGNORECASE)
    if possessive:
        # "représentée par son Maire, Monsieur Jean MARTIN, ..."
        function = possessive.group(1).strip()
        name = _CIVILITY.sub("", possessive.group(2))
        name = re.split(r",|\s+agissant|\s+d[ûu]ment|\s+en vertu", name, maxsplit=1)[0].strip()
        return f"{name}, {function}" if name else capitalise(function)
    alone = re.match(r"^(?:son|sa|leur)\s+([^,]+?)\s*(?:,\s*)?$", rest, re.IGNORECASE)
    if alone:
        # "représentée par son Président," : the function only.
        return capitalise(alone.group(1).strip())
    named = _FUNCTION_THEN_NAME.match(rest)
    if named:
        # "représenté par le Président du Conseil départemental, Madame Anne ROUX, …"
        return f"{named.group(2).strip()}, {capitalise(named.group(1).strip())}"
    rest = _CIVILITY.sub("", rest)
    if re.match(r"^(?:le|la|l['’])\s*", rest, re.IGNORECASE):
        # Only the function is given ("le Préfet de la Moselle").
        function = re.split(r",|\s+ci-apr[èe]s|\s+agissant", rest, maxsplit=1)[0]
        return capitalise(_ARTICLE.sub("", function).strip()) or None
    name = re.split(r",|\s+agissant|\s+en qualit[ée]", rest, maxsplit=1)[0].strip()
    quality = _QUALITY.search(rest)
    function = quality.group(1).strip() if quality else None
    if function is None:
        parts = [p.strip() for p in rest.split(",")[1:2]]
        if (
            parts
            and 0 < len(parts[0].split()) <= 5
            and not re.match(
                r"(?:dûment|dont|ci-apr|en vertu|d'une|d'autre)", parts[0], re.IGNORECASE
            )
        ):
            function = parts[0]
    if not name:
        return None
    return f"{name}, {function}" if function else name


def _role(name_key: str, has_local: bool) -> str:
    if name_key.startswith("etat") or "prefet" in name_key:
        return "État"
    if re.search(r"\b(ccas|cias)\b|centre (inter)?communal d'action sociale", name_key):
        return "CCAS"
    return "Partie signataire" if has_local else "Collectivité signataire"


def read_parties(lines: list[Line], end: int, data: dict, sources: dict[str, int]) -> None:
    start = first_index(lines, 0, end, lambda ln: ln.key.startswith("entre") and len(ln.key) <= 30)
    if start is None:
        return
    stop = first_index(
        lines,
        start + 1,
        min(end, start + 40),
        lambda ln: ln.key.startswith(_ENDS),
    )
    parties: list[dict[str, object]] = []
    for index in range(start + 1, stop if stop is not None else min(end, start + 40)):
        line = lines[index]
        if len(line.key) < 8 or line.key.strip(" ,:") in ("et", "d'une part", "d'autre part"):
            continue
        party = _party(line.text)
        has_local = any(p["role"] == "Collectivité signataire" for p in parties)
        party["role"] = _role(norm(str(party["name"])), has_local)
        sources[f"parties.{len(parties)}"] = line.no
        parties.append(party)
    data["parties"] = parties
