"""What an operator sends when saving a report, and its validation before anything is written.

Values are ``Decimal`` (or ``int``); a string is read the French way ("1 234,5") so that a
caller without a form still gets a French message for "abc". A float is refused: amounts and
counts never go through binary floating point. Errors are keyed by field name (``indicator_<id>``,
``line_<code>``, ``extra_<id>``) so that a form can put each message next to its field.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ctai.budget.models import BudgetExtraLine
from ctai.core.money import parse_amount, quantize
from ctai.indicators.models import ActionIndicator
from ctai.reporting.errors import ReportInvalid
from ctai.reporting.models import SPENDING_LINES, OperatorReport

SPENDING_LABELS = dict(SPENDING_LINES)
MAX_VALUE = Decimal("1e12")  # DecimalField(max_digits=14, decimal_places=2)
MAX_AMOUNT = Decimal("1e10")  # DecimalField(max_digits=12, decimal_places=2)

LineKey = tuple[str, int | None]  # (budget line code or "", extra line id or None)


@dataclass(frozen=True)
class AchievementInput:
    """The achieved value of one indicator; ``value=None`` and no comment removes it."""

    indicator_id: int
    value: object = None
    comment: str = ""


@dataclass(frozen=True)
class SpendingInput:
    """The actual amount of a template budget line (``budget_line``) or of a line the sheet
    added (``extra_line_id``); ``amount=None`` removes it."""

    amount: object = None
    budget_line: str = ""
    extra_line_id: int | None = None


@dataclass(frozen=True)
class Narrative:
    """The report's text: what was done, what changed from the plan, the difficulties."""

    done: str = ""
    changes: str = ""
    difficulties: str = ""


def read_number(raw: object, label: str, *, limit: Decimal, unit: str = "") -> Decimal | None:
    """``raw`` as a Decimal ≥ 0 with at most two decimals, or a ``ValueError`` in French."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str | int | Decimal) and not isinstance(raw, bool):
        number = parse_amount(raw)
    else:
        number = None
    if number is None:
        raise ValueError(
            f"« {label} » : « {raw} » n'est pas un nombre ; saisissez par exemple 12 ou "
            f"1 234,50{unit}."
        )
    if number < 0:
        raise ValueError(f"« {label} » : la valeur ne peut pas être négative ({raw}).")
    if number.as_tuple().exponent < -2 and number != quantize(number):
        raise ValueError(f"« {label} » : deux décimales au plus ({raw}).")
    if number >= limit:
        raise ValueError(f"« {label} » : valeur trop grande ({raw}).")
    return quantize(number)


class ValueKind(StrEnum):
    """What an achieved value is, read from the indicator: it decides the box of the form
    and what is accepted."""

    WHOLE = "whole"  # a count of people, sessions, places: no decimals
    PERCENT = "percent"  # 0 to 100, typed "72", "72,5" or "72 %"
    TEXT = "text"  # qualitative: described in words, no number
    NUMBER = "number"  # hours, euros, months, averages: two decimals at most


COUNT_LABEL = re.compile(r"^\s*(nombre|nb)\b", re.IGNORECASE)
AVERAGE = re.compile(r"\bmoyen(ne)?s?\b", re.IGNORECASE)


def value_kind(
    *, unit: str | None, label: str, target: Decimal | None, target_text: str
) -> ValueKind:
    """The kind of an indicator's achieved value: its catalogue unit, or — for a row the
    operator added — what its label and target say ("80 %", "Au regard des montants"). A
    catalogue text row with a number read as its target takes a number."""
    text = (target_text or "").strip()
    if unit is None:
        if "%" in text:
            return ValueKind.PERCENT
        if target is None and text and not re.search(r"\d", text):
            return ValueKind.TEXT
        unit = "count" if COUNT_LABEL.match(label) else "number"
    if unit == "percent":
        return ValueKind.PERCENT
    if unit == "text":
        # A qualitative row whose sheet wrote a number as its target is counted on this sheet.
        if target is None:
            return ValueKind.TEXT
        unit = "count" if COUNT_LABEL.match(label) else "number"
    if unit == "count" and not AVERAGE.search(label):
        return ValueKind.WHOLE
    return ValueKind.NUMBER


def kind_of(indicator: ActionIndicator) -> ValueKind:
    definition = indicator.definition
    return value_kind(
        unit=definition.unit if definition else None,
        label=indicator.display_label,
        target=indicator.target,
        target_text=indicator.target_text,
    )


def read_achieved(raw: object, label: str, kind: ValueKind) -> Decimal | None:
    """An achieved value of ``kind``, or a ``ValueError`` in French naming the indicator."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if kind == ValueKind.TEXT:
        if empty:
            return None
        raise ValueError(
            f"« {label} » est un indicateur qualitatif : décrivez ce qui a été réalisé dans "
            f"son texte, sans valeur chiffrée."
        )
    if kind == ValueKind.PERCENT and isinstance(raw, str):
        raw = raw.strip().removesuffix("%").strip()
    number = read_number(raw, label, limit=MAX_VALUE)
    if number is None:
        return None
    if kind == ValueKind.PERCENT and number > 100:
        raise ValueError(
            f"« {label} » : un pourcentage est compris entre 0 et 100 ({raw} % saisi)."
        )
    if kind == ValueKind.WHOLE and number != number.to_integral_value():
        raise ValueError(f"« {label} » : un nombre entier est attendu, sans décimales ({raw}).")
    return number


