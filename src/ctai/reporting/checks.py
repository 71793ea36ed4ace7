"""Checks on a report (contrôles du bilan): pure functions over its figures, returning findings.

- ``report.breakdown``: a "dont" part above its total among the achieved values (hommes +
  femmes ≤ total, BPI ≤ total...). The catalogue parents and the disjoint splits are those of
  the programmation rule ``indicators.breakdown``, whose function runs here on the achieved
  values: erreur (alerte for BPI + BPT).
- ``report.spending_exceeds_granted`` (erreur): P104 spent above P104 granted + carried over.
- ``report.resources_total`` (alerte): realised resources differ from the realised total cost
  (the plan's ``budget.resources_total``, run on the actual amounts).
- ``report.missing_spending`` (alerte, final reports only): P104 was granted but no P104
  spending is given (the carry-over would count it all as unspent).
- ``report.missing_value`` (alerte): an indicator with a target has no achieved value.
- ``report.behind_target`` (info, final reports only): an indicator below the on-track
  threshold with no comment explaining why.

Achievement rate = achieved / numeric target; status *atteint* from 100 %, *en bonne voie* from
``settings.CTAI_ON_TRACK_THRESHOLD`` percent (75 by default), *en retard* below. Costs,
durations and text indicators have no status: reaching a cost or a duration is not "more is
better".
"""

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from ctai.budget.figures import BudgetFigures
from ctai.checks.enums import SEVERITY_RANK, Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.budget import check_resources_total as programmation_resources
from ctai.checks.rules.indicators import check_breakdown as programmation_breakdown
from ctai.core.money import NNBSP, count, euros, figure, french_number, percent, ratio
from ctai.reporting.enums import AchievementStatus, PeriodKind

ZERO = Decimal(0)
DEFAULT_ON_TRACK_PERCENT = 75
NO_STATUS_UNITS = {"euros", "months", "text"}


def on_track_threshold() -> Decimal:
    """The share of its target from which an indicator is "en bonne voie" (0.75 by default)."""
    percent = getattr(settings, "CTAI_ON_TRACK_THRESHOLD", DEFAULT_ON_TRACK_PERCENT)
    return Decimal(str(percent)) / 100


