"""Money and numbers the French way: parsing, rounding, writing. Pure Python, no Django.

The one rounding rule of the code base lives here: ``round_to`` (ROUND_HALF_UP, halves away
from zero). Amounts are ``Decimal`` with two decimals; a float is never accepted.

French writing uses the narrow no-break space (U+202F) as thousands separator and before the
unit ("15 000,00 €", "12,5 %"), so a figure never breaks across lines.
"""

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

CENT = Decimal("0.01")
RATE_STEP = Decimal("0.0001")  # a rate is a fraction kept to 0,01 %
NNBSP = "\u202f"
NBSP = "\u00a0"
SPACES = " \u00a0\u202f\u2009"
# Amounts stored by the application have at most 12 digits (10 before the point); a larger
# value is a reading accident, treated as unreadable rather than compared.
TOO_LARGE = Decimal("1e12")
MAX_AMOUNT = Decimal("9999999999.99")  # DecimalField(max_digits=12, decimal_places=2)
# Enough digits to round any ratio of two readable amounts without overflowing.
WIDE = Context(prec=60)


# -- rounding -------------------------------------------------------------------------------


def round_to(value: Decimal, step: Decimal = CENT) -> Decimal:
    """``value`` rounded to ``step`` (a power of ten), halves away from zero; never "-0"."""
    rounded = value.quantize(step, rounding=ROUND_HALF_UP, context=WIDE)
    return rounded if rounded != 0 else abs(rounded)


def quantize(value: Decimal) -> Decimal:
    """To the cent."""
    return round_to(value, CENT)


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a fraction kept to 0,01 % (0.8 for 80 %); ``None`` when undefined."""
    if part is None or not whole:
        return None
    return round_to(part / whole, RATE_STEP)


def add(values) -> Decimal | None:
    """The sum of the filled values; ``None`` when none is filled (not filled is not zero)."""
    filled = [value for value in values if value is not None]
    return sum(filled, Decimal(0)) if filled else None


def total(values) -> Decimal:
    """The sum of the filled values, zero when none is."""
    return sum((value for value in values if value is not None), Decimal(0))


# -- parsing --------------------------------------------------------------------------------


def parse_amount(value: object) -> Decimal | None:
    """A ctai/1 amount ("35000.00") as ``Decimal``; ``None`` when absent or unreadable.

    Integers and Decimals are accepted as they are; floats and booleans are refused (money is
    never a float); strings tolerate spaces and a decimal comma but nothing else.
    """
    if value is None or isinstance(value, bool | float):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() and abs(value) < TOO_LARGE else None
    if isinstance(value, int):
        return Decimal(value) if abs(value) < TOO_LARGE else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace(NNBSP, "").replace(NBSP, "").replace(" ", "")
    text = text.replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < TOO_LARGE else None


def is_unreadable(value: object) -> bool:
    """True when a value is present but cannot be read as an amount."""
    return value is not None and parse_amount(value) is None


class AmountError(ValueError):
    """A typed amount that cannot be taken; ``code`` as in Django's validation errors."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


_TYPED_AMOUNT = re.compile(rf"^(?:\d{{1,3}}(?:[{SPACES}]\d{{3}})+|\d+)(?:[.,]\d{{1,2}})?$")


def parse_typed_amount(text: str) -> Decimal:
    """What a person types in an amount box: "1 234,56", "1234.56", "1 234,5 €" → Decimal.

    Raises ``AmountError`` with a French message for anything else (negative, three decimals,
    letters, too large)."""
    cleaned = text.strip().removesuffix("€").strip()
    if cleaned.startswith(("-", "\u2212")):
        raise AmountError("Le montant ne peut pas être négatif.", "negative")
    if not _TYPED_AMOUNT.match(cleaned):
        raise AmountError(
            "Saisissez un montant en euros, par exemple 1 234,56 (deux décimales au plus).",
            "invalid",
        )
    value = Decimal(re.sub(f"[{SPACES}]", "", cleaned).replace(",", "."))
    if value > MAX_AMOUNT:
        raise AmountError("Montant trop élevé : 9 999 999 999,99 € au plus.", "max_value")
    return value


# -- writing --------------------------------------------------------------------------------


def amount_to_str(value: Decimal | None) -> str | None:
    """The exchange-format representation: a string with two decimals, or None."""
    return None if value is None else f"{quantize(value):.2f}"


def figure(value: Decimal) -> str:
    """The machine form used in findings' figures: two decimals, no separator ("1234.00")."""
    return f"{quantize(value):.2f}"


def _group(digits: str, separator: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def french_number(
    value: Decimal, *, decimals: int = 2, group: str = NNBSP, decimal_mark: str = ","
) -> str:
    """ "15 000,00" (decimals=2) or "15 000" (decimals=0), rounded half up."""
    rounded = round_to(value, Decimal(1).scaleb(-decimals))
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    return sign + _group(whole, group) + (decimal_mark + fraction if fraction else "")


def euros(value: Decimal) -> str:
    """ "15 000,00 €"."""
    return f"{french_number(value)}{NNBSP}€"


def count(value: Decimal) -> str:
    """A number of people or items: "12" when whole, else "12,50"."""
    if value == value.to_integral_value():
        return french_number(value, decimals=0)
    return french_number(value)


def percent(part: Decimal, whole: Decimal) -> str:
    """ "21,33 %" (part / whole); "—" when whole is zero."""
    if whole == 0:
        return "—"
    return f"{french_number(part * 100 / whole)}{NNBSP}%"
