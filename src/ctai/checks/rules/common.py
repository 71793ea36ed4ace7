"""Defensive access to the ctai/1 dict shared by the rules.

Every accessor tolerates absent keys, ``None`` and wrong types: a rule that cannot read its
figures gets ``None`` (or an empty list) and says nothing, it never guesses a value.
"""

import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal

from ctai.checks.findings import Finding
from ctai.core.money import parse_amount

Rule = Callable[[dict], Iterable[Finding]]


def as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def text(value: object) -> str | None:
    """A non-blank string, stripped; ``None`` otherwise."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def normalize(value: str) -> str:
    """Lower case without accents and with single spaces, to compare labels written by hand."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("’", "'").split())


def actions(contract: dict) -> list[dict]:
    return [a for a in as_list(contract.get("actions")) if isinstance(a, dict)]


def number(action: dict) -> int | None:
    return integer(action.get("number"))


def year(action: dict) -> int | None:
    return integer(action.get("year"))


def budget(action: dict) -> dict:
    return as_dict(action.get("budget"))


def amount(mapping: dict, key: str) -> Decimal | None:
    return parse_amount(mapping.get(key))


def year_of_date(value: object) -> int | None:
    """The year of an ISO date ("2026-01-01" → 2026)."""
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdecimal():
        return int(value[:4])
    return None


def source_lines(owner: dict, *keys: str) -> tuple[int, ...]:
    """Lines recorded in ``owner["sources"]`` for the given field paths, sorted, unique."""
    sources = as_dict(owner.get("sources"))
    return merge_lines(tuple(v for k in keys if (v := integer(sources.get(k))) is not None))


def entry_line(entry: dict) -> tuple[int, ...]:
    """The ``line`` of an other_lines entry or an indicator, as a 0- or 1-tuple."""
    value = integer(entry.get("line"))
    return () if value is None else (value,)


def merge_lines(*groups: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted({line for group in groups for line in group}))


def programme_year(contract: dict) -> int | None:
    """The earliest programmation year among the actions: the programmation annexed to the
    contract, which the axis amounts of article 1 ("pour un montant global de …") describe.
    (Article 1's *list* of sheets per axis holds for every year: see ``rules.axes``.)
    """
    years = [y for a in actions(contract) if (y := year(a)) is not None]
    return min(years) if years else None


def programme_actions(contract: dict) -> list[dict]:
    """The sheets of the programmation annexed to the contract (see ``programme_year``)."""
    first = programme_year(contract)
    return [a for a in actions(contract) if year(a) in (first, None)]


def actions_by_year(contract: dict) -> dict[int | None, list[dict]]:
    """The sheets of each programme year, years in order (sheets without a year last)."""
    grouped: dict[int | None, list[dict]] = {}
    for action in actions(contract):
        grouped.setdefault(year(action), []).append(action)
    return dict(sorted(grouped.items(), key=lambda item: (item[0] is None, item[0] or 0)))


def action_finding(
    action: dict,
    code: str,
    severity: str,
    message: str,
    *,
    figures: dict[str, str] | None = None,
    lines: Iterable[int] = (),
) -> Finding:
    """A finding attached to an action sheet, and to its programme year."""
    return Finding(
        code,
        severity,
        number(action),
        message,
        dict(figures or {}),
        merge_lines(lines),
        year=year(action),
    )


def contract_finding(
    code: str,
    severity: str,
    message: str,
    *,
    figures: dict[str, str] | None = None,
    lines: Iterable[int] = (),
    year: int | None = None,
) -> Finding:
    """A finding about the whole contract, or about one programme year of it (``year``)."""
    return Finding(
        code, severity, None, message, dict(figures or {}), merge_lines(lines), year=year
    )


def sheet_name(action: dict) -> str:
    """ "la fiche action n° 9" (or "une fiche action sans numéro")."""
    n = number(action)
    return f"la fiche action n° {n}" if n is not None else "une fiche action sans numéro"


def upper_first(value: str) -> str:
    """Capitalise the first letter only ("l'axe 2 « Logement »" → "L'axe 2 « Logement »")."""
    return value[:1].upper() + value[1:]
