"""``budget.unit_cost``: the stated unit cost per beneficiary against total cost / beneficiaries.

Beneficiaries are the target of indicator ``ben_total`` (eligible foreigners), or of
``actors_trained`` (integration actors trained) when the sheet has no ``ben_total`` row at all.
A ``ben_total`` written only in words ("24 x 2") is not converted: the rule then gives the
implied number of beneficiaries as an information, as when no target is given.
Tolerance: 1 € or 1 % of the computed unit cost, whichever is larger (sheets round, truncate
— Metz sheet 7 writes 41,66 € for 2 000 € / 48 — or count an active file).
"""

from collections.abc import Iterator
from decimal import Decimal

from ctai.budget.figures import from_action
from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import action_finding, actions, as_list, entry_line, text
from ctai.checks.rules.targets import numeric_target
from ctai.core.money import count, euros, figure, quantize

BENEFICIARY_CODES = ("ben_total", "actors_trained")
BENEFICIARY_WORDS = {"ben_total": "bénéficiaires", "actors_trained": "acteurs formés"}


def _beneficiaries(action: dict) -> tuple[str, Decimal | None, str | None, tuple[int, ...]] | None:
    """(code, number, words, lines) of the first beneficiary row present, or None."""
    indicators = [i for i in as_list(action.get("indicators")) if isinstance(i, dict)]
    for code in BENEFICIARY_CODES:
        rows = [i for i in indicators if i.get("code") == code]
        for row in rows:
            value = numeric_target(row)
            if value is not None:
                return code, value, text(row.get("target_text")), entry_line(row)
        for row in rows:
            if text(row.get("target_text")):
                return code, None, text(row.get("target_text")), entry_line(row)
    return None


def check_unit_cost(contract: dict) -> Iterator[Finding]:
    """``budget.unit_cost`` (alerte) when the stated unit cost ≠ total / beneficiaries;
    ``budget.unit_cost_implied`` (info) with the implied beneficiaries when no number is given."""
    for action in actions(contract):
        money = from_action(action)
        unit, total = money.term("unit_cost"), money.term("total_cost")
        if unit is None or total is None:
            continue
        found = _beneficiaries(action)
        value = found[1] if found else None
        if value is not None and value > 0:
            code, _, _, target_lines = found
            expected = total.amount / value
            tolerance = max(Decimal(1), abs(expected) / 100)
            if abs(unit.amount - expected) <= tolerance:
                continue
            words = BENEFICIARY_WORDS[code]
            message = (
                f"Le coût unitaire indiqué ({euros(unit.amount)}) ne correspond pas au coût total "
                f"divisé par le nombre de {words} ({euros(total.amount)} / {count(value)} = "
                f"{euros(expected)}) : indiquez {euros(expected)}, ou corrigez le coût total ou "
                f"l'objectif de {words}"
            )
            if unit.amount > 0:
                implied = quantize(total.amount / unit.amount)
                message += f" (le coût unitaire indiqué correspond à {count(implied)} {words})"
            yield action_finding(
                action,
                "budget.unit_cost",
                Severity.ALERTE,
                message + ".",
                figures={
                    "unit_cost": figure(unit.amount),
                    "total_cost": figure(total.amount),
                    "beneficiaries": figure(value),
                    "expected_unit_cost": figure(expected),
                },
                lines=(*unit.lines, *total.lines, *target_lines),
            )
        elif value is None and unit.amount > 0:
            implied = quantize(total.amount / unit.amount)
            words = found and found[2]
            written = f" (l'objectif est écrit « {words} »)" if words else ""
            yield action_finding(
                action,
                "budget.unit_cost_implied",
                Severity.INFO,
                f"Aucun nombre de bénéficiaires n'est donné en chiffres{written} : le coût "
                f"unitaire de {euros(unit.amount)} pour un coût total de {euros(total.amount)} "
                f"correspond à {count(implied)} bénéficiaires. Indiquez cet objectif dans le "
                f"tableau des bénéficiaires pour qu'il puisse être suivi.",
                figures={
                    "unit_cost": figure(unit.amount),
                    "total_cost": figure(total.amount),
                    "implied_beneficiaries": figure(implied),
                },
                lines=(*unit.lines, *total.lines, *(found[3] if found else ())),
            )
