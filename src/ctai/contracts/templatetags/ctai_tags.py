"""Template filters of the coordinator's pages: French amounts, severities, source lines."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from ctai.checks.enums import SEVERITY_LABELS, SEVERITY_PLURALS
from ctai.core.money import count, euros, french_number

register = template.Library()

SEVERITY_CLASSES = {"erreur": "text-bg-danger", "alerte": "text-bg-warning", "info": "text-bg-info"}


@register.filter(name="euros")
def euros_filter(value: Decimal | None) -> str:
    """ "1 234,56 €" (narrow no-break spaces); "—" when not filled."""
    return "—" if value is None or value == "" else euros(Decimal(value))


@register.filter
def amount(value: Decimal | None) -> str:
    """ "1 234,56" without the unit; "—" when not filled."""
    return "—" if value is None or value == "" else french_number(Decimal(value))


@register.filter
def quantity(value: Decimal | None) -> str:
    """A count or a target: "12" or "12,50"."""
    return "" if value is None else count(Decimal(value))


@register.filter
def severity_label(value: str) -> str:
    return SEVERITY_LABELS.get(value, value)


@register.filter
def severity_class(value: str) -> str:
    return SEVERITY_CLASSES.get(value, "text-bg-secondary")


@register.simple_tag
def severity_count(severity: str, number: int) -> str:
    """ "2 erreurs", "1 alerte", "0 information"."""
    singular, plural = SEVERITY_PLURALS.get(severity, (severity, severity))
    return f"{number} {plural if number > 1 else singular}"


@register.simple_tag
def source_line(sources: dict | None, key: str):
    """The source-line mark of an imported value, or nothing (a value typed in the app)."""
    line = (sources or {}).get(key)
    if not isinstance(line, int):
        return ""
    return line_mark(line)


@register.simple_tag(name="line_mark")
def line_mark(line: int | None):
    if line is None:
        return ""
    return format_html(
        '<span class="ctai-source" data-source-line="{}">ligne&nbsp;{}</span>', line, line
    )


@register.filter
def get_item(mapping: dict, key):
    return (mapping or {}).get(key)
