"""What the evaluation shows, page by page, for the three renderers (XLSX, ODS, PDF).

One layout, three outputs: the workbook, the OpenDocument file and the COPIL's PDF show the
same tables in the same order, so their figures cannot disagree. A column has a kind that
each renderer turns into its own format (French euro and percentage formats in the
spreadsheets, "1 234,56 €" and "80,0 %" in the PDF).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from ctai.core.money import NNBSP, count, euros, french_number, total
from ctai.indicators.catalogue import SECTION_LABELS
from ctai.reporting.enums import AchievementStatus
from ctai.reporting.evaluation.data import Evaluation, SheetEvaluation, Totals
from ctai.reporting.opinions import status_label

TEXT, EUROS, PERCENT, COUNT = "text", "euros", "percent", "count"
# Characters XML 1.0 cannot carry (both spreadsheet formats are XML): dropped from user text.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_TEXT = 32000  # a spreadsheet cell holds 32 767 characters


def clean(value: str) -> str:
    text = XML_ILLEGAL.sub("", value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def display(value: object, kind: str) -> str:
    """The French text of a value, as the PDF shows it too."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number_ = Decimal(value)
        if kind == EUROS:
            return euros(number_)
        if kind == PERCENT:
            return f"{french_number(number_ * 100, decimals=1)}{NNBSP}%"
        return count(number_)
    return str(value)


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT
    width: int = 14  # characters


@dataclass
class Block:
    heading: str | None
    columns: list[Column]
    rows: list[list[object]] = field(default_factory=list)
    totals: int = 0  # the last ``totals`` rows are totals (in bold)
    empty: str = "Aucune ligne."  # shown in place of the rows when there are none

    def add(self, values: list[object]) -> None:
        self.rows.append([clean(v) if isinstance(v, str) else v for v in values])


@dataclass
class Page:
    name: str  # worksheet name: 31 characters at most, unique
    title: str
    notes: list[str]
    blocks: list[Block]

    def __post_init__(self) -> None:
        self.title = clean(self.title)
        self.notes = [clean(note) for note in self.notes]

    @property
    def widths(self) -> list[int]:
        count = max((len(b.columns) for b in self.blocks), default=0)
        return [
            max((b.columns[i].width for b in self.blocks if i < len(b.columns)), default=10)
            for i in range(count)
        ]


def main_block(page: Page) -> Block | None:
    """The page's main table (the widest, then the longest): its headers repeat on every
    printed page."""
    if not page.blocks:
        return None
    return max(page.blocks, key=lambda block: (len(block.columns), len(block.rows)))


def header_row(page: Page) -> int | None:
    """The spreadsheet row (1-based) of the column headers of the page's main table (the
    widest, then the longest): the row repeated at the top of every printed page. The rows
    are laid out as the renderers write them: the title, the notes, then per block a blank
    row, its heading and its headers.
    """
    main = main_block(page)
    row = 1 + len(page.notes)
    for block in page.blocks:
        row += 1 + (1 if block.heading else 0) + 1
        if block is main:
            return row
        row += len(block.rows)
    return None


MONEY = [
    Column("Subvention P104 accordée", EUROS, 16),
    Column("Reliquats n-1 reçus", EUROS, 14),
    Column("P104 dépensé", EUROS, 16),
    Column("Consommation P104", PERCENT, 13),
    Column("Reliquat reportable", EUROS, 15),
    Column("Coût total prévu", EUROS, 16),
    Column("Coût total réalisé", EUROS, 16),
]
NO_REPORT = "Aucun bilan reçu"
STATUS_COLUMNS = [
    Column("Indicateurs atteints", COUNT, 12),
    Column("En bonne voie", COUNT, 10),
    Column("En retard", COUNT, 10),
    Column("Non renseignés", COUNT, 12),
]
# A year that is over: what was not reached is "non atteint", whatever its rate.
FINISHED_STATUS_COLUMNS = [
    Column("Indicateurs atteints", COUNT, 12),
    Column("Non atteints", COUNT, 10),
    Column("Non renseignés", COUNT, 12),
]
NOT_REACHED = "Non atteint"

STATUS_KEYS = [
    AchievementStatus.REACHED,
    AchievementStatus.ON_TRACK,
    AchievementStatus.BEHIND,
    AchievementStatus.MISSING,
]


