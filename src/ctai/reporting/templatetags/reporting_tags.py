"""Template filters of the reporting pages (no query: the views assemble their pages)."""

from decimal import Decimal

from django import template

from ctai.core.money import french_number

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    """0.8125 → "81,3 %" (narrow no-break space); "—" when there is no rate."""
    if value is None or value == "":
        return "—"
    return f"{french_number(Decimal(value) * 100, decimals=1)}\u202f%"
