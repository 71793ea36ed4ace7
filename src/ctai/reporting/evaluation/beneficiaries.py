"""Contract-wide beneficiary totals of a programme year, from the catalogue indicators.

One definition, used by the evaluation files (XLSX, ODS, PDF) and by the contradictory
evaluation page. The target is the sum of the sheets' targets; the achieved value the sum of
what the validated reports say (the report the evaluation shows for each sheet). A sheet that
does not have the indicator, or whose report leaves it empty, adds nothing, and the number of
sheets that gave a value is shown next to the sum.

Primo-arrivants (EPA, article 2) are not a catalogue row of their own: they are the eligible
beneficiaries who are neither BPI nor BPT nor "autres publics hors EPA", i.e. per sheet
``ben_total − ben_bpi − ben_bpt − ben_non_epa`` (the missing parts counting as zero, never
below zero), computed only when the sheet gives its total.

When the register of participants (``ctai.participants``) has people enrolled in the year's
sheets, the achieved figure is the number of distinct people across the contract (a person
followed by three actions counts once), small cells (1 to 4) shown "< 5"; the sum of the
reports stays beside it, and each line says in words which source its figure comes from.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ctai.core.money import count
from ctai.participants.computed import SMALL_CELL, contract_unique_counts, suppressed
from ctai.reporting.checks import IndicatorFigures

PRIMO = "primo_arrivants"  # derived, see the module docstring
NOT_EPA = ("ben_bpi", "ben_bpt", "ben_non_epa")
LINES: list[tuple[str, str]] = [
    ("ben_total", "Bénéficiaires éligibles (total)"),
    (PRIMO, "dont primo-arrivants (EPA hors BPI et BPT)"),
    ("ben_bpi", "dont BPI"),
    ("ben_bpt", "dont BPT"),
    ("ben_women", "dont femmes"),
    ("ben_men", "dont hommes"),
    ("ben_under25", "dont moins de 25 ans"),
]
# Catalogue line → the register's count of distinct people (``contract_unique_counts``).
REGISTER_KEYS = {
    "ben_total": "total",
    PRIMO: "epa",
    "ben_bpi": "bpi",
    "ben_bpt": "bpt",
    "ben_women": "women",
    "ben_men": "men",
    "ben_under25": "under25",
}
FROM_REGISTER = "personnes distinctes du registre"
FROM_REPORTS = "somme des bilans"


@dataclass(frozen=True)
class BeneficiaryTotal:
    code: str
    label: str
    target: Decimal | None  # None when no sheet has a numeric target
    achieved: Decimal | None  # None when no validated report gives a value
    sheets_with_value: int
    # Distinct people in the register across the contract; None when the register has no one
    # enrolled in the year's sheets.
    distinct: int | None = None

    @property
    def source(self) -> str:
        """Where the achieved figure comes from, in words."""
        return FROM_REGISTER if self.distinct is not None else FROM_REPORTS

    @property
    def shown(self) -> str | Decimal | None:
        """The achieved figure as shown outside the operators' pages: the register's distinct
        people (1 to 4 as "< 5"), else the sum of the reports."""
        if self.distinct is None:
            return self.achieved
        small = 0 < self.distinct < SMALL_CELL
        return suppressed(self.distinct) if small else Decimal(self.distinct)

    @property
    def shown_text(self) -> str:
        """``shown`` in French writing for the pages and the committee pack: "1 234", "< 5", "—"."""
        value = self.shown
        if value is None:
            return "—"
        return value if isinstance(value, str) else count(value)


def _by_code(indicators: Iterable[IndicatorFigures], attribute: str) -> dict[str, Decimal | None]:
    values: dict[str, Decimal | None] = {}
    for indicator in indicators:
        if indicator.code and indicator.code not in values:
            values[indicator.code] = getattr(indicator, attribute)
    return values


def _primo(values: dict[str, Decimal | None]) -> Decimal | None:
    whole = values.get("ben_total")
    if whole is None:
        return None
    return max(whole - sum((values.get(code) or Decimal(0) for code in NOT_EPA), Decimal(0)), 0)


def _sum(found: list[Decimal | None]) -> tuple[Decimal | None, int]:
    present = [value for value in found if value is not None]
    return (sum(present, Decimal(0)) if present else None), len(present)


def register_counts(contract, year: int) -> dict[str, int] | None:
    """The register's distinct people of the year across the contract, or None when the
    register has no one enrolled in the year's sheets."""
    counts = contract_unique_counts(contract, year)
    return counts if counts["total"] else None


def beneficiary_totals(
    sheets: Iterable[tuple[list[IndicatorFigures], bool]],
    register: dict[str, int] | None = None,
) -> list[BeneficiaryTotal]:
    """The totals of the year, from each sheet's indicators and whether a validated report
    stands behind their achieved values (``(indicators, reported)`` per sheet), and from the
    register's distinct people (``register_counts``) when it has any."""
    targets: list[dict[str, Decimal | None]] = []
    achieved: list[dict[str, Decimal | None]] = []
    for indicators, reported in sheets:
        target_values = _by_code(indicators, "target")
        target_values[PRIMO] = _primo(target_values)
        targets.append(target_values)
        if reported:
            values = _by_code(indicators, "value")
            values[PRIMO] = _primo(values)
            achieved.append(values)
    totals = []
    for code, label in LINES:
        target, _ = _sum([values.get(code) for values in targets])
        value, reporting = _sum([values.get(code) for values in achieved])
        distinct = register.get(REGISTER_KEYS[code]) if register else None
        totals.append(BeneficiaryTotal(code, label, target, value, reporting, distinct))
    return totals
