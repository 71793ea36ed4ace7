"""How the budget rules add up an action's resources (ressources de la fiche action).

Resources = P104 subsidy + P104 carry-over (reliquats) + local authority's contribution +
other funders, with these readings of the template (section 8 of the fiche action):

- **Local contribution**: the declared "Montant de la contribution de la collectivité" when
  given; otherwise the sum of its "dont" parts (financements directs + contributions en nature).
- **Other funders**: the declared "Contributions prévisionnelles des autres financeurs" when
  given; otherwise the sum of its "dont" parts (P103, P147, P177, autre programme de l'État,
  FAMI, privés) plus the extra lines of the sheet (``other_lines``).
- **Extra lines** (``other_lines``: "Autofinancement", "Recherche de financement en cours"...)
  are, when other funders are declared, taken as the *detail* of that declared amount and not
  added again — except when the template "dont" parts already account for the declared amount
  exactly (parts sum == other funders, with at least one part): the extra lines cannot then fit
  inside it and are counted as stand-alone resources. This is the case of Metz sheet 8: other
  funders 3 600 € = "dont financements privés" 3 600 €, then 5 000 € of self-financing and
  6 400 € being sought, all within a 30 000 € total.
- Amounts read but not counted (the parts of a counted whole) are kept apart: when the gap
  between resources and total cost equals one of them, the message points at it (Metz sheet 9:
  the 5 000 € in-kind contribution sits on top of a 4 155 € local contribution).
- An extra line without a readable amount, or any unreadable budget field, makes the sum
  *incomplete*: the rules that need the sum then say nothing rather than guess.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from ctai.checks.formatting import euros, is_unreadable
from ctai.checks.rules.common import amount, budget, other_lines, source_lines
from ctai.contracts.catalogues import BUDGET_FIELDS, BUDGET_LINES

PARTS_OF: dict[str, list[str]] = {}
for _field, _label, _parent in BUDGET_LINES:
    if _parent is not None:
        PARTS_OF.setdefault(_parent, []).append(_field)

SHORT_LABELS: dict[str, str] = {
    "p104_subsidy": "subvention P104",
    "p104_carryover": "reliquats P104",
    "local_contribution": "contribution de la collectivité",
    "local_direct": "financements directs de la collectivité",
    "local_in_kind": "contributions en nature de la collectivité",
    "other_funders": "autres financeurs",
    "p103": "programme 103",
    "p147": "programme 147",
    "p177": "programme 177",
    "other_state": "autre programme de l'État",
    "fami": "FAMI",
    "private": "financements privés",
    "total_cost": "coût total",
    "unit_cost": "coût unitaire",
}


class Term(NamedTuple):
    label: str
    amount: Decimal
    field: str | None  # budget field, or None for an extra line
    lines: tuple[int, ...]

    def describe(self) -> str:
        return f"{self.label} ({euros(self.amount)})"


@dataclass
class Resources:
    terms: list[Term] = field(default_factory=list)
    uncounted: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incomplete: bool = False

    @property
    def total(self) -> Decimal:
        return sum((t.amount for t in self.terms), Decimal(0))

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(line for t in self.terms for line in t.lines)

    def describe(self) -> str:
        """ "subvention P104 (8 000,00 €) + ...", leaving out terms written as zero."""
        shown = [t for t in self.terms if t.amount != 0] or self.terms
        return " + ".join(t.describe() for t in shown)


def field_term(action: dict, name: str) -> Term | None:
    value = amount(budget(action), name)
    if value is None:
        return None
    return Term(SHORT_LABELS[name], value, name, source_lines(action, f"budget.{name}"))


def present_terms(action: dict, names: list[str]) -> list[Term]:
    return [t for name in names if (t := field_term(action, name)) is not None]


def line_terms(action: dict) -> tuple[list[Term], bool]:
    """The extra lines as terms, and whether one of them had no readable amount."""
    terms, incomplete = [], False
    for line in other_lines(budget(action)):
        if line.amount is None:
            incomplete = True
        else:
            terms.append(Term(line.name, line.amount, None, line.lines))
    return terms, incomplete


def read_resources(action: dict) -> Resources:
    b = budget(action)
    res = Resources(incomplete=any(is_unreadable(b.get(name)) for name in BUDGET_FIELDS))
    res.terms += present_terms(action, ["p104_subsidy", "p104_carryover"])

    local = field_term(action, "local_contribution")
    local_parts = present_terms(action, PARTS_OF["local_contribution"])
    if local is not None:
        res.terms.append(local)
        res.uncounted += local_parts
    elif local_parts:
        res.terms += local_parts
        res.notes.append(
            "la contribution de la collectivité n'étant pas renseignée, ses parts « dont » "
            "sont additionnées"
        )

    others = field_term(action, "other_funders")
    parts = present_terms(action, PARTS_OF["other_funders"])
    extra, missing_amount = line_terms(action)
    res.incomplete = res.incomplete or missing_amount
    if others is None:
        res.terms += parts + extra
    elif parts and extra and sum(t.amount for t in parts) == others.amount:
        res.terms += [others, *extra]
        res.uncounted += parts
        res.notes.append(
            "les lignes ajoutées sous le tableau sont comptées en plus des autres financeurs, "
            "dont les parts « dont » sont déjà complètes"
        )
    else:
        res.terms.append(others)
        res.uncounted += parts + extra
        if extra:
            res.notes.append("les lignes ajoutées sont comptées comme détail des autres financeurs")
    return res


def other_funders_detail(action: dict) -> tuple[Term, list[Term]] | None:
    """The declared other funders and what details it (parts, plus the extra lines when they
    are its detail); ``None`` when not declared, not detailed, detailed by a line without
    amount, or when the lines are stand-alone (see the module docstring)."""
    others = field_term(action, "other_funders")
    parts = present_terms(action, PARTS_OF["other_funders"])
    extra, missing_amount = line_terms(action)
    if others is None or missing_amount or not (parts or extra):
        return None
    if parts and extra and sum(t.amount for t in parts) == others.amount:
        return None
    return others, parts + extra
