"""The dashboard's figures for one programme year: State money (envelope, P104, carry-over) and
money per axis. Every sheet figure comes from ``ctai.budget.figures``."""

from dataclasses import dataclass
from decimal import Decimal

from ctai.budget.figures import SOURCES, YearFigures, state_money
from ctai.core.money import total
from ctai.programmation.selectors import AxisGroup, Overview


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
