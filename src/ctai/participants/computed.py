"""Indicators computed from the register: per sheet (the operator's own page and report) and
contract-wide unique counts (distinct pseudonyms) for the coordination, the State and the COPIL.

Each figure is one SQL query (conditional aggregation, COUNT DISTINCT); no Python loop over
people. Small cells (1 to 4 people) are shown as "< 5" outside the operator's own pages.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from ctai.contracts.models import ActionSheet, Contract
from ctai.participants.enums import POSITIVE_EXITS, ProtectionStatus, ResultKind, Sex
from ctai.participants.models import Attendance, Enrolment, Result, Session

SMALL_CELL = 5  # counts from 1 to SMALL_CELL - 1 are not shown outside the operator
# Attendance ≥ 80 % of the hours planned in the person's pathway: attended × 5 ≥ planned × 4,
# in integers (no float rounding, on SQLite as on PostgreSQL).
ASSIDUITY = (4, 5)
UNDER = 25

# Catalogue indicator code → (label of the computed figure, key in the figures).
COMPUTED: dict[str, str] = {
    "ben_total": "total",
    "ben_men": "men",
    "ben_women": "women",
    "ben_under25": "under25",
    "ben_bpi": "bpi",
    "ben_bpi_men": "bpi_men",
    "ben_bpi_women": "bpi_women",
    "ben_bpi_under25": "bpi_under25",
    "ben_bpt": "bpt",
    "fr_assiduous": "assiduous",
    "fr_cecrl_progress": "progress",
    "fr_certification": "certified",
    "emp_positive_exits": "positive_exits",
}

LABELS: dict[str, str] = {
    "total": "Participants",
    "women": "dont femmes",
    "men": "dont hommes",
    "under25": "dont moins de 25 ans",
    "bpi": "dont BPI",
    "bpt": "dont BPT",
    "epa": "dont autres primo-arrivants",
    "assiduous": "assidus (≥ 80 % des heures)",
    "progress": "ayant progressé d'au moins un niveau CECRL",
    "positive_exits": "sorties positives",
}


def _people(year: int, prefix: str = "participant__") -> dict[str, Q]:
    """The categories of people, as conditions on a participant."""
    bpi = Q(**{f"{prefix}status": ProtectionStatus.BPI})
    young = Q(**{f"{prefix}birth_year__gt": year - UNDER})
    man, woman = Q(**{f"{prefix}sex": Sex.MAN}), Q(**{f"{prefix}sex": Sex.WOMAN})
    return {
        "men": man,
        "women": woman,
        "under25": young,
        "bpi": bpi,
        "bpi_men": bpi & man,
        "bpi_women": bpi & woman,
        "bpi_under25": bpi & young,
        "bpt": Q(**{f"{prefix}status": ProtectionStatus.BPT}),
        "epa": Q(**{f"{prefix}status": ProtectionStatus.EPA}),
    }


def _hours() -> DecimalField:
    return DecimalField(max_digits=12, decimal_places=2)


def sheet_figures(sheet: ActionSheet) -> dict[str, int]:
    """The register's figures of one sheet: the hours offered, then one query."""
    positioning = Result.objects.filter(
        enrolment=OuterRef("pk"), kind=ResultKind.POSITIONING, level__isnull=False
    ).order_by("date", "id")
    best = (
        Result.objects.filter(enrolment=OuterRef("pk"), level__isnull=False)
        .values("enrolment")
        .annotate(best=Max("level"))
        .values("best")
    )
    certified = Result.objects.filter(kind=ResultKind.CERTIFICATION).values("enrolment")
    # The people attending ≥ 80 % of their hours: aggregates over the sheet's attendance
    # grouped by enrolment (read from its covering indexes, migration 0002), used as sets;
    # not a join of every attendance row into the rows below. Measured on the hours of the
    # whole sheet (no join at all) or, for the few with a pathway of their own, on theirs.
    attended = Attendance.objects.filter(session__sheet=sheet.pk, present=True).values("enrolment")
    # The hours offered, read first (a few rows), are a constant of the HAVING: grouped by
    # enrolment alone, the database hashes instead of sorting 165 000 rows. Some hours
    # attended (> 0) also means hours offered > 0.
    offered_hours = Session.objects.filter(sheet=sheet.pk).aggregate(h=Sum("duration"))["h"]
    on_sheet_hours = (
        attended.annotate(hours=Sum("session__duration"))
        .filter(
            GreaterThan(F("hours"), Value(0)),
            GreaterThanOrEqual(
                F("hours") * ASSIDUITY[1],
                Value((offered_hours or 0) * ASSIDUITY[0], output_field=_hours()),
            ),
        )
        .values("enrolment")
    )
    on_own_hours = (
        attended.filter(enrolment__sheet=sheet.pk, enrolment__planned_hours__gt=0)
        .annotate(hours=Sum("session__duration"), planned=Max("enrolment__planned_hours"))
        .filter(GreaterThanOrEqual(F("hours") * ASSIDUITY[1], F("planned") * ASSIDUITY[0]))
        .values("enrolment")
    )
    assiduous = Q(planned_hours__isnull=True, pk__in=on_sheet_hours) | Q(
        planned_hours__isnull=False, pk__in=on_own_hours
    )
    rows = Enrolment.objects.filter(sheet=sheet).annotate(
        start=Coalesce(
            Subquery(positioning.values("level")[:1], output_field=IntegerField()),
            "participant__french_level",
            output_field=IntegerField(),
        ),
        best=Subquery(best, output_field=IntegerField()),
    )
    figures = rows.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=q) for name, q in _people(sheet.year).items()},
        assiduous=Count("pk", filter=assiduous),
        progress=Count("pk", filter=Q(best__gte=F("start") + 1)),
        certified=Count("pk", filter=Q(pk__in=certified)),
        positive_exits=Count("pk", filter=Q(exit__kind__in=POSITIVE_EXITS)),
    )
    return figures


