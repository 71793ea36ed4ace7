"""Axes of the contract (article 1) against the action sheets.

- The axis of a sheet is the one article 1 lists its number under, **in every programme year**
  (a later year's copy of a sheet keeps its axis); a sheet article 1 does not list keeps the
  axis written on it (``axis_of_sheet``, also used by the programmation pages).
- ``axis.mismatch`` and ``axis.unknown_action`` run on each programme year: each finding
  carries the year of the sheet (or, for a listed sheet missing from a year, that year).
- ``axis.declared_amount`` compares the amounts of article 1 ("pour un montant global de …")
  with the programmation annexed to the contract, i.e. the first programme year only
  (``common.programme_year``): later years have their own envelopes, not axis amounts.
  The sheets of an axis are the numbers in ``axes[].actions``; when an axis lists none, the
  sheets whose written ``axis`` is that axis.
  Metz declares an axis amount equal to the sum over its sheets of
  the P104 subsidy + the local authority's contribution (the contribution's "dont" parts when
  it is not given; a missing one of the two counts as 0, both missing: the axis is not checked).
  Other territories may declare the total cost or the P104 subsidy only: when the declared
  amount equals either of these sums there is no finding. Otherwise the difference is given
  against subvention P104 + contribution de la collectivité.
"""

from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from typing import TypeVar

from ctai.budget.figures import from_action
from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import (
    action_finding,
    actions_by_year,
    amount,
    as_list,
    contract_finding,
    integer,
    normalize,
    number,
    programme_actions,
    programme_year,
    sheet_name,
    source_lines,
    text,
    upper_first,
)
from ctai.core.money import euros, figure, total

K = TypeVar("K")  # an axis: its number in the checks, an Axis instance in the pages


def axes(contract: dict) -> list[dict]:
    return [a for a in as_list(contract.get("axes")) if isinstance(a, dict)]


def listed_numbers(axis: dict) -> list[int]:
    return [n for x in as_list(axis.get("actions")) if (n := integer(x)) is not None]


def listed_under(listings: Iterable[tuple[K, Iterable[int]]]) -> dict[int, list[K]]:
    """Article 1's list: sheet number → the axes that list it, in the axes' order.

    ``listings`` gives each axis (a number, a model instance...) with the sheet numbers it
    lists."""
    under: dict[int, list[K]] = {}
    for axis, numbers in listings:
        for n in numbers:
            if axis not in under.setdefault(n, []):
                under[n].append(axis)
    return under


def axis_of_sheet(number: int | None, written: K | None, under: dict[int, list[K]]) -> K | None:
    """The axis a sheet belongs to, whatever its programme year: the (first) axis article 1
    lists its number under, else the axis written on the sheet. The one definition used by the
    checks and by the programmation pages."""
    listed = under.get(number, []) if number is not None else []
    return listed[0] if listed else written


def axis_name(axis: dict) -> str:
    title = text(axis.get("title"))
    return f"l'axe {integer(axis.get('number'))}" + (f" « {title} »" if title else "")


def members(contract: dict, axis: dict) -> list[dict]:
    listed = listed_numbers(axis)
    if listed:
        return [a for a in programme_actions(contract) if number(a) in listed]
    own = integer(axis.get("number"))
    return [a for a in programme_actions(contract) if integer(a.get("axis")) == own]


def check_declared_amount(contract: dict) -> Iterator[Finding]:
    """``axis.declared_amount`` (alerte): declared axis amount ≠ its sheets' P104 + local."""
    if not programme_actions(contract):
        return
    annexed = programme_year(contract)
    in_year = f" de la programmation {annexed} annexée au contrat" if annexed else ""
    for axis in axes(contract):
        declared, axis_number = amount(axis, "declared_amount"), integer(axis.get("number"))
        if declared is None or axis_number is None:
            continue
        sheets = members(contract, axis)
        axis_lines = source_lines(contract, f"axes.{axis_number}.declared_amount")
        if not sheets:
            if not listed_numbers(axis) and declared != 0:
                yield contract_finding(
                    "axis.declared_amount",
                    Severity.ALERTE,
                    f"{upper_first(axis_name(axis))} est déclaré pour {euros(declared)} mais "
                    f"aucune fiche action ne s'y rattache : rattachez-lui ses fiches, ou "
                    f"retirez ce montant.",
                    figures={"axis": str(axis_number), "declared_amount": figure(declared)},
                    lines=axis_lines,
                    year=annexed,
                )
            continue
        money = [from_action(a) for a in sheets]
        if any(m.p104_plus_local is None for m in money):
            continue
        counted = total(m.p104_plus_local for m in money)
        p104 = total(m.subsidy for m in money)
        costs = [m.total_cost for m in money]
        cost = None if None in costs else total(costs)
        if declared in (counted, p104, cost):
            continue
        difference = declared - counted
        numbers = ", ".join(str(n) for a in sheets if (n := number(a)) is not None)
        yield contract_finding(
            "axis.declared_amount",
            Severity.ALERTE,
            f"{upper_first(axis_name(axis))} est déclaré pour {euros(declared)}, mais ses "
            f"fiches actions{in_year} (n° {numbers}) totalisent {euros(counted)} en "
            f"subvention P104 + contribution de la collectivité : écart de "
            f"{euros(difference)}. Corrigez le montant de l'axe ({euros(counted)}) ou les "
            f"budgets des fiches.",
            figures={
                "axis": str(axis_number),
                "declared_amount": figure(declared),
                "p104_plus_local": figure(counted),
                "p104_subsidy": figure(p104),
                **({"total_cost": figure(cost)} if cost is not None else {}),
                "difference": figure(difference),
            },
            lines=axis_lines,
            year=annexed,
        )


