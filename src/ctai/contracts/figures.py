"""The dashboard's figures: money per year (envelope, P104, carry-over) and per axis."""

from dataclasses import dataclass
from decimal import Decimal

from ctai.contracts.financing import SOURCES, ZERO
from ctai.contracts.selectors import AxisGroup, Overview, sum_filled


@dataclass
class YearFigures:
    year: int
    envelope: Decimal | None
    p104: Decimal
    carryover: Decimal

    @property
    def available(self) -> Decimal:
        return (self.envelope or ZERO) + self.carryover

    @property
    def balance(self) -> Decimal:
        return self.available - self.p104


@dataclass
class AxisFigures:
    group: AxisGroup
    declared: Decimal | None
    programmed: Decimal  # P104 subsidy + local contribution of its sheets (as article 1 adds)
    sources: dict[str, Decimal]

    @property
    def difference(self) -> Decimal | None:
        return None if self.declared is None else self.programmed - self.declared


def year_figures(overview: Overview) -> list[YearFigures]:
    envelopes = {envelope.year: envelope.amount for envelope in overview.envelopes}
    figures = []
    for year in overview.years:
        money = [row.financing for row in overview.rows if row.sheet.year == year]
        figures.append(
            YearFigures(
                year=year,
                envelope=envelopes.get(year),
                p104=sum_filled(f.p104 for f in money),
                carryover=sum_filled(f.carryover for f in money),
            )
        )
    return figures


def axis_figures(overview: Overview) -> list[AxisFigures]:
    groups = {group.axis.pk: group for group in overview.groups() if group.axis}
    figures = []
    for axis in overview.axes:
        group = groups.get(axis.pk, AxisGroup(axis, []))
        money = [row.financing for row in group.rows]
        figures.append(
            AxisFigures(
                group=group,
                declared=axis.declared_amount,
                programmed=sum_filled(f.p104 for f in money) + sum_filled(f.local for f in money),
                sources={code: sum_filled(f.sources[code] for f in money) for code, _ in SOURCES},
            )
        )
    return figures
