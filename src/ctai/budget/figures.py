"""One sheet's budget, read once (lecture du budget prévisionnel d'une fiche action).

Pure Python, no Django: the checks read a ctai/1 document with it, the pages, exports,
reports, carry-over and evaluation read stored rows with it, and both constructors give the same
``BudgetFigures`` for the same budget (a property test says so). Every sum of a sheet's money
the user sees is defined here and nowhere else.

Section 8 of the template, read this way:

- **P104**: the subsidy requested (``subsidy``) and the amounts carried over from n-1
  (``carryover``, reliquats); ``available_p104`` is their sum.
- **Local contribution** (collectivité): the declared whole when given, otherwise its "dont"
  parts added up. For the financing chart the whole is split into in-kind (the declared in-kind
  part, never more than the whole) and direct financing (the rest of the whole).
- **Other funders**: the declared whole when given, otherwise its "dont" parts (P103, P147,
  P177, other State programme, FAMI, private) plus the lines the operator added
  (``other_lines``: self-financing, funding being sought...). When other funders are declared,
  the added lines are taken as its *detail* and not added again — except when the template
  parts already make up the declared whole exactly (parts sum == whole, with at least one
  part): the added lines cannot fit inside it and count on top of it (Metz sheet 8: other
  funders 3 600 € = "dont financements privés" 3 600 €, then 5 000 € of self-financing and
  6 400 € being sought, within a 30 000 € total).
- **Resources** = P104 subsidy + carry-over + local contribution + other funders, as counted
  above (``terms``). Amounts read but not counted (the parts of a counted whole) are kept in
  ``uncounted``, so a message can point at one when it explains a gap.
- An added line without a readable amount, or any unreadable budget value, makes the figures
  ``incomplete``: rules that need the sum then say nothing rather than guess.
- **Execution**: P104 spent is the sum of the actual spending on the subsidy and carry-over
  lines (``None`` when none is given); unspent = available P104 − spent, never negative.

Absent values stay ``None`` (not filled is not zero); sums treat them as zero.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ctai.contracts.catalogues import BUDGET_FIELDS, BUDGET_LINES
from ctai.core.money import add, euros, is_unreadable, parse_amount, total

ZERO = Decimal(0)
P104_LINES = ("p104_subsidy", "p104_carryover")

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
STATE_PROGRAMMES = ("p103", "p147", "p177", "other_state")


@dataclass(frozen=True)
class Term:
    """One amount of the budget with where it was read (source lines of the document)."""

    label: str
    amount: Decimal
    field: str | None  # budget field, or None for an added line
    lines: tuple[int, ...] = ()

    def describe(self) -> str:
        return f"{self.label} ({euros(self.amount)})"


@dataclass(frozen=True)
class ExtraLine:
    """A line the operator added to the template ("Autofinancement", a named funder...)."""

    label: str | None
    amount: Decimal | None  # None: written without a readable amount
    lines: tuple[int, ...] = ()
    raw: object = None  # as written in the document, for messages

    @property
    def name(self) -> str:
        return f"« {self.label} »" if self.label else "ligne sans libellé"


@dataclass(frozen=True)
class Execution:
    """What became of the P104 money of a sheet (from its report's actual spending)."""

    available: Decimal  # subsidy + carry-over received
    spent: Decimal | None  # None: no P104 spending given

    @property
    def unspent(self) -> Decimal:
        """What may be carried over to the next year: never negative."""
        return max(self.available - (self.spent or ZERO), ZERO)


@dataclass(frozen=True)
class BudgetFigures:
    """Every figure of one sheet's budget. Build it with ``from_action`` or ``from_stored``."""

    values: Mapping[str, Decimal | None]  # each template line as read
    extra: tuple[ExtraLine, ...] = ()
    lines: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    unreadable: frozenset[str] = frozenset()  # lines present but not readable as amounts
    terms: tuple[Term, ...] = field(init=False)
    uncounted: tuple[Term, ...] = field(init=False)
    notes: tuple[str, ...] = field(init=False)
    local: Decimal | None = field(init=False)
    other: Decimal | None = field(init=False)

    def __post_init__(self) -> None:
        terms, uncounted, notes = [*self.present(P104_LINES)], [], []
        local = self.term("local_contribution")
        local_parts = self.present(PARTS_OF["local_contribution"])
        if local is not None:
            terms.append(local)
            uncounted += local_parts
        elif local_parts:
            terms += local_parts
            notes.append(
                "la contribution de la collectivité n'étant pas renseignée, ses parts « dont » "
                "sont additionnées"
            )
        others = self.term("other_funders")
        parts = self.present(PARTS_OF["other_funders"])
        added = self._extra_terms()
        if others is None:
            other_terms = parts + added
        elif self._extra_on_top(others, parts, added):
            other_terms = [others, *added]
            uncounted += parts
            notes.append(
                "les lignes ajoutées sous le tableau sont comptées en plus des autres "
                "financeurs, dont les parts « dont » sont déjà complètes"
            )
        else:
            other_terms = [others]
            uncounted += parts + added
            if added:
                notes.append("les lignes ajoutées sont comptées comme détail des autres financeurs")
        terms += other_terms
        set_ = object.__setattr__
        set_(self, "terms", tuple(terms))
        set_(self, "uncounted", tuple(uncounted))
        set_(self, "notes", tuple(notes))
        set_(self, "local", local.amount if local else add(t.amount for t in local_parts))
        set_(self, "other", add(t.amount for t in other_terms))

    # -- reading ---------------------------------------------------------------------------

    def value(self, name: str) -> Decimal | None:
        return self.values.get(name)

    def term(self, name: str) -> Term | None:
        amount = self.values.get(name)
        if amount is None:
            return None
        return Term(SHORT_LABELS[name], amount, name, self.lines.get(name, ()))

    def present(self, names: Iterable[str]) -> list[Term]:
        return [term for name in names if (term := self.term(name)) is not None]

    def _extra_terms(self) -> list[Term]:
        return [
            Term(line.name, line.amount, None, line.lines)
            for line in self.extra
            if line.amount is not None
        ]

    @staticmethod
    def _extra_on_top(others: Term, parts: list[Term], added: list[Term]) -> bool:
        return bool(parts and added) and sum(t.amount for t in parts) == others.amount

    # -- the figures -----------------------------------------------------------------------

    @property
    def subsidy(self) -> Decimal | None:
        """Subvention P104 demandée (action 12 du programme 104)."""
        return self.values.get("p104_subsidy")

    @property
    def carryover(self) -> Decimal | None:
        """Reliquats disponibles au titre de l'exécution n-1."""
        return self.values.get("p104_carryover")

    @property
    def available_p104(self) -> Decimal:
        """P104 money the sheet may spend: subsidy + carry-over."""
        return total([self.subsidy, self.carryover])

    @property
    def p104_plus_local(self) -> Decimal | None:
        """What article 1 of Metz adds per axis: P104 subsidy + local contribution."""
        if self.subsidy is None and self.local is None:
            return None
        return total([self.subsidy, self.local])

    @property
    def total_cost(self) -> Decimal | None:
        return self.values.get("total_cost")

    @property
    def unit_cost(self) -> Decimal | None:
        return self.values.get("unit_cost")

    @property
    def incomplete(self) -> bool:
        return bool(self.unreadable) or any(line.amount is None for line in self.extra)

    @property
    def resources(self) -> Decimal | None:
        """P104 + carry-over + local + other funders as counted; None when nothing is filled."""
        return add(t.amount for t in self.terms)

    @property
    def resource_lines(self) -> tuple[int, ...]:
        return tuple(line for t in self.terms for line in t.lines)

    @property
    def gap(self) -> Decimal | None:
        """Total cost minus resources, when both are known."""
        if self.total_cost is None or self.resources is None:
            return None
        return self.total_cost - self.resources

    def describe_resources(self) -> str:
        """ "subvention P104 (8 000,00 €) + ...", leaving out terms written as zero."""
        shown = [t for t in self.terms if t.amount != 0] or list(self.terms)
        return " + ".join(t.describe() for t in shown)

    def other_funders_detail(self) -> tuple[Term, list[Term]] | None:
        """The declared other funders and what details it (parts, plus the added lines when
        they are its detail); ``None`` when not declared, not detailed, detailed by a line
        without amount, or when the added lines count on top of it."""
        others = self.term("other_funders")
        parts = self.present(PARTS_OF["other_funders"])
        added = self._extra_terms()
        missing_amount = any(line.amount is None for line in self.extra)
        if others is None or missing_amount or not (parts or added):
            return None
        if self._extra_on_top(others, parts, added):
            return None
        return others, parts + added

    @property
    def sources(self) -> dict[str, Decimal]:
        """The financing split of the dashboard's chart (see ``SOURCES``), zeros included."""
        whole = self.values.get("local_contribution")
        in_kind_part = self.values.get("local_in_kind")
        if whole is None:
            direct, in_kind = self.values.get("local_direct") or ZERO, in_kind_part or ZERO
        else:
            in_kind = min(in_kind_part or ZERO, whole)
            direct = whole - in_kind
        shown = {
            "p104": self.available_p104,
            "local_direct": direct,
            "local_in_kind": in_kind,
            "other_state": total(self.values.get(name) for name in STATE_PROGRAMMES),
            "fami": self.values.get("fami") or ZERO,
            "private": self.values.get("private") or ZERO,
        }
        declared = self.term("other_funders")
        added = self._extra_terms()
        parts = self.present(PARTS_OF["other_funders"])
        if declared is None or self._extra_on_top(declared, parts, added):
            shown["other"] = total(t.amount for t in added)
        else:
            shown["other"] = max(declared.amount - total(t.amount for t in parts), ZERO)
        return shown

    def execution(self, spending: Mapping[str, Decimal | None]) -> Execution:
        """The P104 execution given a report's actual spending per budget line."""
        return Execution(self.available_p104, p104_spent(spending))


def p104_spent(spending: Mapping[str, Decimal | None]) -> Decimal | None:
    """P104 actually spent: the subsidy and carry-over spending lines; None when not given."""
    return add(spending.get(line) for line in P104_LINES if line in spending)


EMPTY = BudgetFigures(values=dict.fromkeys(BUDGET_FIELDS))


# -- a programme year's State money ----------------------------------------------------------


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
        return (self.envelope or ZERO) + self.carryover

    @property
    def balance(self) -> Decimal:
        """Available minus programmed: negative when the envelope is overrun."""
        return self.available - self.p104

    @property
    def overrun(self) -> Decimal:
        """How much the programmed P104 exceeds what is available (0 when it does not)."""
        return max(-self.balance, ZERO)


def state_money(year: int, envelope: Decimal | None, money: list[BudgetFigures]) -> YearFigures:
    """The one definition of a year's State money from its sheets' figures."""
    return YearFigures(
        year=year,
        envelope=envelope,
        p104=total(f.subsidy for f in money),
        carryover=total(f.carryover for f in money),
    )


# -- constructors ---------------------------------------------------------------------------


def _integer(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def from_action(action: Mapping) -> BudgetFigures:
    """The figures of an action sheet of a ctai/1 document (tolerates any shape: what cannot
    be read is ``None`` or marks the figures incomplete, nothing is guessed)."""
    budget = action.get("budget") if isinstance(action, Mapping) else None
    budget = budget if isinstance(budget, Mapping) else {}
    sources = action.get("sources") if isinstance(action, Mapping) else None
    sources = sources if isinstance(sources, Mapping) else {}
    lines = {}
    for name in BUDGET_FIELDS:
        line = _integer(sources.get(f"budget.{name}"))
        lines[name] = () if line is None else (line,)
    extra = []
    raw_lines = budget.get("other_lines")
    for entry in raw_lines if isinstance(raw_lines, list) else []:
        if isinstance(entry, Mapping):
            label = entry.get("label")
            label = label.strip() if isinstance(label, str) and label.strip() else None
            line = _integer(entry.get("line"))
            raw = entry.get("amount")
            extra.append(ExtraLine(label, parse_amount(raw), () if line is None else (line,), raw))
    return BudgetFigures(
        values={name: parse_amount(budget.get(name)) for name in BUDGET_FIELDS},
        extra=tuple(extra),
        lines=lines,
        unreadable=frozenset(name for name in BUDGET_FIELDS if is_unreadable(budget.get(name))),
    )


def from_stored(
    values: Mapping[str, Decimal | None] | object | None,
    extra: Iterable[tuple[str | None, Decimal | None]] = (),
) -> BudgetFigures:
    """The figures of a stored budget: a mapping of its lines (or any object with the line
    attributes, such as a ``Budget`` row; ``None`` for a sheet without budget) and its added
    lines as (label, amount) pairs."""
    if values is None:
        return EMPTY
    if isinstance(values, Mapping):
        read = {name: values.get(name) for name in BUDGET_FIELDS}
    else:
        read = {name: getattr(values, name, None) for name in BUDGET_FIELDS}
    return BudgetFigures(
        values=read,
        extra=tuple(ExtraLine(label or None, amount, (), amount) for label, amount in extra),
    )
