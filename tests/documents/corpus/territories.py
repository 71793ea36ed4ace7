"""Six territories' contracts written each in its own way, with the true values known.

Each ``Territory`` is drawn from a seeded random generator: coordinator wording, parties,
article titles, envelopes, axes with their declared amounts and listed sheets, sheets with
varied heading forms, axis references, budget layouts (the template's table, Markdown
"| libellé | montant |" rows, an association's co-funders plan with a % column, the older
two-column "fiche action type"), indicator tables, one-cell-per-line tables, and amounts in
every French spelling. ``text(territory)`` writes the document; ``corpus.writers`` turns it
into Word, OpenDocument and PDF. Nothing here is known to the reader.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

HEADINGS = ("Fiche action n° {n} : {t}", "Action {n} – {t}", "FICHE N°{n} – {t}")
AXIS_LINES = ("Axe {a} : {t}", "Axe stratégique {a} : {t}", "Rattachement : Axe {a} – {t}")
BUDGETS = ("template", "markdown", "cofunders", "two_columns", "horizontal")
ENVELOPE_TITLES = (
    "Montant de la contribution financière de l'État",
    "Engagements financiers de l'État",
    "Contribution de l'État",
)
ENVELOPE_LAYOUTS = ("prose", "down", "across")
AXIS_TITLES = (
    "Pilotage et coordination",
    "Apprentissage du français",
    "Emploi et formation",
    "Logement et accès aux droits",
    "Citoyenneté et vie sociale",
)
SHEET_TITLES = (
    "Ateliers sociolinguistiques",
    "Accompagnement vers l'emploi",
    "Permanence d'accès aux droits",
    "Parrainage citoyen",
    "Coordination du contrat",
    "Inclusion numérique",
    "Accès au logement autonome",
    "Sorties culturelles",
)
COFUNDERS = ("Fondation de France", "Département", "FSE+", "CAF")


@dataclass
class Sheet:
    number: int
    title: str
    axis: int
    p104: Decimal
    local: Decimal
    others: Decimal
    total: Decimal
    budget_layout: str
    heading: str
    axis_line: str
    beneficiaries: int
    women: int
    one_cell_per_line: bool = False
    cofunders: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass
class Territory:
    seed: int
    name: str
    from_line: str
    coordinator: str
    coordinator_sentence: str
    first_year: int
    envelopes: dict[int, Decimal]
    envelope_title: str
    axes: dict[int, str]
    sheets: list[Sheet]
    spelling: int
    planted: set[str] = field(default_factory=set)
    # "prose", or the article's table of envelopes copied one cell per line: "down" (a row
    # per year: Année / BOP 104 / Autres programmes / Total) or "across" (a column per year).
    envelope_layout: str = "prose"
    other_programmes: dict[int, Decimal] = field(default_factory=dict)

    def axis_amount(self, axis: int) -> Decimal:
        return sum((s.p104 + s.local for s in self.sheets if s.axis == axis), Decimal(0))


PLACES = (
    (
        "Métropole de Valbourg",
        "De la Métropole de Valbourg",
        "Direction des solidarités de la Métropole de Valbourg",
        "Le portage du CTAI est assuré par la Direction des solidarités de la Métropole "
        "de Valbourg.",
    ),
    (
        "Ville de Montclair",
        "De la Ville de Montclair",
        "CCAS de Montclair",
        "La coordination du contrat est assurée par le CCAS de Montclair.",
    ),
    (
        "Communauté d'agglomération du Val de Sarre",
        "De la Communauté d'agglomération du Val de Sarre",
        "CIAS du Val de Sarre",
        "Le présent contrat est coordonné par le CIAS du Val de Sarre.",
    ),
    (
        "Département de la Haute-Lise",
        "Du Département de la Haute-Lise",
        "Direction de l'insertion du Département de la Haute-Lise",
        "La coordination du CTAI sera assurée par la Direction de l'insertion du Département "
        "de la Haute-Lise.",
    ),
    (
        "Commune de Saint-Aubin",
        "De la Commune de Saint-Aubin",
        "CCAS de Saint-Aubin",
        "Le CCAS de Saint-Aubin assure la coordination du contrat.",
    ),
    (
        "Communauté de communes des Trois Vallées",
        "De la Communauté de communes des Trois Vallées",
        "CIAS des Trois Vallées",
        "Le portage du contrat est assuré par le CIAS des Trois Vallées.",
    ),
)


def _round(rng: random.Random, low: int, high: int, step: int = 50) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step) * step)


def make_territory(seed: int) -> Territory:
    rng = random.Random(seed)
    name, from_line, coordinator, sentence = PLACES[seed % len(PLACES)]
    axis_count = rng.randint(2, 4)
    axes = {a: AXIS_TITLES[(seed + a) % len(AXIS_TITLES)] for a in range(1, axis_count + 1)}
    sheets = []
    number = 0
    for axis in axes:
        for _ in range(rng.randint(1, 3)):
            number += 1
            p104 = _round(rng, 2000, 40000)
            local = _round(rng, 500, 10000)
            layout = BUDGETS[(seed + number) % len(BUDGETS)]
            cofunders = []
            if layout == "cofunders":
                cofunders = [
                    (funder, _round(rng, 500, 5000)) for funder in rng.sample(COFUNDERS, 2)
                ]
            others = sum((amount for _, amount in cofunders), Decimal(0))
            if (
                layout in ("template", "markdown", "two_columns", "horizontal")
                and rng.random() < 0.5
            ):
                others = _round(rng, 1000, 8000)
            beneficiaries = rng.randint(10, 120)
            sheets.append(
                Sheet(
                    number=number,
                    title=SHEET_TITLES[(seed * 3 + number) % len(SHEET_TITLES)],
                    axis=axis,
                    p104=p104,
                    local=local,
                    others=others,
                    total=p104 + local + others,
                    budget_layout=layout,
                    heading=HEADINGS[(seed + number) % len(HEADINGS)],
                    axis_line=AXIS_LINES[(seed + 2 * number) % len(AXIS_LINES)],
                    beneficiaries=beneficiaries,
                    women=rng.randint(1, beneficiaries),
                    one_cell_per_line=layout == "horizontal"
                    or (layout == "template" and seed % 2 == 0)
                    or (layout == "cofunders" and seed % 2 == 1),
                    cofunders=cofunders,
                )
            )
    first_year = 2026 + seed % 3
    requested = sum((s.p104 for s in sheets), Decimal(0))
    envelopes = {
        first_year: requested + _round(rng, 0, 20000, 1000),
        first_year + 1: _round(rng, 50000, 200000, 1000),
        first_year + 2: _round(rng, 50000, 200000, 1000),
    }
    territory = Territory(
        seed,
        name,
        from_line,
        coordinator,
        sentence,
        first_year,
        envelopes,
        ENVELOPE_TITLES[seed % len(ENVELOPE_TITLES)],
        axes,
        sheets,
        spelling=seed % 5,
        envelope_layout=ENVELOPE_LAYOUTS[seed % len(ENVELOPE_LAYOUTS)],
        other_programmes={year: _round(rng, 1000, 20000, 500) for year in envelopes},
    )
    if seed % 6 == 1:
        # Planted: 7 000 € of subsidies above the year's envelope.
        territory.envelopes[first_year] = requested - 7000
        territory.planted.add("envelope.exceeded")
    if seed % 6 == 3:
        # Planted: the first sheet's resources fall 1 500 € short of its total cost.
        sheets[0].total += 1500
        territory.planted.add("budget.resources_total")
    return territory


def spell(value: Decimal, style: int) -> str:
    """An amount as French documents write it: spaces of every kind, dots, decimals, €/euros."""
    whole = f"{int(value):,}"
    cents = f"{value:.2f}".split(".")[1]
    return [
        whole.replace(",", "\u00a0") + "\u00a0€",
        whole.replace(",", ".") + " euros",
        whole.replace(",", " ") + f",{cents} €",
        whole.replace(",", "\u202f") + " €",
        whole.replace(",", " ") + " €",
    ][style]


def _budget(sheet: Sheet, style: int) -> list[str]:
    money = lambda v: spell(v, style)  # noqa: E731
    if sheet.budget_layout == "template":
        rows = [
            (
                "Montant de la subvention demandée sur les crédits de l'action 12 du programme "
                "104 (P104)",
                sheet.p104,
            ),
            ("Montant de la contribution de la collectivité", sheet.local),
        ]
        if sheet.others:
            rows.append(("Contributions prévisionnelles des autres financeurs", sheet.others))
        rows.append(("Coût total de l'action", sheet.total))
        if sheet.one_cell_per_line:
            return [
                "Budget prévisionnel",
                *[part for label, v in rows for part in (label, money(v))],
            ]
        return ["Budget prévisionnel", *[f"{label}\t{money(v)}" for label, v in rows]]
    if sheet.budget_layout == "markdown":
        rows = [
            ("Subvention État (BOP 104)", sheet.p104),
            ("Contribution de la collectivité", sheet.local),
        ]
        if sheet.others:
            rows.append(("Autres financeurs", sheet.others))
        rows.append(("Coût total de l'action", sheet.total))
        return [
            "Budget prévisionnel",
            "| Poste | Montant |",
            "|---|---|",
            *[f"| {label} | {money(v)} |" for label, v in rows],
        ]
    if sheet.budget_layout == "cofunders":
        rows = [*sheet.cofunders, ("État BOP 104", sheet.p104), ("Collectivité", sheet.local)]
        table = [("Financeur", "Montant", "%")]
        for label, value in rows:
            share = (value * 100 / sheet.total).quantize(Decimal("1"))
            table.append((label, money(value), f"{share} %"))
        table.append(("TOTAL", money(sheet.total), "100 %"))
        if sheet.one_cell_per_line:
            return ["Plan de financement", *[cell for row in table for cell in row]]
        return ["Plan de financement", *["\t".join(row) for row in table]]
    if sheet.budget_layout == "horizontal":
        # A one-row table (labels across, amounts under them) copied one cell per line.
        columns = [
            ("Subvention État (BOP 104)", sheet.p104),
            ("Contribution de la collectivité", sheet.local),
        ]
        if sheet.others:
            columns.append(("Autres financeurs", sheet.others))
        columns.append(("Coût total de l'action", sheet.total))
        return [
            "Budget prévisionnel",
            *[label for label, _ in columns],
            *[money(value) for _, value in columns],
        ]
    lines = [
        f"Budget prévisionnel total\t{money(sheet.total)}",
        f"Financement État (BOP 104 – CTAI)\t{money(sheet.p104)}",
        f"Cofinancement de la collectivité\t{money(sheet.local)}",
    ]
    if sheet.others:
        lines.append(f"Cofinancement de la Fondation Avenir\t{money(sheet.others)}")
    return lines


def _sheet(territory: Territory, sheet: Sheet) -> list[str]:
    heading = sheet.heading.format(n=sheet.number, t=sheet.title)
    axis_title = territory.axes[sheet.axis]
    indicators = [
        f"Nombre total d'étrangers éligibles bénéficiaires de l'action\t{sheet.beneficiaries}",
        f"dont femmes\t{sheet.women}",
    ]
    if sheet.budget_layout == "two_columns":
        return [
            f"{territory.first_year} Contrat territorial d'accueil et d'intégration",
            "",
            heading,
            f"Intitulé\t{sheet.title}",
            f"Axe du contrat\tAxe {sheet.axis} – {axis_title}",
            "Structure porteuse\tAssociation Horizons",
            *_budget(sheet, territory.spelling),
            "Indicateur\tCible",
            *indicators,
            "",
        ]
    if sheet.one_cell_per_line:
        indicators = [part for row in indicators for part in row.split("\t")]
    return [
        f"{territory.first_year} Contrat territorial d'accueil et d'intégration",
        "",
        heading,
        sheet.axis_line.format(a=sheet.axis, t=axis_title),
        "",
        "Description de l'action : Des ateliers hebdomadaires.",
        "",
        "Porteur(s) de l'action : Association Horizons",
        "",
        *_budget(sheet, territory.spelling),
        "",
        "Indicateurs de suivi et d'évaluation",
        "\tObjectif Valeurs-cibles",
        *indicators,
        "",
    ]


def envelope_cells(territory: Territory) -> list[str]:
    """The article's envelopes table copied one cell per line, as its layout writes it."""
    t, money = territory, lambda v: spell(v, territory.spelling)
    years = sorted(t.envelopes)
    if t.envelope_layout == "down":
        cells = ["Année", "BOP 104 (CTAI)", "Autres programmes", "Total"]
        for year in years:
            envelope, other = t.envelopes[year], t.other_programmes[year]
            cells += [str(year), money(envelope), money(other), money(envelope + other)]
        envelopes = sum(t.envelopes.values(), Decimal(0))
        others = sum(t.other_programmes.values(), Decimal(0))
        return [*cells, "Total", money(envelopes), money(others), money(envelopes + others)]
    return [
        "Programme",
        *[str(year) for year in years],
        "Autres programmes (BOP 303, 177)",
        *[money(t.other_programmes[year]) for year in years],
        "Programme 104 – CTAI",
        *[money(t.envelopes[year]) for year in years],
    ]


