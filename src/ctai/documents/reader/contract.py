"""The contract part: parties, period, State envelopes, payment account, axes, governance.

Articles are found by their title ("Durée", "Montant de la contribution", "Modalités de
versement", "Objet", "Gouvernance"), not by their number, so another territory's
numbering does not matter. When an article is missing, the whole contract part is
searched with stricter patterns.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ctai.core.numbers import AMOUNT_WITH_CURRENCY, read_french_number
from ctai.documents.reader.axes import AxisInfo, axis_blocks, axis_bullets
from ctai.documents.reader.envelopes import copied_envelope_tables
from ctai.documents.reader.lines import Line, first_index
from ctai.documents.reader.parties import capitalise, read_parties
from ctai.documents.reader.review import ReviewList
from ctai.documents.reader.structure import YEAR, Article, Heading, article_about

Data = dict[str, object]
Sources = dict[str, int]

_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_MONTH = "(" + "|".join(_MONTHS) + ")"
_DAY = r"(1er|premier|\d{1,2})"
_FULL_PERIOD = re.compile(rf"\bdu {_DAY} {_MONTH} (20\d\d) au {_DAY} {_MONTH} (20\d\d)")
_MONTH_PERIOD = re.compile(rf"\bde {_MONTH} (20\d\d) a {_MONTH} (20\d\d)")
_YEAR_PERIOD = re.compile(
    r"\b(?:au titre des|pour les) annees (20\d\d) ?(?:a|-|et) ?(20\d\d)"
    r"|\bperiode (20\d\d) ?- ?(20\d\d)"
)
_COORDINATED = re.compile(
    r"coordonn[ée]e?s?\s+par\s+(?:le |la |les |l['’]\s?)?(.+?)\s*(?:[.;,]|$)", re.IGNORECASE
)
# "Le portage du CTAI est assuré par ...", "La coordination du contrat est assurée par ...".
_ASSURED = re.compile(
    r"\b(?:portage|coordination|pilotage|animation)\b[^.]{0,80}?\b(?:est|sera)\s+"
    r"assur[ée]e?s?\s+par\s+(?:le |la |les |l['’]\s?)?(.+?)\s*(?:[.;,(]|\s+qui\b|$)",
    re.IGNORECASE,
)
_COORDINATES = re.compile(
    r"^(?:le |la |l['’]\s?)?(.+?)\s+(?:assure|assurera)\s+la\s+coordination", re.IGNORECASE
)
# "Le pilotage du contrat est confié au Conseil départemental de …".
_ENTRUSTED = re.compile(
    r"\b(?:portage|coordination|pilotage|animation)\b[^.]{0,80}?\b(?:est|sera)\s+"
    r"confi[ée]e?s?\s+(?:à la |à l['’]\s?|au |aux |à )(.+?)\s*(?:[.;,(]|\s+qui\b|$)",
    re.IGNORECASE,
)
# "La Communauté de communes … est la structure coordinatrice du contrat", "… est chargée
# de la coordination", "… est désigné coordinateur".
_IS_COORDINATOR = re.compile(
    r"^(?:le |la |les |l['’]\s?)?(.+?)\s+(?:est|sera)\s+(?:désignée?s?\s+(?:comme\s+)?)?"
    r"(?:chargée?s?\s+de\s+la\s+coordination|(?:la |le |l['’]\s?)?(?:structure|organisation|"
    r"organisme|collectivité)\s+(?:coordinatrice|coordonnatrice|pilote)|(?:le )?chef\s+de\s+file|"
    r"coordinat(?:rice|eur))\b",
    re.IGNORECASE,
)
# "Coordination du contrat : Métropole de …", "Structure coordinatrice : CIAS de …".
_COORDINATOR_LABEL = re.compile(
    r"^(?:(?:organisation|structure|collectivité)\s+)?(?:coordinat(?:rice|eur)|coordination)"
    r"(?:\s+du\s+(?:contrat|ctai))?\s*:\s*(?:le |la |l['’]\s?)?(.+?)\s*\.?$",
    re.IGNORECASE,
)
_NOT_AN_ORGANISATION = re.compile(r"^(?:comit[ée]|copil|instance|r[ée]union)", re.IGNORECASE)
_IBAN = re.compile(r"\bIBAN\b\s*(?:\([^)]*\))?\s*:?\s*([A-Z]{2}[0-9]{2}[A-Z0-9 \u00a0]{8,40})")
_BIC = re.compile(
    r"\bBIC\b\s*(?:\([^)]*\))?\s*:?\s*([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b"
)
_HOLDER = re.compile(r"(?:au nom de|titulaire(?: du compte)?)\s*:?\s*(.*)$", re.IGNORECASE)
_PROGRAMMATION = re.compile(r"^programmation(?: annuelle)?(?: de l'annee)? (20\d\d)\b")
_DETAILED_FOR = re.compile(r"fiches?[ -]actions? detaillees? pour (20\d\d)")


@dataclass(slots=True)
class ContractPart:
    """What the contract part says, with the line of every value."""

    data: dict[str, object]
    sources: dict[str, int]
    axes: dict[int, AxisInfo]
    programme_year: int | None
    programme_line: int | None
    entry_titles: dict[int, list[tuple[str, Line]]]
    # Line ranges kept as free text (the governance article), tables included.
    free_text: list[tuple[int, int]] = field(default_factory=list)


def _title_and_territory(lines: list[Line], end: int, data: Data, sources: Sources) -> None:
    title = first_index(
        lines,
        0,
        end,
        lambda ln: ln.key.startswith("contrat territorial d'accueil et d'integration"),
    )
    if title is None:
        return
    data["title"] = lines[title].text
    sources["title"] = lines[title].no
    seen = 0
    for index in range(title + 1, end):
        line = lines[index]
        if line.blank:
            continue
        seen += 1
        if seen > 6 or line.key.startswith("entre"):
            return
        match = re.match(r"^(?:de la|de l['’]|du|des|de)\s+(.+)$", line.text, re.IGNORECASE)
        if match and not line.key.startswith("de l'annee"):
            data["territory"] = capitalise(match.group(1).strip(" ."))
            sources["territory"] = line.no
            return


def _date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), _MONTHS[month], 1 if not day.isdigit() else int(day))
    except ValueError:
        return None


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _read_period(
    lines: list[Line],
    regions: list[tuple[int, int]],
    data: Data,
    sources: Sources,
    review: ReviewList,
) -> None:
    for start, end in regions:
        for index in range(start, end):
            line = lines[index]
            full = _FULL_PERIOD.search(line.key)
            if full:
                first, last = _date(*full.group(1, 2, 3)), _date(*full.group(4, 5, 6))
                if first and last:
                    data["start"], data["end"] = first.isoformat(), last.isoformat()
                    sources["start"] = sources["end"] = line.no
                    return
    start, end = regions[-1]
    for index in range(start, end):
        line = lines[index]
        months = _MONTH_PERIOD.search(line.key)
        years = _YEAR_PERIOD.search(line.key)
        if months:
            first_year, last_year = int(months.group(2)), int(months.group(4))
            first = datetime.date(first_year, _MONTHS[months.group(1)], 1)
            last = _month_end(last_year, _MONTHS[months.group(3)])
        elif years:
            first_year, last_year = (int(y) for y in years.groups() if y is not None)
            first, last = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
        else:
            continue
        data["start"], data["end"] = first.isoformat(), last.isoformat()
        sources["start"] = sources["end"] = line.no
        review.add(
            line,
            "Période du contrat déduite de mois ou d'années sans dates précises : à vérifier.",
            field="start",
        )
        return


_COORDINATOR_WORDS = ("coordin", "coordonn", "portage", "pilotage du c", "chef de file")


def _read_coordinator(lines: list[Line], end: int, data: Data, sources: Sources) -> None:
    for index in range(end):
        line = lines[index]
        key = line.key
        if not any(word in key for word in _COORDINATOR_WORDS):
            continue
        match = (
            _COORDINATED.search(line.text)
            or _ASSURED.search(line.text)
            or _ENTRUSTED.search(line.text)
            or _COORDINATES.search(line.text)
            or _IS_COORDINATOR.search(line.text)
            or _COORDINATOR_LABEL.search(line.text)
        )
        if match:
            name = match.group(1).strip(" *")
            if 0 < len(name.split()) <= 12 and not _NOT_AN_ORGANISATION.match(name):
                data["coordinator"] = name
                sources["coordinator"] = line.no
                return


def _read_envelopes(
    lines: list[Line],
    region: tuple[int, int],
    strict: bool,
    data: Data,
    sources: Sources,
    review: ReviewList,
) -> None:
    """Yearly State contributions; ``strict`` when no article announces them."""
    envelopes: list[dict[str, object]] = []
    start, end = region
    if not strict:
        _copied_tables(lines, region, envelopes, sources, review)
    for index in range(start, end):
        line = lines[index]
        if strict and "contribu" not in line.key and "enveloppe" not in line.key:
            continue
        amounts = list(AMOUNT_WITH_CURRENCY.finditer(line.text))
        if not amounts:
            continue
        rest = AMOUNT_WITH_CURRENCY.sub(" ", line.text)
        years = sorted({int(y) for y in YEAR.findall(rest)})
        if len(years) != 1 or (strict and len(amounts) != 1):
            if len(years) > 1:
                review.add(
                    line,
                    "Plusieurs années et montants sur la même ligne : enveloppe non attribuée.",
                    field="state_envelopes",
                )
            continue
        number = read_french_number(amounts[0].group(), money=True)
        if number is None:
            continue
        if any(e["year"] == years[0] for e in envelopes):
            review.add(
                line,
                f"Enveloppe {years[0]} indiquée deux fois : la première est conservée.",
                field=f"state_envelopes.{years[0]}",
            )
            continue
        if number.doubt:
            review.add(line, number.doubt, field=f"state_envelopes.{years[0]}")
        envelopes.append({"year": years[0], "amount": number.value})
        sources[f"state_envelopes.{years[0]}"] = line.no
    data["state_envelopes"] = sorted(envelopes, key=lambda e: e["year"])


def _copied_tables(
    lines: list[Line],
    region: tuple[int, int],
    envelopes: list[dict[str, object]],
    sources: Sources,
    review: ReviewList,
) -> None:
    """The envelopes article's tables copied one cell per line (``reader.envelopes``)."""
    numbered = re.match(r"article\s+(\w+)", lines[region[0]].key)
    name = f"article {numbered.group(1)}" if numbered else "article des montants"
    for table in copied_envelope_tables(lines, region[0] + 1, region[1]):
        first, last = table.lines[0].no, table.lines[-1].no
        if table.reason is not None:
            review.add(
                table.lines[0],
                f"Tableau des enveloppes de l'État ({name}, lignes "
                f"{first} à {last}) copié une cellule par ligne, de forme ambiguë : "
                f"{table.reason}. Aucune enveloppe n'en est lue, à saisir.",
                field="state_envelopes",
                text=" | ".join(line.text for line in table.lines),
            )
            continue
        for envelope in table.envelopes:
            if any(e["year"] == envelope.year for e in envelopes):
                review.add(
                    envelope.line,
                    f"Enveloppe {envelope.year} indiquée deux fois : la première est conservée.",
                    field=f"state_envelopes.{envelope.year}",
                )
                continue
            envelopes.append({"year": envelope.year, "amount": envelope.amount})
            sources[f"state_envelopes.{envelope.year}"] = envelope.line.no


