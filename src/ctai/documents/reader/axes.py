"""Axes of the contract (article 1): title, declared amount, sheets listed under each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ctai.core.numbers import AMOUNT_WITH_CURRENCY, amount_in_text, read_french_number
from ctai.documents.reader.lines import Line
from ctai.documents.reader.structure import AXIS_HEADING, Heading, axis_number

_AXIS_BULLET = re.compile(r"^[\s\-–•*]*(\d{1,2})\s*[.)]\s*(.+?)\s*:\s*(\d[^:]*)$")
# "… des structures accompagnatrices - Ville de Metz": the operator after the last spaced dash.
# A dash inside a name ("GIP-FTLV") is not spaced and does not separate.
_SPACED_DASH = re.compile(r"\s[-–—]\s+")


def listed_operator(title: str) -> str | None:
    """The operator an article 1 entry names after its title ("… - Ville de Metz"), or None."""
    parts = _SPACED_DASH.split(title)
    if len(parts) < 2:
        return None
    return parts[-1].strip(" .*") or None


@dataclass(slots=True)
class AxisInfo:
    number: int
    title: str | None = None
    title_line: int | None = None
    amount: Decimal | None = None
    amount_line: int | None = None
    actions: list[int] = field(default_factory=list)
    # Sheet number → the operator the listing names ("Fiche action n° 6 : … - Ville de Metz").
    operators: dict[int, str] = field(default_factory=dict)


def axis_blocks(
    lines: list[Line],
    start: int,
    end: int,
    entries: list[Heading],
    axes: dict[int, AxisInfo],
    sources: dict[str, int],
) -> None:
    """Axis headings of a region with their declared amount and the sheets listed under them."""
    entry_at = {heading.index: heading for heading in entries}
    listed = {number for number, axis in axes.items() if axis.actions}
    current: AxisInfo | None = None
    for index in range(start, end):
        line = lines[index]
        if line.key.startswith("axe"):
            match = AXIS_HEADING.match(line.text)
            number = axis_number(match.group(1)) if match else None
            if number is not None:
                current = axes.setdefault(number, AxisInfo(number))
                title = match.group(2)
                amount = AMOUNT_WITH_CURRENCY.search(title)
                if amount is not None and current.amount is None:
                    # "Axe 1 : Pilotage du CTAI (73 000 €)" or "... : 73 000 €"
                    value = read_french_number(amount.group(), money=True)
                    if value is not None:
                        current.amount, current.amount_line = value.value, line.no
                        sources[f"axes.{number}.declared_amount"] = line.no
                    title = title[: amount.start()]
                title = re.sub(r"[\s(:–—-]+$", "", title).strip(" .:*")
                if current.title is None and title:
                    current.title, current.title_line = title, line.no
                    sources[f"axes.{number}.title"] = line.no
                continue
        if current is None:
            continue
        if index in entry_at:
            # A later listing (the programmation) only completes axes listed nowhere else.
            sheet = entry_at[index].number
            if current.number not in listed and sheet not in current.actions:
                current.actions.append(sheet)
                operator = listed_operator(entry_at[index].title)
                if operator:
                    current.operators[sheet] = operator
                    sources[f"axes.{current.number}.operators.{sheet}"] = line.no
            continue
        if current.amount is None and "montant" in line.key:
            number = amount_in_text(line.text)
            if number is not None:
                current.amount, current.amount_line = number.value, line.no
                sources[f"axes.{current.number}.declared_amount"] = line.no


def axis_bullets(
    lines: list[Line], start: int, end: int, axes: dict[int, AxisInfo], sources: dict[str, int]
) -> None:
    """Axes announced as "1. Pilotage du CTAI : 73 000 €" before article 1."""
    for index in range(start, end):
        match = _AXIS_BULLET.match(lines[index].text)
        if match is None or AMOUNT_WITH_CURRENCY.search(match.group(3)) is None:
            continue
        number = read_french_number(AMOUNT_WITH_CURRENCY.search(match.group(3)).group(), money=True)
        axis = axes.setdefault(int(match.group(1)), AxisInfo(int(match.group(1))))
        if axis.title is None:
            axis.title, axis.title_line = match.group(2).strip(" *"), lines[index].no
            sources[f"axes.{axis.number}.title"] = lines[index].no
        if axis.amount is None and number is not None:
            axis.amount, axis.amount_line = number.value, lines[index].no
            sources[f"axes.{axis.number}.declared_amount"] = lines[index].no