def contract_unique_counts(contract: Contract, year: int) -> dict[str, int]:
    """Distinct people (pseudonyms) across the contract's sheets of ``year``: a person
    followed by three actions of two operators counts once. ``enrolments`` is the sum over
    sheets, to show how much the sums count twice.

    One GROUP BY pseudonym (a hash aggregate: one row per person, a flag per category), then
    the counts over it — instead of one sort per COUNT(DISTINCT) category."""
    categories = {name: q for name, q in _people(year).items() if name in LABELS}
    categories["positive_exits"] = Q(exit__kind__in=POSITIVE_EXITS)
    people = (
        Enrolment.objects.filter(sheet__contract=contract, sheet__year=year)
        .values(person=F("participant__pseudonym"))
        .annotate(
            **{
                f"is_{name}": Max(Case(When(q, then=1), default=0, output_field=IntegerField()))
                for name, q in categories.items()
            },
            enrolled=Count("pk"),
        )
    )
    totals = people.aggregate(
        total=Count("person"),
        **{name: Coalesce(Sum(f"is_{name}"), 0) for name in categories},
        enrolments=Coalesce(Sum("enrolled"), 0),
    )
    return totals


def suppressed(value: int) -> str:
    """A count as shown outside the operator's own pages: 1 to 4 people are "< 5"."""
    return f"< {SMALL_CELL}" if 0 < value < SMALL_CELL else str(value)


@dataclass(frozen=True)
class Comparison:
    """A catalogue indicator of the sheet: the value the operator declared, the register's."""

    indicator_id: int
    label: str
    declared: Decimal | None
    computed: int

    @property
    def differs(self) -> bool:
        return self.declared is not None and self.declared != self.computed


def compared_indicators(sheet: ActionSheet) -> list[tuple[int, str, str]]:
    """The sheet's catalogue indicators the register computes, as (indicator id, label, key
    in the figures); none while the sheet's register is empty. Read from contract data only
    (indicators, enrolments): the report page keeps them with its contract's stamp."""
    indicators = [
        (i.pk, i.display_label, COMPUTED[i.definition.code])
        for i in sheet.indicators.select_related("definition")
        if i.definition and i.definition.code in COMPUTED
    ]
    # A sheet whose operator keeps no register has nothing to compare: no "registre 0" beside
    # every declared value (and no computation).
    if not indicators or not Enrolment.objects.filter(sheet=sheet).exists():
        return []
    return indicators


def compare(
    sheet: ActionSheet,
    declared: dict[int, Decimal | None],
    indicators: list[tuple[int, str, str]] | None = None,
) -> list[Comparison]:
    """The sheet's catalogue indicators the register computes (``indicators``, by default
    ``compared_indicators(sheet)``), next to ``declared`` (indicator id → the operator's value
    in the report); none while the sheet's register is empty."""
    if indicators is None:
        indicators = compared_indicators(sheet)
    if not indicators:
        return []
    figures = sheet_figures(sheet)
    return [
        Comparison(indicator_id=pk, label=label, declared=declared.get(pk), computed=figures[key])
        for pk, label, key in indicators
    ]
