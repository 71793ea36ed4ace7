"""ctai/1 documents for the web tests and the load benchmark.

``metz_document()`` mirrors the 2026 programmation of the seed document
(``ctai-metz-2026-2028.txt``) with its real mistakes — sheet 9: P104 16 620 + local 4 155 but a
total cost of 25 775, and written "Axe 2" while article 1 lists it under axis 3. It stands in
for the seed where a test must not depend on the document reader.
``synthetic_document(n)`` is a consistent contract with ``n`` sheets spread over 4 axes.
"""

from decimal import Decimal

from ctai.contracts.catalogues import BUDGET_FIELDS

BUDGET_KEYS = BUDGET_FIELDS
THEMES = ["francais", "numerique", "emploi", "logement", "culture", "coordination"]


def money(value) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def budget(other_lines=(), **amounts) -> dict:
    data = {key: money(amounts.get(key)) for key in BUDGET_KEYS}
    data["other_lines"] = [
        {"label": label, "amount": money(amount), "line": line}
        for label, amount, line in other_lines
    ]
    data.update(unit_cost_text=None, comment=None)
    return data


def action(number: int, axis: int, title: str, money_: dict, **fields) -> dict:
    data = {
        "number": number,
        "year": 2026,
        "axis": axis,
        "axis_label": None,
        "title": title,
        "operator": f"Association n° {number % 7 + 1}",
        "operator_kind": "associatif",
        "operator_kind_detail": None,
        "selection_mode": "direct",
        "selection_detail": None,
        "themes": [THEMES[number % len(THEMES)]],
        "partners": ["ofii"],
        "partners_other": None,
        "calendar": "Année 2026",
        "territory": "Metz",
        "description": f"Description de l'action {number}.",
        "refugies_info_url": None,
        "budget": money_,
        "indicators": [
            {
                "code": "ben_total",
                "label": "Nombre total d'étrangers éligibles bénéficiaires de l'action",
                "section": "beneficiaires",
                "target": "20.00",
                "target_text": "20",
                "line": None,
            }
        ],
        "sources": {},
    }
    data.update(fields)
    return data


def contract(territory: str, axes: list[dict], actions: list[dict], envelope: str) -> dict:
    return {
        "format": "ctai/1",
        "contract": {
            "title": f"Contrat territorial d'accueil et d'intégration — {territory}",
            "territory": territory,
            "start": "2026-01-01",
            "end": "2028-12-31",
            "coordinator": f"CCAS — {territory}",
            "parties": [
                {"name": territory, "role": "Collectivité signataire", "representative": None}
            ],
            "state_envelopes": [
                {"year": 2026, "amount": envelope},
                {"year": 2027, "amount": "150000.00"},
                {"year": 2028, "amount": "150000.00"},
            ],
            "payment_account": {
                "holder": "CENTRE D'ACTION SOCIALE DE LA VILLE DE METZ",
                "iban": "FR2730001005 29C5 7000 0000 016".replace(" ", ""),
                "bic": "BDFEFRPPCCT",
            },
            "governance": None,
            "axes": axes,
            "actions": actions,
            "sources": {},
            "review": [],
        },
    }


METZ_SHEETS = [
    (1, 1, "Poste de coordinateur CTAI", 35000, 35000, 70000),
    (2, 1, "Accueil et engagement pour les nouveaux réfugiés", 1500, 1500, 3000),
    (3, 2, "Apprentissage de la langue française par les ateliers d'insertion", 4000, 1000, 20000),
    (4, 2, "1 mois en français professionnel", 27340, 6835, 34175),
    (5, 2, "Améliorer la maîtrise de la langue française", 36640, 9160, 45800),
    (6, 2, "Renforcer les compétences numériques", 17500, 4500, 22000),
    (7, 2, "Course d'orientation des jeunes primo-arrivants", 1600, 400, 2000),
    (8, 3, "« Un toit en attendant »", 12000, 3000, 30000),
    (9, 2, "Accès au logement des réfugiés isolés ou en famille", 16620, 4155, 25775),
    (10, 4, "Ateliers citoyenneté et français langues étrangères", 4800, 1200, 14000),
    (11, 4, "« Liens, un temps pour elles »", 4900, 1225, 6125),
    (
        12,
        4,
        "Accès à la culture, au sport et appel à projet d'un évènement dédié",
        8000,
        2000,
        10000,
    ),
]
EXTRA = {
    3: {"p147": 15000},
    8: {"other_funders": 3600, "private": 3600},
    9: {"p104_carryover": 0, "local_in_kind": 5000},
    10: {"other_funders": 8000, "private": 8000, "local_direct": 400, "local_in_kind": 600},
}


def metz_document() -> dict:
    actions = []
    for number, axis, title, p104, local, total in METZ_SHEETS:
        lines = []
        if number == 8:
            lines = [
                ("Autofinancement", 5000, 3367),
                ("Recherche de financement en cours", 6400, 3368),
            ]
        amounts = {"p104_subsidy": p104, "local_contribution": local, "total_cost": total}
        amounts.update(EXTRA.get(number, {}))
        extra = {}
        if number == 9:
            extra = {
                "axis_label": "Logement et intégration",
                "sources": {
                    "title": 3655,
                    "axis": 3658,
                    "budget.p104_subsidy": 3797,
                    "budget.local_contribution": 3799,
                    "budget.local_in_kind": 3801,
                    "budget.total_cost": 3809,
                },
            }
        actions.append(action(number, axis, title, budget(lines, **amounts), **extra))
    axes = [
        {
            "number": 1,
            "title": "Pilotage du CTAI",
            "declared_amount": "73000.00",
            "actions": [1, 2],
        },
        {
            "number": 2,
            "title": "Maîtrise du français et de l'inclusion numérique",
            "declared_amount": "108975.00",
            "actions": [3, 4, 5, 6, 7],
        },
        {
            "number": 3,
            "title": "Logement et intégration",
            "declared_amount": "35775.00",
            "actions": [8, 9],
        },
        {
            "number": 4,
            "title": "Citoyenneté et interculturalité",
            "declared_amount": "22125.00",
            "actions": [10, 11, 12],
        },
    ]
    return contract("Ville de Metz", axes, actions, "170000.00")


def synthetic_document(sheets: int, territory: str = "Synthèse") -> dict:
    """``sheets`` consistent sheets (P104 8 000 + local 2 000 = 10 000) on 4 axes."""
    actions, listed = [], {1: [], 2: [], 3: [], 4: []}
    for number in range(1, sheets + 1):
        axis = number % 4 + 1
        listed[axis].append(number)
        amounts = budget(p104_subsidy=8000, local_contribution=2000, total_cost=10000)
        actions.append(action(number, axis, f"Action synthétique n° {number}", amounts))
    axes = [
        {
            "number": axis,
            "title": f"Axe synthétique {axis}",
            "declared_amount": money(10000 * len(numbers)),
            "actions": numbers,
        }
        for axis, numbers in listed.items()
    ]
    return contract(territory, axes, actions, money(8000 * sheets))