def iban_is_valid(iban: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return False
    rotated = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rotated)) % 97 == 1


def _read_account(
    lines: list[Line], region: tuple[int, int], data: Data, sources: Sources, review: ReviewList
) -> None:
    account: dict[str, object] = {"holder": None, "iban": None, "bic": None}
    start, end = region
    for index in range(start, end):
        line = lines[index]
        iban = _IBAN.search(line.text) if "IBAN" in line.text else None
        if iban and account["iban"] is None:
            compact = re.sub(r"\s", "", iban.group(1))
            account["iban"] = compact
            sources["payment_account.iban"] = line.no
            if not iban_is_valid(compact):
                review.add(
                    line,
                    "IBAN invalide : la clé de contrôle ne correspond pas, à vérifier.",
                    field="payment_account.iban",
                )
        bic = _BIC.search(line.text) if "BIC" in line.text else None
        if bic and account["bic"] is None:
            account["bic"] = bic.group(1)
            sources["payment_account.bic"] = line.no
        holder = _HOLDER.search(line.text) if account["holder"] is None else None
        if holder and ("compte" in line.key or "titulaire" in line.key):
            value, at = holder.group(1).strip(" :"), line
            if not value:
                following = first_index(
                    lines, index + 1, min(end, index + 4), lambda ln: not ln.blank
                )
                at = lines[following] if following is not None else line
                value = at.text if following is not None and "iban" not in at.key else ""
            if value:
                account["holder"] = value
                sources["payment_account.holder"] = at.no
    data["payment_account"] = account