def _achievements(
    report: OperatorReport, inputs: Sequence[AchievementInput], errors: dict[str, list[str]]
) -> dict[int, tuple[Decimal | None, str]]:
    indicators = {i.pk: i for i in report.sheet.indicators.select_related("definition")}
    values: dict[int, tuple[Decimal | None, str]] = {}
    for entry in inputs:
        key = f"indicator_{entry.indicator_id}"
        indicator = indicators.get(entry.indicator_id)
        if indicator is None:
            errors.setdefault(key, []).append(
                f"Cet indicateur n'est pas un indicateur de la fiche n° {report.sheet.number}."
            )
            continue
        try:
            value = read_achieved(entry.value, indicator.display_label, kind_of(indicator))
        except ValueError as refused:
            errors.setdefault(key, []).append(str(refused))
            continue
        values[indicator.pk] = (value, (entry.comment or "").strip())
    return values


def _spending(
    report: OperatorReport, inputs: Sequence[SpendingInput], errors: dict[str, list[str]]
) -> dict[LineKey, Decimal | None]:
    extra_lines = {
        line.pk: line for line in BudgetExtraLine.objects.filter(budget__action=report.sheet)
    }
    amounts: dict[LineKey, Decimal | None] = {}
    for entry in inputs:
        if entry.budget_line and entry.extra_line_id is None:
            key, label = f"line_{entry.budget_line}", SPENDING_LABELS.get(entry.budget_line)
            line_key: LineKey = (entry.budget_line, None)
            unknown = "Cette ligne n'est pas une ligne du budget de la fiche action."
        elif entry.extra_line_id is not None and not entry.budget_line:
            extra = extra_lines.get(entry.extra_line_id)
            key, label = f"extra_{entry.extra_line_id}", extra and (extra.label or "Ligne ajoutée")
            line_key = ("", entry.extra_line_id)
            unknown = (
                f"Cette ligne n'est pas une ligne du budget de la fiche n° {report.sheet.number}."
            )
        else:
            errors.setdefault("spending", []).append(
                "Une dépense porte sur une ligne du budget, ou sur une ligne ajoutée, pas les deux."
            )
            continue
        if label is None:
            errors.setdefault(key, []).append(unknown)
            continue
        try:
            amounts[line_key] = read_number(entry.amount, label, limit=MAX_AMOUNT, unit=" €")
        except ValueError as refused:
            errors.setdefault(key, []).append(str(refused))
    return amounts


def validate_inputs(
    report: OperatorReport,
    achievements: Sequence[AchievementInput],
    spending: Sequence[SpendingInput],
) -> tuple[dict[int, tuple[Decimal | None, str]], dict[LineKey, Decimal | None]]:
    """The values to write, or ``ReportInvalid`` listing every refused one (nothing written)."""
    errors: dict[str, list[str]] = {}
    values = _achievements(report, achievements, errors)
    amounts = _spending(report, spending, errors)
    if errors:
        raise ReportInvalid(field_errors=errors)
    return values, amounts
