"""Reading indicator targets (objectif / valeur-cible) for the rules."""

from decimal import Decimal

from ctai.checks.rules.common import as_list, entry_line, text
from ctai.core.money import parse_amount


def numeric_target(row: dict) -> Decimal | None:
    """The number read from a target, or ``None``.

    A target written as a percentage ("50 %") is a share, not a count: it is not returned, so
    it is never compared with a number of people.
    """
    words = text(row.get("target_text"))
    if words and "%" in words:
        return None
    return parse_amount(row.get("target"))


def has_target(row: dict) -> bool:
    """A target was given, as a number or in words."""
    return parse_amount(row.get("target")) is not None or text(row.get("target_text")) is not None


def indicator_rows(action: dict) -> list[dict]:
    return [i for i in as_list(action.get("indicators")) if isinstance(i, dict)]


def numeric_targets(action: dict) -> dict[str, tuple[Decimal, tuple[int, ...]]]:
    """code -> (number, lines) for the first row of each catalogue code with a number."""
    targets: dict[str, tuple[Decimal, tuple[int, ...]]] = {}
    for row in indicator_rows(action):
        code = row.get("code")
        if isinstance(code, str) and code not in targets:
            value = numeric_target(row)
            if value is not None:
                targets[code] = (value, entry_line(row))
    return targets