def status_text(status: AchievementStatus | None, finished: bool) -> str:
    """An indicator's status as the files write it: "Non atteint" for a finished year below
    its target, "En bonne voie" / "En retard" only while the year runs."""
    if status is None:
        return ""
    if finished and status in (AchievementStatus.ON_TRACK, AchievementStatus.BEHIND):
        return NOT_REACHED
    return status.label


def status_columns(finished: bool) -> list[Column]:
    return FINISHED_STATUS_COLUMNS if finished else STATUS_COLUMNS


def status_counts(counts: dict[str, int], finished: bool) -> list[int]:
    reached, on_track, behind, missing = (counts[s] for s in STATUS_KEYS)
    return (
        [reached, on_track + behind, missing] if finished else [reached, on_track, behind, missing]
    )


def _appraisal(opinion) -> str:
    return opinion.get_appraisal_display() if opinion is not None and opinion.appraisal else ""


def _money(values: SheetEvaluation | Totals) -> list[object]:
    return [
        values.p104_subsidy,
        values.carryover_received,
        values.p104_spent,
        values.consumption,
        values.carryover,
        values.total_cost_planned,
        values.total_cost_spent,
    ]


def _axis_title(axis) -> str:
    return f"Axe {axis.number} : {axis.title}" if axis else "sans axe"


def beneficiaries_block(evaluation: Evaluation) -> Block:
    block = Block(
        "Bénéficiaires du contrat (indicateurs du catalogue)",
        [
            Column("Public", TEXT, 45),
            Column("Objectif", COUNT, 12),
            Column("Réalisé retenu", COUNT, 12),
            Column("Source du réalisé retenu", TEXT, 30),
            Column("Réalisé (bilans validés)", COUNT, 14),
            Column("Fiches renseignées", COUNT, 12),
        ],
    )
    for line in evaluation.beneficiaries:
        block.add(
            [
                line.label,
                line.target,
                line.shown,
                line.source,
                line.achieved,
                line.sheets_with_value,
            ]
        )
    return block


def summary_page(evaluation: Evaluation) -> Page:
    contract, year, totals = evaluation.contract, evaluation.year, evaluation.totals
    finished = evaluation.finished
    threshold = f"{evaluation.threshold * 100:.0f}"
    key = Block("Chiffres clés", [Column("Libellé", TEXT, 45), Column("Montant", EUROS, 16)])
    key.add([f"Enveloppe de l'État {year}", evaluation.envelope])
    key.add(["Subventions P104 accordées", totals.p104_subsidy])
    key.add([f"Reliquats {year - 1} reçus", totals.carryover_received])
    key.add(["P104 dépensé (bilans validés)", totals.p104_spent])
    key.add([f"Reliquats {year} reportables sur {year + 1}", totals.carryover])

    sheets = Block(
        "Fiches actions",
        [
            Column("Axe", TEXT, 9),
            Column("N°", COUNT, 5),
            Column("Intitulé", TEXT, 36),
            Column("Porteur", TEXT, 24),
            Column("Bilan", TEXT, 24),
            *MONEY,
            *status_columns(finished),
            Column("Avis de l'État", TEXT, 16),
        ],
        totals=1,
    )
    for row in evaluation.rows:
        sheets.add(
            [
                f"Axe {row.axis.number}" if row.axis else "",
                row.sheet.number,
                row.sheet.title,
                row.operator,
                row.report_label,
                *_money(row),
                *status_counts(row.status_counts, finished),
                _appraisal(row.opinion),
            ]
        )
    all_counts = {s: sum(r.status_counts[s] for r in evaluation.rows) for s in STATUS_KEYS}
    sheets.add(
        [
            "Total",
            totals.sheets,
            "",
            "",
            "",
            *_money(totals),
            *status_counts(all_counts, finished),
            "",
        ]
    )

    axes = Block(
        "Par axe",
        [
            Column("Axe", TEXT, 45),
            Column("Montant déclaré (contrat)", EUROS, 16),
            Column("Fiches n°", TEXT, 12),
            Column("Fiches", COUNT, 8),
            *MONEY,
        ],
        totals=1,
    )
    for group in evaluation.axes:
        declared = group.axis.declared_amount if group.axis else None
        numbers = ", ".join(str(row.sheet.number) for row in group.rows)
        axes.add([group.title, declared, numbers, group.totals.sheets, *_money(group.totals)])
    declared_total = total(group.axis.declared_amount for group in evaluation.axes if group.axis)
    axes.add(["Total du contrat", declared_total, "", totals.sheets, *_money(totals)])
    rule = (
        f"Année {year} terminée : un indicateur est « atteint » dès 100 % de son objectif, "
        f"« non atteint » en deçà."
        if finished
        else f"Taux d'atteinte : valeur réalisée / objectif ; « atteint » dès 100 %, « en bonne "
        f"voie » dès {threshold} %, « en retard » en deçà (année {year} en cours)."
    )
    return Page(
        name="Synthèse",
        title=f"Évaluation {year} — {contract.title} — {contract.territory}",
        notes=[
            f"Établie le {evaluation.generated_at:%d/%m/%Y} à partir des bilans validés "
            f"({evaluation.validated_count} fiche(s) sur {len(evaluation.rows)}).",
            rule,
        ],
        blocks=[key, beneficiaries_block(evaluation), sheets, axes],
    )


