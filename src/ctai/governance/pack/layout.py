"""What the committee pack (dossier du comité de pilotage) says, page by page, as French text.

One layout, two renderers (``pdf`` and ``docx``): a summary page of the year(s) the meeting
looks at, then one page per sheet. Every figure comes from the State evaluation's reading of the
year (``ctai.reporting.evaluation.data.build_evaluation``: budget figures, validated reports,
carry-over) — nothing is recomputed here, only formatted.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from ctai.checks.enums import SEVERITY_LABELS
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet
from ctai.core.money import NNBSP, count, euros, percent
from ctai.governance.models import Decision, Meeting
from ctai.governance.summary import decision_row
from ctai.reporting.enums import AchievementStatus, ReportStatus
from ctai.reporting.evaluation.data import Evaluation, SheetEvaluation, build_evaluation
from ctai.reporting.models import OperatorReport

DASH = "—"


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 1  # relative
    number: bool = False


@dataclass
class Table:
    heading: str
    columns: list[Column]
    rows: list[list[str]]
    empty: str = "Rien à signaler."

    @property
    def number_columns(self) -> set[int]:
        return {index for index, column in enumerate(self.columns) if column.number}

    @property
    def widths(self) -> list[int]:
        """Each column's share of the width, in percent."""
        total = sum(c.width for c in self.columns) or 1
        return [round(100 * c.width / total) for c in self.columns]


@dataclass
class Page:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)


@dataclass
class Pack:
    meeting: Meeting
    title: str
    subtitle: str
    pages: list[Page]


def money(value: Decimal | None) -> str:
    return DASH if value is None else euros(value)


def date_fr(day: datetime.date | None) -> str:
    return DASH if day is None else day.strftime("%d/%m/%Y")


def _received(contract, year: int) -> int:
    """Sheets of ``year`` with a report handed in (submitted, returned or validated)."""
    return (
        OperatorReport.objects.filter(period__contract=contract, period__year=year)
        .exclude(status=ReportStatus.DRAFT)
        .values("sheet")
        .distinct()
        .count()
    )


def _status_counts(evaluation: Evaluation) -> Counter:
    counts: Counter = Counter()
    for row in evaluation.rows:
        counts.update(row.statuses)
    return counts


def _findings(contract, years: list[int]) -> list[StoredFinding]:
    return list(
        StoredFinding.objects.filter(contract=contract, year__in=years).select_related("sheet")
    )


def _previous_decisions(meeting: Meeting) -> list[Decision]:
    """Decisions of the contract's earlier meetings, with their follow-up."""
    return list(
        Decision.objects.filter(meeting__contract=meeting.contract_id)
        .exclude(meeting=meeting)
        .filter(meeting__date__lte=meeting.date)
        .select_related("meeting")
        .prefetch_related(Prefetch("sheets", queryset=ActionSheet.objects.only("number", "year")))
        .order_by("meeting__date", "pk")
    )


def _summary_table(evaluation: Evaluation, received: int) -> Table:
    totals = evaluation.totals
    counts = _status_counts(evaluation)
    rows = [
        ["Enveloppe de l'État (P104)", money(evaluation.envelope)],
        ["Subventions P104 programmées", money(totals.p104_subsidy)],
        ["Reliquats reçus de l'année précédente", money(totals.carryover_received)],
        ["Coût total programmé des actions", money(totals.total_cost_planned)],
        ["Crédits P104 dépensés (bilans validés)", money(totals.p104_spent)],
        [
            "Taux de consommation des crédits P104",
            percent(totals.p104_spent, totals.p104_available),
        ],
        ["Reliquats à reporter (bilans finaux validés)", money(totals.carryover)],
        ["Fiches actions", count(Decimal(totals.sheets))],
        ["Bilans reçus", count(Decimal(received))],
        ["Bilans validés", count(Decimal(evaluation.validated_count))],
        ["Indicateurs atteints", count(Decimal(counts[AchievementStatus.REACHED]))],
        ["Indicateurs en bonne voie", count(Decimal(counts[AchievementStatus.ON_TRACK]))],
        ["Indicateurs en retard", count(Decimal(counts[AchievementStatus.BEHIND]))],
        ["Indicateurs non renseignés", count(Decimal(counts[AchievementStatus.MISSING]))],
    ]
    return Table(
        f"Chiffres de l'année {evaluation.year}",
        [Column("Rubrique", 3), Column("Valeur", 2, number=True)],
        rows,
    )


def _beneficiaries_table(evaluation: Evaluation) -> Table:
    """The year's people: the register's distinct people across the contract when it has
    any (1 to 4 as "< 5"), else the sum of the validated reports; the source in words."""
    return Table(
        f"Bénéficiaires de l'année {evaluation.year}",
        [
            Column("Public", 3),
            Column("Objectif", 1, number=True),
            Column("Réalisé", 1, number=True),
            Column("Source", 2),
        ],
        [
            [
                line.label,
                DASH if line.target is None else count(line.target),
                line.shown_text,
                line.source,
            ]
            for line in evaluation.beneficiaries
        ],
    )


def _findings_table(findings: list[StoredFinding], heading: str) -> Table:
    return Table(
        heading,
        [Column("Gravité", 1), Column("Fiche", 1), Column("Constat", 6)],
        [
            [
                SEVERITY_LABELS.get(f.severity, f.severity),
                f"n° {f.action_number}" if f.action_number else "Contrat",
                f.message,
            ]
            for f in findings
        ],
        empty="Aucun constat ouvert.",
    )


