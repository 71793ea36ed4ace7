"""Reading and writing numbers the French way (nombres « à la française »).

Office documents write amounts as "35 000", "35 000 €", "1 500,00", "1.500,00 €" or
"41,66 €", with normal, non-breaking or thin spaces between the thousands. Every value
comes back as a :class:`~decimal.Decimal`, never a float. A writing that can be read but
is irregular ("12 00": a group of two digits) is read anyway and carries a French
``doubt`` so the caller can put it in front of a person.

The scanner only uses character classes without nested quantifiers, so its cost stays
linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ctai.core.money import french_number, quantize

# Spaces found between thousands: normal, no-break, narrow no-break, thin, figure, ...
GROUP_SPACES = " \u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003\u2004\u2005\u2006"
# Word processors turn a typed "-" into a minus sign or an en dash.
_MINUS_SIGNS = "-\u2212\u2013"
_APOSTROPHES = "'\u2019"

_CORE = re.compile(
    rf"(?P<sign>[{_MINUS_SIGNS}][{GROUP_SPACES}]?)?"
    rf"(?P<body>\d[\d{GROUP_SPACES}.,{_APOSTROPHES}]*)"
)
# Units a target or an amount may carry right after the number, longest first.
_UNIT = re.compile(
    r"(?P<unit>%|€|eur(?:os?)?\b|heures?\b|h\b|mois\b|ans?\b|ann[ée]es?\b|jours?\b|"
    r"semaines?\b|etp\b|k€)",
    re.IGNORECASE,
)
_UNIT_NAMES = {
    "%": "%",
    "€": "€",
    "eur": "€",
    "euro": "€",
    "euros": "€",
    "k€": "k€",
    "h": "h",
    "heure": "h",
    "heures": "h",
    "mois": "mois",
    "an": "ans",
    "ans": "ans",
    "annee": "ans",
    "année": "ans",
    "annees": "ans",
    "années": "ans",
    "jour": "jours",
    "jours": "jours",
    "semaine": "semaines",
    "semaines": "semaines",
    "etp": "ETP",
}
# Words that may precede a target without changing the number read ("environ 20").
_LEAD_WORDS = re.compile(
    r"^(?:environ|env\.|~|≈|au moins|minimum|min\.|maximum|max\.)\s*", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class FrenchNumber:
    """A number read from French text.

    ``doubt`` is ``None`` when the writing is regular, otherwise a French sentence saying
    what was irregular and how it was read. ``unit`` is a normalised unit ("€", "%",
    "h", "mois", ...) or ``None``. ``end`` is the index just after what was read.
    """

    value: Decimal
    unit: str | None
    doubt: str | None
    text: str
    end: int


# Decimal's default precision; an amount keeps two decimals within it.
MAX_DIGITS = 28
MAX_INTEGER_DIGITS = MAX_DIGITS - 2


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _group_integer(part: str) -> tuple[str, str | None] | None:
    """Digits of an integer part written with group separators, and a doubt if irregular."""
    separators = {ch for ch in part if not ch.isdigit()}
    if not separators:
        return part, None
    groups = re.split(rf"[{GROUP_SPACES}.{_APOSTROPHES}]+", part)
    if any(not g.isdigit() for g in groups):
        return None
    regular = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    mixed = len({"." if s == "." else " " for s in separators}) > 1
    digits = "".join(groups)
    if regular and not mixed:
        return digits, None
    shown = part.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    return digits, (
        f"Groupement des chiffres irrégulier (« {shown} ») : lu comme {int(digits)}, à vérifier."
    )


def _interpret(body: str, money: bool) -> tuple[Decimal, str | None] | None:
    """Value of a scanned numeric body such as "35 000", "1.500,00" or "41,66".

    ``money``: euros never have three decimals, so "1.500" is surely 1 500.
    """
    body = body.rstrip(GROUP_SPACES + ".," + _APOSTROPHES)
    if not body:
        return None
    doubt: str | None = None
    if body.count(",") > 1:
        return None
    if "," in body:
        integer, fraction = body.split(",")
        if not fraction.isdigit():
            return None
    elif body.count(".") == 1 and len(body.rpartition(".")[2]) != 3:
        # A single dot not followed by three digits is a decimal point ("0.20", "41.66").
        integer, _, fraction = body.rpartition(".")
    elif body.count(".") == 1 and body.replace(".", "").isdigit() and len(body) <= 7:
        # "1.500" is 1 500 in French writing, but 1.5 elsewhere: read it and say so.
        integer, fraction = body.replace(".", ""), ""
        if not money:
            doubt = f"Point ambigu dans « {body} » : lu comme séparateur de milliers, à vérifier."
    else:
        integer, fraction = body, ""
    grouped = _group_integer(integer)
    if grouped is None:
        return None
    digits, group_doubt = grouped
    significant = digits.lstrip("0")
    if len(significant) > MAX_INTEGER_DIGITS or len(significant) + len(fraction) > MAX_DIGITS:
        # Beyond Decimal's 28-digit precision (amounts carry two decimals): unreadable, not an
        # internal error later when the amount is rounded.
        return None
    try:
        value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        return None
    return value, doubt or group_doubt


def scan_number(text: str, start: int = 0, *, money: bool = False) -> FrenchNumber | None:
    """Read the first number found in ``text`` from ``start``, with the unit just after it."""
    match = _CORE.search(text, start)
    if match is None:
        return None
    return _number_at(text, match, money)


def _number_at(text: str, match: re.Match[str], money: bool = False) -> FrenchNumber | None:
    interpreted = _interpret(match.group("body"), money)
    if interpreted is None:
        return None
    value, doubt = interpreted
    if match.group("sign"):
        value = -value
    end = match.start("body") + len(match.group("body").rstrip(GROUP_SPACES + ".," + "'\u2019"))
    unit = None
    rest = text[end:]
    stripped = rest.lstrip(GROUP_SPACES)
    unit_match = _UNIT.match(stripped)
    if unit_match is not None:
        unit = _UNIT_NAMES.get(unit_match.group("unit").lower(), unit_match.group("unit"))
        end += len(rest) - len(stripped) + unit_match.end()
    return FrenchNumber(value, unit, doubt, text[match.start() : end], end)


def read_french_number(text: str | None, *, money: bool = False) -> FrenchNumber | None:
    """Read ``text`` when it is a number and nothing else (an optional unit allowed).

    ``money`` says the number is an amount in euros (see :func:`parse_french_amount`).
    """
    if text is None:
        return None
    stripped = text.strip(GROUP_SPACES + "\t")
    if not stripped:
        return None
    match = _CORE.match(stripped)
    if match is None:
        return None
    number = _number_at(stripped, match, money)
    if number is None or stripped[number.end :].strip(GROUP_SPACES + ".") != "":
        return None
    return number


# An amount followed by its currency, inside a sentence ("170 000 euros", "73 000 €").
AMOUNT_WITH_CURRENCY = re.compile(
    rf"(?<![\d,.])\d{{1,3}}(?:[{GROUP_SPACES}.]\d{{1,3}})*(?:,\d{{1,2}})?"
    rf"[{GROUP_SPACES}]?(?:€|euros?\b|EUR\b)",
    re.IGNORECASE,
)


def amount_in_text(text: str) -> FrenchNumber | None:
    """First amount followed by its currency in a sentence ("... de 170 000 euros")."""
    match = AMOUNT_WITH_CURRENCY.search(text)
    return read_french_number(match.group(), money=True) if match else None


def parse_french_amount(text: str | None) -> Decimal | None:
    """Amount written in ``text`` ("35 000 €", "1 500,00", "-1 200"), or ``None``.

    Irregular groupings such as "12 00" are read (1200); use :func:`read_french_number`
    to learn that the writing was doubtful.
    """
    number = read_french_number(text, money=True)
    if number is None or number.unit not in (None, "€", "k€"):
        return None
    return number.value * 1000 if number.unit == "k€" else number.value


def parse_french_percentage(text: str | None) -> Decimal | None:
    """Percentage written in ``text`` ("80 %", "80%", "12,5 %"), or ``None``."""
    number = read_french_number(text)
    return number.value if number is not None and number.unit == "%" else None


def parse_french_duration(text: str | None) -> tuple[Decimal, str] | None:
    """Duration written in ``text`` ("9 mois", "228 h"): value and unit, or ``None``."""
    number = read_french_number(text)
    if number is None or number.unit not in ("mois", "h", "ans", "jours", "semaines"):
        return None
    return number.value, number.unit


@dataclass(frozen=True, slots=True)
class TargetReading:
    """The number read from an indicator target as written, and why it is doubtful."""

    value: Decimal | None
    doubt: str | None


# A second operand right after the number: "24 x 2", "6/12", "10 + 5".
_EXPRESSION = re.compile(r"^\s*(?:[x×*/+]|par)\s*\d", re.IGNORECASE)


def read_target(text: str | None) -> TargetReading:
    """Number read from an indicator target ("15 en moyenne" → 15, "80 %" → 80).

    A target that starts with words ("Au regard des montants") gives no number. A
    calculation ("24 x 2") or a fraction ("6/12") is never evaluated: no number, and a
    doubt for the reviewer. When words after the number hold other numbers ("65 h soit
    60 h ..."), the first number is kept with a doubt.
    """
    if text is None or not text.strip():
        return TargetReading(None, None)
    stripped = _LEAD_WORDS.sub("", text.strip())
    match = _CORE.match(stripped)
    if match is None:
        return TargetReading(None, None)
    number = _number_at(stripped, match)
    if number is None:
        return TargetReading(None, None)
    rest = stripped[number.end :]
    if _EXPRESSION.match(rest):
        return TargetReading(
            None,
            f"Valeur cible écrite sous forme de calcul ou de fraction (« {text.strip()} ») : "
            "non évaluée, à confirmer.",
        )
    if rest and rest[0].isalnum() and number.unit is None:
        # "12A" or "3e": the digits belong to a word, not a quantity.
        return TargetReading(None, None)
    doubt = number.doubt
    if doubt is None and any(ch.isdigit() for ch in rest):
        doubt = (
            f"Plusieurs nombres dans la valeur cible (« {text.strip()} ») : "
            f"seul le premier ({format_plain(number.value)}) est retenu."
        )
    return TargetReading(number.value, doubt)


def quantize_amount(value: Decimal) -> Decimal:
    """The one place where amounts are rounded: to the cent, halves away from zero."""
    return quantize(value)


def format_amount(value: Decimal | None) -> str | None:
    """Two-decimal string for the exchange format: Decimal("35000") → "35000.00"."""
    if value is None:
        return None
    return f"{quantize_amount(value):f}"


def format_plain(value: Decimal) -> str:
    """Shortest plain writing of a value, for messages: 1200 → "1200", 41.66 → "41,66"."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.replace(".", ",")


def format_french_number(
    value: Decimal,
    *,
    decimals: int = 2,
    group: str = "\u202f",
    decimal_mark: str = ",",
    unit: str | None = None,
) -> str:
    """Write ``value`` the French way: format_french_number(Decimal("35000")) → "35 000,00"."""
    text = french_number(value, decimals=decimals, group=group, decimal_mark=decimal_mark)
    return f"{text}\u00a0{unit}" if unit else text