def sheet_page(row: SheetEvaluation, finished: bool) -> Page:
    indicators = Block(
        "Indicateurs",
        [
            Column("Section", TEXT, 28),
            Column("Indicateur", TEXT, 50),
            Column("Objectif (tel qu'écrit)", TEXT, 22),
            Column("Objectif", COUNT, 11),
            Column("Valeur réalisée", COUNT, 11),
            Column("Taux d'atteinte", PERCENT, 11),
            Column("Statut", TEXT, 16),
            Column("Commentaire", TEXT, 50),
        ],
    )
    for index, indicator in enumerate(row.indicators):
        status = row.statuses[index] if row.report else None
        indicators.add(
            [
                SECTION_LABELS.get(indicator.section, indicator.section),
                indicator.label,
                indicator.target_text,
                indicator.target,
                indicator.value,
                indicator.rate,
                status_text(status, finished) if row.report else NO_REPORT.lower(),
                indicator.comment,
            ]
        )
    spending = Block(
        "Dépenses réalisées",
        [Column("Ligne du budget", TEXT, 28), Column("Prévu", EUROS), Column("Réalisé", EUROS)],
        empty=NO_REPORT if row.report is None else "Aucune dépense déclarée dans le bilan.",
    )
    for line in row.spending:
        spending.add([line.label, line.planned, line.spent])
    narrative = Block(
        "Bilan qualitatif",
        [Column("Rubrique", TEXT, 28), Column("Texte", TEXT, 50)],
        empty=NO_REPORT,
    )
    if row.report is not None:
        for label, text in row.narrative:
            narrative.add([label, text])
    opinion = row.opinion
    opinions = Block(
        "Évaluation contradictoire",
        [Column("Rubrique", TEXT, 28), Column("Texte", TEXT, 50)],
    )
    opinions.add(["Appréciation de l'État", _appraisal(opinion) or "Pas encore d'avis"])
    opinions.add(["Avis de l'État", opinion.comment if opinion else ""])
    opinions.add(["Réponse de la coordination", opinion.answer if opinion else ""])
    declared = (
        f" (montant déclaré de l'axe : {euros(row.axis.declared_amount)})"
        if row.axis and row.axis.declared_amount is not None
        else ""
    )
    return Page(
        name=f"Fiche {row.sheet.number}",
        title=f"Fiche action n° {row.sheet.number} : {row.sheet.title}",
        notes=[
            f"{_axis_title(row.axis)}{declared} — Porteur : {row.operator or 'non renseigné'}",
            f"Bilan : {row.report_label}",
        ],
        blocks=[indicators, spending, narrative, opinions],
    )