def _decisions_table(decisions: list[Decision], heading: str, *, with_meeting: bool) -> Table:
    columns = [
        Column("Décision", 5),
        Column("Nature", 2),
        Column("Fiches", 1),
        Column("Responsable", 2),
        Column("Échéance", 2),
        Column("Suivi", 2),
    ]
    if with_meeting:
        columns.insert(0, Column("Comité", 2))
    rows = []
    for decision in decisions:
        row = decision_row(decision)
        follow = row["status"] + (f" : {row['follow_up']}" if row["follow_up"] else "")
        cells = [
            row["text"],
            row["kind"],
            row["sheets"] or DASH,
            row["owner"] or DASH,
            date_fr(row["due_date"]),
            follow,
        ]
        rows.append([date_fr(decision.meeting.date), *cells] if with_meeting else cells)
    return Table(heading, columns, rows, empty="Aucune décision.")


def _sheet_page(
    row: SheetEvaluation, threshold: Decimal, findings: list[StoredFinding], decisions
) -> Page:
    sheet = row.sheet
    budget = Table(
        "Budget : prévu et réalisé",
        [Column("Ligne", 4), Column("Prévu", 2, True), Column("Réalisé", 2, True)],
        [
            ["Subvention P104", money(row.p104_subsidy), DASH],
            ["Reliquats reçus (P104)", money(row.carryover_received), DASH],
            [
                "Crédits P104 disponibles / dépensés",
                money(row.p104_available),
                money(row.p104_spent),
            ],
            ["Coût total de l'action", money(row.total_cost_planned), money(row.total_cost_spent)],
            *[[line.label, money(line.planned), money(line.spent)] for line in row.spending],
        ],
    )
    indicators = Table(
        "Indicateurs : objectif et réalisé",
        [
            Column("Indicateur", 5),
            Column("Objectif", 2, True),
            Column("Réalisé", 2, True),
            Column("État", 2),
        ],
        [
            [
                indicator.label,
                indicator.target_display or DASH,
                DASH if indicator.value is None else count(indicator.value),
                indicator.status(threshold).label if row.report else "Pas de bilan validé",
            ]
            for indicator in row.indicators
        ],
        empty="Aucun indicateur.",
    )
    questions = [
        f"{SEVERITY_LABELS.get(f.severity, f.severity)} : {f.message}" for f in findings
    ] + [
        f"Décision du {date_fr(d.meeting.date)} ({d.get_follow_up_display().lower()}) : {d.text}"
        for d in decisions
        if d.is_open
    ]
    narrative = [(heading, text or "Non renseigné.") for heading, text in row.narrative]
    consumption = row.consumption
    paragraphs = [
        f"Axe : {row.axis.number} — {row.axis.title}" if row.axis else "Axe : non rattachée",
        f"Porteur : {row.operator or 'non renseigné'}",
        f"Bilan : {row.report_label}"
        + (
            f" · consommation des crédits P104 : {consumption * 100:.0f}{NNBSP}%".replace(".", ",")
            if consumption is not None
            else ""
        ),
    ]
    return Page(
        title=f"Fiche n° {sheet.number} ({sheet.year}) : {sheet.title}",
        paragraphs=paragraphs,
        tables=[budget, indicators],
        texts=[
            *narrative,
            ("Questions ouvertes", "\n".join(f"• {q}" for q in questions) or "Aucune."),
        ],
    )


def build_pack(meeting: Meeting) -> Pack:
    contract = meeting.contract
    years = meeting.years
    evaluations = [build_evaluation(contract=contract, year=year) for year in years]
    findings = _findings(contract, years)
    previous = _previous_decisions(meeting)
    own = list(
        meeting.decisions.prefetch_related(
            Prefetch("sheets", queryset=ActionSheet.objects.only("number", "year"))
        ).select_related("meeting")
    )
    concerned = ", ".join(str(y) for y in years)
    summary = Page(
        title=f"Synthèse de l'année {concerned}",
        paragraphs=[
            f"{meeting.get_kind_display()} · {meeting.get_status_display().lower()}"
            + (f" · {meeting.place}" if meeting.place else ""),
        ],
        tables=[
            *[_summary_table(e, _received(contract, e.year)) for e in evaluations],
            *[_beneficiaries_table(e) for e in evaluations],
            _findings_table(
                [f for f in findings if f.severity != "info"],
                "Constats ouverts (erreurs et alertes)",
            ),
            _decisions_table(
                previous, "Décisions des comités précédents et leur suivi", with_meeting=True
            ),
        ],
        texts=[("Ordre du jour", meeting.agenda)] if meeting.agenda else [],
    )
    pages = [summary]
    if own:
        pages.append(
            Page(
                title="Décisions de ce comité",
                tables=[_decisions_table(own, "Décisions prises", with_meeting=False)],
            )
        )
    decisions_by_sheet: dict[int, list[Decision]] = {}
    for decision in previous + own:
        for sheet in decision.sheets.all():
            decisions_by_sheet.setdefault(sheet.pk, []).append(decision)
    findings_by_sheet: dict[int, list[StoredFinding]] = {}
    for finding in findings:
        if finding.sheet_id:
            findings_by_sheet.setdefault(finding.sheet_id, []).append(finding)
    for evaluation in evaluations:
        for row in evaluation.rows:
            pages.append(
                _sheet_page(
                    row,
                    evaluation.threshold,
                    findings_by_sheet.get(row.sheet.pk, []),
                    decisions_by_sheet.get(row.sheet.pk, []),
                )
            )
    return Pack(
        meeting=meeting,
        title=f"{meeting.title} — {contract.territory}",
        subtitle=f"Dossier du comité — {meeting.get_kind_display()} — année {concerned}",
        pages=pages,
    )
