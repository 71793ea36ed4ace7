"""Numbers for the checks: parse ctai/1 amounts into ``Decimal`` and write them the French way.

Pure Python (no Django): ``ctai.core.money`` holds the same rounding convention for the models
(two decimals, ROUND_HALF_UP) but imports Django, so the checks keep their own copy here.

French formatting uses the narrow no-break space (U+202F) everywhere: as thousands separator
and before the unit ("15 000,00 €", "12,5 %"), so a figure never breaks across lines.
"""

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

CENT = Decimal("0.01")
NNBSP = "\u202f"
# Amounts stored by the application have at most 12 digits (10 before the point); a larger
# value is a reading accident, treated as unreadable rather than compared.
TOO_LARGE = Decimal("1e12")
# Enough digits to round any ratio of two readable amounts without overflowing.
WIDE = Context(prec=60)


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
    text = value.strip().replace(NNBSP, "").replace("\u00a0", "").replace(" ", "")
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


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=WIDE)


def figure(value: Decimal) -> str:
    """The machine form used in ``Finding.figures``: two decimals, no separator ("1234.00")."""
    return f"{quantize(value):.2f}"


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NNBSP.join(groups)


def french_number(value: Decimal, *, decimals: int = 2) -> str:
    """ "15 000,00" (decimals=2) or "15 000" (decimals=0), rounded half up."""
    exponent = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(exponent, rounding=ROUND_HALF_UP, context=WIDE)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    return sign + _group(whole) + ("," + fraction if fraction else "")


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
