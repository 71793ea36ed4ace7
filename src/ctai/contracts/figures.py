"""The dashboard's figures for one programme year: State money (envelope, P104, carry-over) and
money per axis. Every sheet figure comes from ``ctai.budget.figures``."""

from dataclasses import dataclass
from decimal import Decimal

from ctai.budget.figures import SOURCES, BudgetFigures
from ctai.contracts.selectors import AxisGroup, Overview
from ctai.core.money import total


@dataclass(frozen=True)
class YearFigures:
    """The State's money of one programme year."""

    year: int
    envelope: Decimal | None
    p104: Decimal  # P104 subsidies programmed on the year's sheets
    carryover: Decimal  # reliquats of n-1 written on the year's sheets

    @property
    def available(self) -> Decimal:
        """Envelope + carry-over: what the year's sheets may receive."""
        return (self.envelope or Decimal(0)) + self.carryover

    @property
    def balance(self) -> Decimal:
        """Available minus programmed: negative when the envelope is overrun."""
        return self.available - self.p104

    @property
    def overrun(self) -> Decimal:
        """How much the programmed P104 exceeds what is available (0 when it does not)."""
        return max(-self.balance, Decimal(0))


def state_money(year: int, envelope: Decimal | None, money: list[BudgetFigures]) -> YearFigures:
    """The one definition of a year's State money from its sheets' figures."""
    return YearFigures(
        year=year,
        envelope=envelope,
        p104=total(f.subsidy for f in money),
        carryover=total(f.carryover for f in money),
    )


@dataclass(frozen=True)
class AxisFigures:
    group: AxisGroup
    declared: Decimal | None
    programmed: Decimal  # P104 subsidy + local contribution of its sheets (as article 1 adds)
    sources: dict[str, Decimal]

    @property
    def difference(self) -> Decimal | None:
        return None if self.declared is None else self.programmed - self.declared


def year_figures(overview: Overview) -> YearFigures:
    envelope = overview.envelope
    return state_money(
        overview.year,
        envelope.amount if envelope else None,
        [row.financing for row in overview.rows],
    )


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
                programmed=total(f.p104_plus_local for f in money),
                sources={code: total(f.sources[code] for f in money) for code, _ in SOURCES},
            )
        )
    return figures