NO_MEETING = "Aucune réunion du comité de pilotage enregistrée"
TEXT_BLOCK = [Column("Rubrique", TEXT, 28), Column("Texte", TEXT, 60)]


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def governance_page(evaluation: Evaluation) -> Page:
    """Article 6: the steering committee's meetings and decisions (given by the caller), and
    the State's opinion on the governance with the coordination's answer."""
    governance = evaluation.governance or {}
    meetings = Block(
        "Réunions du comité de pilotage",
        [
            Column("Date", TEXT, 12),
            Column("Type de réunion", TEXT, 34),
            Column("Statut", TEXT, 20),
            Column("Décisions", COUNT, 10),
        ],
        empty=NO_MEETING,
    )
    for meeting in governance.get("meetings") or []:
        meetings.add(
            [
                _date(meeting.get("date")),
                meeting.get("kind", ""),
                meeting.get("status", ""),
                meeting.get("decisions"),
            ]
        )
    decisions = Block(
        "Décisions et leur suivi",
        [
            Column("Décision", TEXT, 40),
            Column("Type", TEXT, 14),
            Column("Fiches", TEXT, 10),
            Column("Responsable", TEXT, 18),
            Column("Échéance", TEXT, 11),
            Column("Statut", TEXT, 14),
            Column("Suivi", TEXT, 40),
        ],
        empty="Aucune décision enregistrée.",
    )
    for decision in governance.get("decisions") or []:
        decisions.add(
            [
                decision.get("text", ""),
                decision.get("kind", ""),
                decision.get("sheets", ""),
                decision.get("owner", ""),
                _date(decision.get("due_date")),
                decision.get("status", ""),
                decision.get("follow_up", ""),
            ]
        )
    contradictory = evaluation.contradictory
    opinion = Block("Avis sur la gouvernance et la mise en œuvre", TEXT_BLOCK)
    appraisal = contradictory.get_governance_appraisal_display() if contradictory else ""
    opinion.add(["Appréciation de l'État", appraisal or "Pas encore d'avis"])
    opinion.add(["Avis de l'État", contradictory.governance_comment if contradictory else ""])
    opinion.add(
        ["Réponse de la coordination", contradictory.governance_answer if contradictory else ""]
    )
    count_meetings = len(meetings.rows)
    note = (
        f"{count_meetings} réunion(s) du comité de pilotage, {len(decisions.rows)} décision(s)."
        if count_meetings
        else f"{NO_MEETING}."
    )
    return Page(
        name="Gouvernance",
        title=f"Gouvernance du contrat — {evaluation.year}",
        notes=[note],
        blocks=[meetings, decisions, opinion],
    )


def _signature(evaluation, side: str, label: str) -> str:
    signed_at = getattr(evaluation, f"{side}_signed_at") if evaluation else None
    if signed_at is None:
        return f"Signature {label} : en attente."
    name = getattr(evaluation, f"{side}_signatory")
    return f"Signée {label} par {name} le {timezone.localtime(signed_at):%d/%m/%Y}."


def contradictory_page(evaluation: Evaluation) -> Page:
    """Article 7: the State's opinion on every sheet and on the governance, the coordination's
    answers, and the two signatures."""
    contradictory = evaluation.contradictory
    block = Block(
        "Avis de l'État et réponses de la coordination",
        [
            Column("N°", COUNT, 5),
            Column("Fiche action", TEXT, 30),
            Column("Bilan", TEXT, 22),
            Column("Appréciation de l'État", TEXT, 16),
            Column("Avis de l'État", TEXT, 45),
            Column("Réponse de la coordination", TEXT, 45),
        ],
    )
    for row in evaluation.rows:
        opinion = row.opinion
        block.add(
            [
                row.sheet.number,
                row.sheet.title,
                row.report_label,
                _appraisal(opinion),
                opinion.comment if opinion else "",
                opinion.answer if opinion else "",
            ]
        )
    if contradictory is not None:
        block.add(
            [
                None,
                "Gouvernance et mise en œuvre",
                "",
                contradictory.get_governance_appraisal_display(),
                contradictory.governance_comment,
                contradictory.governance_answer,
            ]
        )
    notes = [
        f"État : {status_label(contradictory)}." if contradictory else "État : non commencée.",
        _signature(contradictory, "state", "pour l'État"),
        _signature(contradictory, "coordination", "pour la coordination"),
    ]
    if contradictory and contradictory.reopen_reason and not contradictory.is_closed:
        notes.append(f"Rouverte par la coordination : {contradictory.reopen_reason}")
    return Page(
        name="Évaluation contradictoire",
        title=f"Évaluation contradictoire {evaluation.year} (article 7)",
        notes=notes,
        blocks=[block],
    )


def evaluation_pages(evaluation: Evaluation) -> list[Page]:
    return [
        summary_page(evaluation),
        governance_page(evaluation),
        contradictory_page(evaluation),
        *(sheet_page(row, evaluation.finished) for row in evaluation.rows),
    ]
