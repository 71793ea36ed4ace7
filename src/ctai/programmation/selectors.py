"""Reading one programme year of a contract for the dashboard, the programmation and their
exports.

Everything is loaded in a fixed number of queries (contract parts, the year's sheets with
budget and operator, themes, extra budget lines, findings, review count), whatever the number
of sheets and years, then grouped and filtered in Python. Only the chosen year is read: a
figure never adds two programme years (that is the multi-year view's job, ``ctai.contracts.
multiyear``).

A sheet belongs to the axis under which the contract lists it (article 1,
``Axis.listed_actions``), in every programme year: that is the programmation the parties
signed. A sheet the contract does not list falls back on the axis written on the sheet (one
definition for the pages and the checks: ``ctai.checks.rules.axes.axis_of_sheet``). When the
two differ, the row says so, and the checks report it (``axis.mismatch``).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Q

from ctai.budget.figures import BudgetFigures, from_stored
from ctai.budget.models import BudgetExtraLine
from ctai.checks.enums import SEVERITY_RANK, Severity
from ctai.checks.rules.axes import axis_of_sheet, listed_under
from ctai.contracts.catalogues import BUDGET_FIELDS, THEME_LABELS
from ctai.contracts.models import ActionSheet, AnnualEnvelope, Axis, Contract
from ctai.core.money import total
from ctai.core.names import display_name

SEVERITIES = [str(severity) for severity in Severity]
SHEET_COLUMNS = ["id", "year", "number", "title", "axis_id", "operator_id", "operator__name"]
BUDGET_COLUMNS = ["budget__id", *(f"budget__{name}" for name in BUDGET_FIELDS)]
FINDING_COLUMNS = ["code", "severity", "action_number", "message", "figures", "year"]


ZERO = Decimal(0)


@dataclass(slots=True)
class SheetSummary:
    """What the programmation shows of a sheet (read as plain values, no model instance)."""

    pk: int
    year: int
    number: int
    title: str
    axis_id: int | None
    operator_id: int | None
    operator_name: str


@dataclass(slots=True)
class FindingSummary:
    code: str
    severity: str
    action_number: int | None
    message: str
    figures: dict
    year: int | None

    def get_severity_display(self) -> str:
        return Severity(self.severity).label


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    code: str

    @property
    def label(self) -> str:
        return THEME_LABELS.get(self.code, self.code)


@dataclass
class SheetRow:
    """One sheet of the programmation with its money and its findings."""

    sheet: SheetSummary
    axis: Axis | None  # where the contract lists it
    written_axis: Axis | None  # as written on the sheet
    financing: BudgetFigures
    themes: list[ThemeSummary]
    findings: list[FindingSummary] = field(default_factory=list)

    @property
    def axis_differs(self) -> bool:
        return self.axis is not None and self.written_axis not in (None, self.axis)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(finding.severity for finding in self.findings)
        return {severity: counter[severity] for severity in SEVERITIES}

    @property
    def worst_rank(self) -> int:
        return min((SEVERITY_RANK[f.severity] for f in self.findings), default=len(SEVERITIES))

    @property
    def operator_name(self) -> str:
        return self.sheet.operator_name


@dataclass
class Totals:
    count: int
    p104: Decimal
    carryover: Decimal
    local: Decimal
    other: Decimal
    total_cost: Decimal

    @classmethod
    def of(cls, rows: list[SheetRow]) -> "Totals":
        money = [row.financing for row in rows]
        return cls(
            count=len(rows),
            p104=total(f.subsidy for f in money),
            carryover=total(f.carryover for f in money),
            local=total(f.local for f in money),
            other=total(f.other for f in money),
            total_cost=total(f.total_cost for f in money),
        )


@dataclass
class AxisGroup:
    axis: Axis | None
    rows: list[SheetRow]

    @property
    def totals(self) -> Totals:
        return Totals.of(self.rows)

    @property
    def title(self) -> str:
        return str(self.axis) if self.axis else "Fiches sans axe"


@dataclass(frozen=True)
class Values:
    """The contract's programmation as read from the database: plain tuples."""

    sheets: list[tuple]  # SHEET_COLUMNS + BUDGET_COLUMNS
    themes: list[tuple]  # (sheet id, theme code)
    extra: list[tuple]  # (sheet id, label, amount of an extra budget line)
    findings: list[tuple]  # FINDING_COLUMNS


