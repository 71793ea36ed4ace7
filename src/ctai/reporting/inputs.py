"""What an operator sends when saving a report, and its validation before anything is written.

Values are ``Decimal`` (or ``int``); a string is read the French way ("1 234,5") so that a
caller without a form still gets a French message for "abc". A float is refused: amounts and
counts never go through binary floating point. Errors are keyed by field name (``indicator_<id>``,
``line_<code>``, ``extra_<id>``) so that a form can put each message next to its field.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ctai.budget.models import BudgetExtraLine
from ctai.core.money import parse_amount, quantize
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
            value = read_number(entry.value, indicator.display_label, limit=MAX_VALUE)
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
