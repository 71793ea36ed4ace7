"""What the evaluation shows, page by page, for the three renderers (XLSX, ODS, PDF).

One layout, three outputs: the workbook, the OpenDocument file and the COPIL's PDF show the
same tables in the same order, so their figures cannot disagree. A column has a kind that
each renderer turns into its own format (French euro and percentage formats in the
spreadsheets, "1 234,56 €" and "80,0 %" in the PDF).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ctai.core.money import NNBSP, count, euros, french_number
from ctai.indicators.catalogue import SECTION_LABELS
from ctai.reporting.enums import AchievementStatus
from ctai.reporting.evaluation.data import Evaluation, SheetEvaluation, Totals

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
STATUS_COLUMNS = [
    Column("Indicateurs atteints", COUNT, 12),
    Column("En bonne voie", COUNT, 10),
    Column("En retard", COUNT, 10),
    Column("Non renseignés", COUNT, 12),
]


STATUS_KEYS = [
    AchievementStatus.REACHED,
    AchievementStatus.ON_TRACK,
    AchievementStatus.BEHIND,
    AchievementStatus.MISSING,
]


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


def summary_page(evaluation: Evaluation) -> Page:
    contract, year, totals = evaluation.contract, evaluation.year, evaluation.totals
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
            *STATUS_COLUMNS,
        ],
        totals=1,
    )
    for row in evaluation.rows:
        counts = row.status_counts
        sheets.add(
            [
                f"Axe {row.axis.number}" if row.axis else "",
                row.sheet.number,
                row.sheet.title,
                row.operator,
                row.report_label,
                *_money(row),
                *(counts[s] for s in STATUS_KEYS),
            ]
        )
    all_counts = [sum(r.status_counts[s] for r in evaluation.rows) for s in STATUS_KEYS]
    sheets.add(["Total", totals.sheets, "", "", "", *_money(totals), *all_counts])

    axes = Block("Par axe", [Column("Axe", TEXT, 45), Column("Fiches", COUNT, 8), *MONEY], totals=1)
    for group in evaluation.axes:
        axes.add([group.title, group.totals.sheets, *_money(group.totals)])
    axes.add(["Total du contrat", totals.sheets, *_money(totals)])
    return Page(
        name="Synthèse",
        title=f"Évaluation {year} — {contract.title} — {contract.territory}",
        notes=[
            f"Établie le {evaluation.generated_at:%d/%m/%Y} à partir des bilans validés "
            f"({evaluation.validated_count} fiche(s) sur {len(evaluation.rows)}).",
            f"Taux d'atteinte : valeur réalisée / objectif ; « atteint » dès 100 %, « en bonne "
            f"voie » dès {threshold} %, « en retard » en deçà.",
        ],
        blocks=[key, sheets, axes],
    )


def sheet_page(row: SheetEvaluation) -> Page:
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
    statuses = row.statuses or [None] * len(row.indicators)
    for indicator, status in zip(row.indicators, statuses, strict=True):
        indicators.add(
            [
                SECTION_LABELS.get(indicator.section, indicator.section),
                indicator.label,
                indicator.target_text,
                indicator.target,
                indicator.value,
                indicator.rate,
                status.label if status else "",
                indicator.comment,
            ]
        )
    spending = Block(
        "Dépenses réalisées",
        [Column("Ligne du budget", TEXT, 28), Column("Prévu", EUROS), Column("Réalisé", EUROS)],
    )
    for line in row.spending:
        spending.add([line.label, line.planned, line.spent])
    narrative = Block("Bilan qualitatif", [Column("Rubrique", TEXT, 28), Column("Texte", TEXT, 50)])
    for label, text in row.narrative:
        narrative.add([label, text])
    axis = f"Axe {row.axis.number} : {row.axis.title}" if row.axis else "sans axe"
    return Page(
        name=f"Fiche {row.sheet.number}",
        title=f"Fiche action n° {row.sheet.number} : {row.sheet.title}",
        notes=[
            f"{axis} — Porteur : {row.operator or 'non renseigné'}",
            f"Bilan : {row.report_label}",
        ],
        blocks=[indicators, spending, narrative],
    )


def evaluation_pages(evaluation: Evaluation) -> list[Page]:
    return [summary_page(evaluation), *(sheet_page(row) for row in evaluation.rows)]