class Overview:
    """One programme year of a contract: its axes, envelope, sheets (as rows) and findings
    (the year's and the contract's own).

    Rows are built from the values only when a page is actually drawn (not when it comes
    from the cache: ``ctai.contracts.views.fragments``).
    """

    def __init__(
        self,
        contract: Contract,
        year: int,
        axes: list[Axis],
        envelopes: list[AnnualEnvelope],
        values: Values,
        review_count: int,
    ):
        self.contract, self.year, self.axes, self.envelopes = contract, year, axes, envelopes
        self.values, self.review_count = values, review_count

    @cached_property
    def findings(self) -> list[FindingSummary]:
        """The findings of this year's sheets and the contract-level findings about this year
        or about no year in particular."""
        return [FindingSummary(*values) for values in self.values.findings]

    @property
    def envelope(self) -> AnnualEnvelope | None:
        return next((e for e in self.envelopes if e.year == self.year), None)

    @cached_property
    def rows(self) -> list[SheetRow]:
        rows = build_rows(self.values, self.axes)
        by_number: dict[int, list[SheetRow]] = defaultdict(list)
        for row in rows:
            by_number[row.sheet.number].append(row)
        for finding in self.findings:
            row = _row_of(finding, by_number)
            if row is not None:
                row.findings.append(finding)
        return rows

    @cached_property
    def _by_number(self) -> dict[int, list[SheetRow]]:
        by_number: dict[int, list[SheetRow]] = defaultdict(list)
        for row in self.rows:
            by_number[row.sheet.number].append(row)
        return by_number

    @property
    def contract_findings(self) -> list[FindingSummary]:
        return [f for f in self.findings if f.action_number is None]

    @property
    def finding_counts(self) -> dict[str, int]:
        counter = Counter(finding.severity for finding in self.findings)
        return {severity: counter[severity] for severity in SEVERITIES}

    @property
    def years(self) -> list[int]:
        """The contract's programme years (for the year switcher)."""
        return list(self.contract.years)

    def sheet_of(self, finding) -> SheetSummary | None:
        """The sheet a finding is about (number, and year when the finding gives one)."""
        row = _row_of(finding, self._by_number)
        return None if row is None else row.sheet

    def groups(self, rows: list[SheetRow] | None = None) -> list[AxisGroup]:
        """Rows grouped by axis, axes in order; sheets without an axis last."""
        by_axis: dict[int | None, list[SheetRow]] = defaultdict(list)
        for row in self.rows if rows is None else rows:
            by_axis[row.axis.pk if row.axis else None].append(row)
        groups = [AxisGroup(axis, by_axis[axis.pk]) for axis in self.axes if by_axis[axis.pk]]
        if by_axis[None]:
            groups.append(AxisGroup(None, by_axis[None]))
        return groups


def _row_of(finding, by_number: dict[int, list[SheetRow]]) -> SheetRow | None:
    """The row of the sheet a finding is about: its number, and its year when it gives one
    (findings indexed by sheet number, never a scan of the rows)."""
    if finding.action_number is None:
        return None
    candidates = by_number.get(finding.action_number, [])
    exact = [row for row in candidates if row.sheet.year == finding.year]
    return (exact or candidates or [None])[0]