def _programme_year(lines: list[Line], end: int) -> tuple[int, int] | tuple[None, None]:
    """Year of the annual programmation ("Programmation 2026") and its line."""
    for pattern in (_PROGRAMMATION.match, _DETAILED_FOR.search):
        for index in range(end):
            match = pattern(lines[index].key)
            if match:
                return int(match.group(1)), lines[index].no
    return None, None


def read_contract(
    lines: list[Line],
    end: int,
    articles: list[Article],
    entries: list[Heading],
    review: ReviewList,
) -> ContractPart:
    data: dict[str, object] = {
        "title": None,
        "territory": None,
        "start": None,
        "end": None,
        "coordinator": None,
        "parties": [],
        "state_envelopes": [],
        "payment_account": {"holder": None, "iban": None, "bic": None},
        "governance": None,
    }
    sources: dict[str, int] = {}
    _title_and_territory(lines, end, data, sources)
    read_parties(lines, end, data, sources)
    if data["territory"] is None:
        local = [p for p in data["parties"] if p["role"] == "Collectivité signataire"]
        if local:
            data["territory"] = local[0]["name"]
            sources["territory"] = sources[f"parties.{data['parties'].index(local[0])}"]
    annex = first_index(lines, 0, end, lambda ln: bool(_PROGRAMMATION.match(ln.key)))
    annex = annex if annex is not None else end
    for article in articles:
        # The last article stops where the annex (programmation) starts.
        if article.index < annex < article.end:
            article.end = annex
    duration = article_about(articles, "duree")
    regions = [(duration.index, duration.end)] if duration else []
    _read_period(lines, [*regions, (0, end)], data, sources, review)
    _read_coordinator(lines, end, data, sources)
    amounts = article_about(
        articles,
        "montant",
        "contribution",
        "engagements financiers",
        "engagement financier",
        "financement de l'etat",
        "credits de l'etat",
        avoid=("versement", "modalite"),
    )
    if amounts:
        _read_envelopes(lines, (amounts.index, amounts.end), False, data, sources, review)
    else:
        _read_envelopes(lines, (0, end), True, data, sources, review)
    payment = article_about(articles, "versement", "paiement")
    _read_account(
        lines, (payment.index, payment.end) if payment else (0, end), data, sources, review
    )
    governance = article_about(articles, "gouvernance", "pilotage", avoid=("objet",))
    free_text = []
    if governance:
        free_text.append((governance.index + 1, governance.end))
        body = [ln for ln in lines[governance.index + 1 : governance.end] if not ln.blank]
        if body:
            data["governance"] = "\n".join(ln.text for ln in body)
            sources["governance"] = body[0].no
    axes: dict[int, AxisInfo] = {}
    purpose = article_about(articles, "objet")
    if purpose:
        axis_blocks(lines, purpose.index, purpose.end, entries, axes, sources)
        axis_bullets(lines, 0, purpose.index, axes, sources)
    else:
        axis_blocks(lines, 0, annex, entries, axes, sources)
        axis_bullets(lines, 0, annex, axes, sources)
    axis_blocks(lines, annex, end, entries, axes, sources)
    titles: dict[int, list[tuple[str, Line]]] = {}
    for heading in sorted(entries, key=lambda h: -h.index):
        # Programmation entries (later in the document) come first: closest to the sheets.
        titles.setdefault(heading.number, []).append((heading.title, lines[heading.index]))
    return ContractPart(data, sources, axes, *_programme_year(lines, end), titles, free_text)