def achievement_rate(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """achieved / target as a fraction (0.8 for 80 %), ``None`` when it cannot be computed."""
    if value is None or target is None or target <= 0:
        return None
    return ratio(value, target)


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator of the sheet with its target and what the report says about it."""

    indicator_id: int
    code: str | None  # catalogue code, None for a row the operator added
    label: str
    section: str
    unit: str  # catalogue unit; "count" for added rows
    target: Decimal | None
    target_text: str
    value: Decimal | None
    comment: str

    @property
    def has_target(self) -> bool:
        return self.target is not None or bool(self.target_text.strip())

    @property
    def target_display(self) -> str:
        return self.target_text.strip() or (count(self.target) if self.target is not None else "")

    @property
    def is_missing(self) -> bool:
        if not self.has_target:
            return False
        if self.unit == "text":
            return self.value is None and not self.comment.strip()
        return self.value is None

    @property
    def rate(self) -> Decimal | None:
        if self.unit in NO_STATUS_UNITS:
            return None
        return achievement_rate(self.value, self.target)

    def status(self, threshold: Decimal | None = None) -> AchievementStatus:
        if not self.has_target:
            return AchievementStatus.NO_TARGET
        if self.is_missing:
            return AchievementStatus.MISSING
        if self.unit in NO_STATUS_UNITS:
            return AchievementStatus.NOT_APPLICABLE
        rate = self.rate
        if rate is None:
            return AchievementStatus.NO_TARGET
        if rate >= 1:
            return AchievementStatus.REACHED
        if rate >= (on_track_threshold() if threshold is None else threshold):
            return AchievementStatus.ON_TRACK
        return AchievementStatus.BEHIND


@dataclass(frozen=True)
class ReportFigures:
    """What the checks read from a report: plain values, no database."""

    sheet_number: int
    year: int
    kind: str
    indicators: tuple[IndicatorFigures, ...]
    budget: BudgetFigures  # the sheet's provisional budget
    spending: dict[str, Decimal]  # budget line code -> actual amount
    # The actual amounts of the lines the sheet's budget added: (label, amount).
    extra_spending: tuple[tuple[str | None, Decimal], ...] = ()

    @property
    def p104_subsidy(self) -> Decimal | None:
        return self.budget.subsidy

    @property
    def p104_carryover(self) -> Decimal | None:
        return self.budget.carryover

    @property
    def p104_available(self) -> Decimal:
        return self.budget.available_p104

    @property
    def p104_spent(self) -> Decimal | None:
        """P104 actually spent (subsidy and carry-over lines); ``None`` when not reported."""
        return self.budget.execution(self.spending).spent


def _finding(figures: ReportFigures, code: str, severity: str, message: str, **values) -> Finding:
    return Finding(code, severity, figures.sheet_number, message, values, year=figures.year)


def check_breakdown(figures: ReportFigures) -> Iterator[Finding]:
    """``report.breakdown``: the programmation rule, run on the achieved values."""
    rows = [
        {"code": i.code, "target": figure(i.value), "target_text": None}
        for i in figures.indicators
        if i.code and i.value is not None
    ]
    action = {"number": figures.sheet_number, "year": figures.year, "indicators": rows}
    for finding in programmation_breakdown({"actions": [action]}):
        yield dataclasses.replace(
            finding, code="report.breakdown", message=f"Valeurs réalisées : {finding.message}"
        )


def check_spending(figures: ReportFigures) -> Iterator[Finding]:
    """``report.spending_exceeds_granted`` (erreur)."""
    spent, available = figures.p104_spent, figures.p104_available
    if spent is None or spent <= available:
        return
    excess = spent - available
    yield _finding(
        figures,
        "report.spending_exceeds_granted",
        Severity.ERREUR,
        f"Les dépenses réalisées sur les crédits P104 ({euros(spent)}) dépassent la subvention "
        f"accordée ({euros(figures.p104_subsidy or ZERO)}) et les reliquats disponibles "
        f"({euros(figures.p104_carryover or ZERO)}), soit {euros(available)} : écart de "
        f"{euros(excess)}. Corrigez le montant réalisé : ce qui dépasse les crédits de l'État "
        f"relève d'un autre financement (collectivité, autofinancement…).",
        p104_spent=figure(spent),
        p104_available=figure(available),
        difference=figure(excess),
    )


def check_realised_budget(figures: ReportFigures) -> Iterator[Finding]:
    """``report.resources_total`` (alerte): the plan's rule ``budget.resources_total`` run on
    the actual amounts — realised resources must cover the realised total cost, read by the
    one budget reading (``ctai.budget.figures``) as the plan is. An alerte, not an erreur: a
    report may give only some lines; the coordination decides (docs/adr/0013)."""
    lines = {name: figure(value) for name, value in figures.spending.items() if value is not None}
    other = [{"label": label, "amount": figure(amount)} for label, amount in figures.extra_spending]
    action = {
        "number": figures.sheet_number,
        "year": figures.year,
        "budget": {**lines, "other_lines": other},
    }
    for finding in programmation_resources({"actions": [action]}):
        if finding.code != "budget.resources_total":
            continue  # one side not given: nothing to compare yet
        said = finding.message
        yield dataclasses.replace(
            finding,
            code="report.resources_total",
            severity=Severity.ALERTE,
            message=f"Montants réalisés : {said[:1].lower()}{said[1:]}",
        )


def check_missing_spending(figures: ReportFigures) -> Iterator[Finding]:
    """``report.missing_spending`` (alerte): final report, P104 granted, none reported spent."""
    if figures.kind != PeriodKind.FINAL or figures.p104_spent is not None:
        return
    if figures.p104_available <= 0:
        return
    yield _finding(
        figures,
        "report.missing_spending",
        Severity.ALERTE,
        f"Aucune dépense réalisée n'est indiquée sur les crédits P104, pour "
        f"{euros(figures.p104_available)} accordés (subvention et reliquats) : indiquez le "
        f"montant dépensé (0 si rien ne l'a été). Sans lui, tout serait reporté en reliquat.",
        p104_available=figure(figures.p104_available),
    )


def check_missing_values(figures: ReportFigures) -> Iterator[Finding]:
    """``report.missing_value`` (alerte): a targeted indicator without achieved value."""
    for indicator in figures.indicators:
        if not indicator.is_missing:
            continue
        if indicator.unit == "text":
            todo = "aucun commentaire n'est renseigné : décrivez ce qui a été réalisé."
        else:
            todo = (
                "aucune valeur réalisée n'est renseignée : indiquez-la (0 si rien n'a été "
                "réalisé), avec un commentaire si besoin."
            )
        yield _finding(
            figures,
            "report.missing_value",
            Severity.ALERTE,
            f"« {indicator.label} » a pour objectif « {indicator.target_display} » mais {todo}",
            indicator=str(indicator.indicator_id),
        )


def check_behind_target(figures: ReportFigures) -> Iterator[Finding]:
    """``report.behind_target`` (info): on a final report, below the threshold, unexplained."""
    if figures.kind != PeriodKind.FINAL:
        return
    threshold = on_track_threshold()
    for indicator in figures.indicators:
        if indicator.status(threshold) != AchievementStatus.BEHIND or indicator.comment.strip():
            continue
        rate = indicator.rate or ZERO
        yield _finding(
            figures,
            "report.behind_target",
            Severity.INFO,
            f"« {indicator.label} » : {count(indicator.value)} réalisé(s) pour un objectif de "
            f"{count(indicator.target)}, soit {percent(rate, Decimal(1))} (en retard : moins "
            f"de {french_number(threshold * 100, decimals=0)}{NNBSP}%). "
            f"Expliquez l'écart dans le commentaire de l'indicateur.",
            indicator=str(indicator.indicator_id),
            rate=figure(rate * 100),
        )


RULES = [
    check_breakdown,
    check_spending,
    check_realised_budget,
    check_missing_spending,
    check_missing_values,
    check_behind_target,
]


def run_report_checks(figures: ReportFigures) -> list[Finding]:
    """Every finding on a report, the most serious first (stable within a severity)."""
    findings = [finding for rule in RULES for finding in rule(figures)]
    return sorted(findings, key=lambda f: SEVERITY_RANK[f.severity])


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERREUR]