def _same_title(written: str | None, title: object) -> bool:
    title = text(title)
    if not written or not title:
        return False
    a, b = normalize(written), normalize(title)
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.85


def check_axis_mismatch(contract: dict) -> Iterator[Finding]:
    """``axis.mismatch`` (erreur): the axis written on a sheet is not the axis listing it (or
    it is listed under several axes, or names an axis that does not exist);
    ``axis.unknown_action`` (alerte): a sheet listed under no axis, or a listed sheet that is
    missing. Run on the sheets of each programme year."""
    for sheets_year, sheets in actions_by_year(contract).items():
        yield from _year_mismatches(contract, sheets_year, sheets)


def _year_mismatches(
    contract: dict, sheets_year: int | None, sheets: list[dict]
) -> Iterator[Finding]:
    all_axes = axes(contract)
    by_number = {n: a for a in all_axes if (n := integer(a.get("number"))) is not None}
    under = listed_under((n, listed_numbers(a)) for n, a in by_number.items())
    for action in sheets:
        written, sheet_number = integer(action.get("axis")), number(action)
        lines = source_lines(action, "axis", "axis_label")
        if sheet_number is None or not by_number:
            continue
        where = under.get(sheet_number, [])
        label = text(action.get("axis_label"))
        if len(where) > 1:
            listed = " et ".join(str(n) for n in where)
            message = (
                f"{upper_first(sheet_name(action))} est rangée sous les axes {listed} du "
                f"contrat : une fiche relève d'un seul axe, retirez-la des autres."
            )
        elif written is not None and axis_of_sheet(sheet_number, written, under) != written:
            axis_number = where[0]
            message = (
                f"{upper_first(sheet_name(action))} indique l'axe {written}"
                + (f" (« {label} »)" if label else "")
                + f", mais le contrat la range sous {axis_name(by_number[axis_number])}. "
            )
            if _same_title(label, by_number[axis_number].get("title")):
                message += (
                    f"L'intitulé écrit est celui de l'axe {axis_number} : seul le numéro est "
                    f"erroné, corrigez-le sur la fiche (axe {axis_number})."
                )
            else:
                message += (
                    f"Corrigez l'axe écrit sur la fiche (axe {axis_number}), ou la liste des "
                    f"fiches de l'article 1."
                )
        elif not where and any(listed_numbers(a) for a in all_axes):
            hint = f" (la fiche indique l'axe {written})" if written is not None else ""
            yield action_finding(
                action,
                "axis.unknown_action",
                Severity.ALERTE,
                f"{upper_first(sheet_name(action))} n'est rangée sous aucun axe du contrat"
                f"{hint} : ajoutez-la à la liste des fiches de son axe (article 1).",
                lines=lines,
            )
            continue
        elif not where and written is not None and written not in by_number:
            known = ", ".join(str(n) for n in sorted(by_number))
            message = (
                f"{upper_first(sheet_name(action))} indique l'axe {written}, qui n'existe pas "
                f"dans le contrat (axes {known}) : corrigez l'axe écrit sur la fiche."
            )
        else:
            continue
        listing_lines = [x for n in where for x in source_lines(contract, f"axes.{n}.actions")]
        yield action_finding(
            action,
            "axis.mismatch",
            Severity.ERREUR,
            message,
            figures={"axis": str(written)} if written is not None else {},
            lines=(*lines, *listing_lines),
        )
    present = {number(a) for a in sheets}
    in_year = f" en {sheets_year}" if sheets_year is not None else ""
    for sheet_number in sorted(under):
        if sheet_number not in present:
            axis = by_number[under[sheet_number][0]]
            yield contract_finding(
                "axis.unknown_action",
                Severity.ALERTE,
                f"Le contrat range la fiche action n° {sheet_number} sous {axis_name(axis)}, "
                f"mais cette fiche est absente{in_year} : ajoutez la fiche, ou retirez-la de "
                f"l'article 1.",
                figures={"action": str(sheet_number)},
                lines=source_lines(contract, f"axes.{under[sheet_number][0]}.actions"),
                year=sheets_year,
            )


RULES = [check_declared_amount, check_axis_mismatch]