def build_rows(values: Values, axes: list[Axis]) -> list[SheetRow]:
    axes_by_id = {axis.pk: axis for axis in axes}
    under = listed_under((axis, axis.listed_actions or []) for axis in axes)
    themes_of, extra_of = defaultdict(list), defaultdict(list)
    for sheet_id, code in values.themes:
        themes_of[sheet_id].append(ThemeSummary(code))
    for sheet_id, label, amount in values.extra:
        extra_of[sheet_id].append((label, amount))
    rows = []
    width = len(SHEET_COLUMNS)
    for row in values.sheets:
        sheet = SheetSummary(*row[: width - 1], operator_name=display_name(row[width - 1] or ""))
        budget = row[width:]
        figures = dict(zip(BUDGET_FIELDS, budget[1:], strict=True))
        written = axes_by_id.get(sheet.axis_id)
        rows.append(
            SheetRow(
                sheet=sheet,
                axis=axis_of_sheet(sheet.number, written, under),
                written_axis=written,
                financing=from_stored(figures if budget[0] else None, extra_of[sheet.pk]),
                themes=themes_of[sheet.pk],
            )
        )
    return rows


def load_overview(contract: Contract, year: int) -> Overview:
    """Read programme year ``year`` of the contract in seven queries, as plain values."""
    values = Values(
        sheets=list(
            ActionSheet.objects.filter(contract=contract, year=year)
            .order_by("number")
            .values_list(*SHEET_COLUMNS, *BUDGET_COLUMNS)
        ),
        themes=list(
            ActionSheet.themes.through.objects.filter(
                actionsheet__contract=contract, actionsheet__year=year
            )
            .order_by("theme__position")
            .values_list("actionsheet_id", "theme__code")
        ),
        extra=list(
            BudgetExtraLine.objects.filter(
                budget__action__contract=contract, budget__action__year=year
            )
            .order_by("position", "id")
            .values_list("budget__action_id", "label", "amount")
        ),
        findings=list(
            contract.findings.filter(Q(year=year) | Q(year__isnull=True))
            .order_by("position", "id")
            .values_list(*FINDING_COLUMNS)
        ),
    )
    return Overview(
        contract,
        year,
        list(contract.axes.all()),
        list(contract.envelopes.all()),
        values,
        contract.review_items.count(),
    )


# -- the programmation --------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammationFilters:
    """What the programmation shows; ``None`` means no filter on that criterion."""

    axis: int | None = None  # axis number
    theme: str | None = None  # theme code
    operator: int | None = None  # organisation id
    severity: str | None = None  # at least one finding this serious
    sort: str = "numero"


SORTS: list[tuple[str, str]] = [
    ("numero", "Numéro de fiche"),
    ("intitule", "Intitulé"),
    ("porteur", "Porteur"),
    ("p104", "Subvention P104 (décroissante)"),
    ("total", "Coût total (décroissant)"),
    ("constats", "Constats (les plus graves d'abord)"),
]

_SORT_KEYS = {
    "numero": lambda row: row.sheet.number,
    "intitule": lambda row: (row.sheet.title.casefold(), row.sheet.number),
    "porteur": lambda row: (row.operator_name.casefold(), row.sheet.number),
    "p104": lambda row: (-(row.financing.subsidy or ZERO), row.sheet.number),
    "total": lambda row: (-(row.financing.total_cost or ZERO), row.sheet.number),
    "constats": lambda row: (row.worst_rank, -len(row.findings), row.sheet.number),
}


def _keep(row: SheetRow, filters: ProgrammationFilters) -> bool:
    if filters.axis is not None and (row.axis is None or row.axis.number != filters.axis):
        return False
    if filters.theme is not None and filters.theme not in {t.code for t in row.themes}:
        return False
    if filters.operator is not None and row.sheet.operator_id != filters.operator:
        return False
    if filters.severity is not None:
        threshold = SEVERITY_RANK[filters.severity]
        return any(SEVERITY_RANK[f.severity] <= threshold for f in row.findings)
    return True


def programmation_rows(overview: Overview, filters: ProgrammationFilters) -> list[SheetRow]:
    """The rows kept by ``filters``, in the order they ask for."""
    rows = [row for row in overview.rows if _keep(row, filters)]
    return sorted(rows, key=_SORT_KEYS.get(filters.sort, _SORT_KEYS["numero"]))


def operators(overview: Overview) -> list[tuple[int, str]]:
    """The operators of the contract's sheets, by name."""
    named = {row.sheet.operator_id: row.operator_name for row in overview.rows if row.operator_name}
    return sorted(named.items(), key=lambda item: item[1].casefold())