def envelope_article(territory: Territory) -> list[str]:
    t, style = territory, territory.spelling
    years = sorted(t.envelopes)
    if t.envelope_layout == "prose":
        return [
            f"Pour l'année {years[0]}, l'État contribue pour un montant prévisionnel maximal "
            f"de {spell(t.envelopes[years[0]], style)}.",
            "",
            *[f"- en {year} : {spell(t.envelopes[year], style)} ;" for year in years[1:]],
        ]
    return [
        "Les crédits de l'État mobilisés chaque année sont les suivants :",
        *envelope_cells(t),
    ]


def text(territory: Territory) -> str:
    t = territory
    style = t.spelling
    years = sorted(t.envelopes)
    lines = [
        "Contrat territorial d'accueil et d'intégration (CTAI)",
        t.from_line,
        "",
        "Entre",
        f"La {t.name}, représentée par Madame Claire DUPONT, Présidente, d'une part,",
        "Et",
        "L'État, représenté par le Préfet du département, d'autre part,",
        "Et",
        f"Le {t.coordinator}, représenté par Monsieur Paul MARTIN, Directeur,",
        "Il est convenu ce qui suit",
        "",
        t.coordinator_sentence,
        "",
        "ARTICLE 1 – Objet du contrat",
        "",
    ]
    for axis, title in t.axes.items():
        lines += [
            f"Axe {axis} : {title}",
            "",
            f"Pour un montant global de {spell(t.axis_amount(axis), style)}",
            "",
        ]
        for sheet in t.sheets:
            if sheet.axis == axis:
                lines.append("- " + sheet.heading.format(n=sheet.number, t=sheet.title))
        lines.append("")
    lines += [
        "ARTICLE 2 – Durée du contrat",
        "",
        f"Le contrat est conclu du 1er janvier {years[0]} au 31 décembre {years[-1]}.",
        "",
        f"ARTICLE 3 – {t.envelope_title}",
        "",
        *envelope_article(t),
        "",
        "ARTICLE 4 – Modalités de versement",
        "",
        "Les versements sont effectués sur le compte du coordinateur.",
        "",
        f"Programmation {years[0]}",
        "",
    ]
    for sheet in t.sheets:
        lines += _sheet(t, sheet)
    return "\n".join(lines) + "\n"


TERRITORIES = [make_territory(seed) for seed in range(6)]
