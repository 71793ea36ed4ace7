"""How the web pages read a sheet's budget (lecture du budget prévisionnel).

The same reading as the checks (``ctai.checks.rules.resources``), so that a total on the
programmation and a finding never disagree on what was counted:

- **P104**: the subsidy requested, and the carried-over amounts (reliquats) beside it.
- **Local contribution** (collectivité): the declared whole when given, otherwise its "dont"
  parts added up. For the financing chart the whole is split into in-kind (the declared in-kind
  part, never more than the whole) and direct financing (the rest of the whole).
- **Other funders**: the declared whole when given, otherwise its parts plus the lines the
  operator added. When the template parts already make up the whole exactly, the added lines
  count on top of it (Metz sheet 8). In the financing chart the parts are shown as other State
  programmes (P103, P147, P177, other), FAMI and private; what remains of the whole, and the
  added lines, are "other financing".

Absent values stay ``None`` (not filled is not zero); sums treat them as zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")

# Financing sources of the dashboard's stacked chart, in stacking order.
SOURCES: list[tuple[str, str]] = [
    ("p104", "Crédits P104 (subvention et reliquats)"),
    ("local_direct", "Collectivité : financements directs"),
    ("local_in_kind", "Collectivité : contributions en nature"),
    ("other_state", "Autres programmes de l'État (P103, P147, P177…)"),
    ("fami", "FAMI"),
    ("private", "Financements privés"),
    ("other", "Autres financements"),
]


def add(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the filled values; ``None`` when none is filled."""
    filled = [value for value in values if value is not None]
    return sum(filled, ZERO) if filled else None


@dataclass(frozen=True)
class Financing:
    """The budget of one sheet as the programmation and the dashboard show it."""

    p104: Decimal | None
    carryover: Decimal | None
    local: Decimal | None
    other: Decimal | None
    total_cost: Decimal | None
    sources: dict[str, Decimal]

    @property
    def resources(self) -> Decimal | None:
        """P104 + carried over + local + other funders, as counted above."""
        return add([self.p104, self.carryover, self.local, self.other])

    @property
    def gap(self) -> Decimal | None:
        """Total cost minus resources, when both are known."""
        if self.total_cost is None or self.resources is None:
            return None
        return self.total_cost - self.resources


EMPTY = Financing(None, None, None, None, None, {code: ZERO for code, _ in SOURCES})


def _local(budget) -> tuple[Decimal | None, Decimal, Decimal]:
    whole = budget.local_contribution
    if whole is None:
        direct, in_kind = budget.local_direct or ZERO, budget.local_in_kind or ZERO
        return add([budget.local_direct, budget.local_in_kind]), direct, in_kind
    in_kind = min(budget.local_in_kind or ZERO, whole)
    return whole, whole - in_kind, in_kind


def _other(budget, extra_amounts: list[Decimal]) -> tuple[Decimal | None, dict[str, Decimal]]:
    state = add([budget.p103, budget.p147, budget.p177, budget.other_state])
    parts = {"other_state": state, "fami": budget.fami, "private": budget.private}
    parts_sum = add(parts.values())
    extras = add(extra_amounts)
    shown = {code: value or ZERO for code, value in parts.items()}
    whole = budget.other_funders
    if whole is None:
        shown["other"] = extras or ZERO
        return add([parts_sum, extras]), shown
    if parts_sum is not None and extras is not None and parts_sum == whole:
        shown["other"] = extras
        return whole + extras, shown
    shown["other"] = max(whole - (parts_sum or ZERO), ZERO)
    return whole, shown


def read_financing(budget, extra_amounts: list[Decimal | None]) -> Financing:
    """The financing of a sheet from its ``Budget`` (or ``None``) and its extra lines."""
    if budget is None:
        return EMPTY
    local, direct, in_kind = _local(budget)
    other, other_sources = _other(budget, [a for a in extra_amounts if a is not None])
    sources = {
        "p104": (budget.p104_subsidy or ZERO) + (budget.p104_carryover or ZERO),
        "local_direct": direct,
        "local_in_kind": in_kind,
        **other_sources,
    }
    return Financing(
        p104=budget.p104_subsidy,
        carryover=budget.p104_carryover,
        local=local,
        other=other,
        total_cost=budget.total_cost,
        sources=sources,
    )
