"""The 2026 programmation of the Metz CTAI (seed document), as hand-built ctai/1 data.

Figures and lines are those of ``ctai-metz-2026-2028.txt``; only the fields the checks use are
filled. It keeps the document's real mistakes: sheet 8 lists 6 400 € of funding still being
sought; sheet 9 declares 5 000 € in kind inside a 4 155 € local contribution (and its total
counts them on top), is written "Axe 2" while article 1 lists it under axis 3, and gives no
number of beneficiaries; sheet 10 states a 280 € unit cost for 14 000 € and 30 beneficiaries
(280 € is 14 000 / 50) and 12 + 5 BPI men and women for 12 BPI.
"""

from .builders import make_action, make_budget, make_contract, make_indicator

AXES = [
    (1, "Pilotage du CTAI", "73000.00", [1, 2]),
    (
        2,
        "Maîtrise du français et de l'inclusion numérique, clés de l'insertion professionnelle",
        "108975.00",
        [3, 4, 5, 6, 7],
    ),
    (3, "Logement et intégration", "35775.00", [8, 9]),
    (4, "Citoyenneté et interculturalité", "22125.00", [10, 11, 12]),
]


def sheet(number: int, axis: int, title: str, budget: dict, beneficiaries=None, **fields):
    indicators = fields.pop("indicators", None)
    if indicators is None:
        indicators = [make_indicator("ben_total", beneficiaries)] if beneficiaries else []
    return make_action(
        number,
        axis=axis,
        title=title,
        budget=budget,
        indicators=indicators,
        themes=fields.pop("themes", []),
        **fields,
    )


def metz_contract() -> dict:
    actions = [
        sheet(
            1,
            1,
            "Poste de coordinateur CTAI",
            make_budget(p104_subsidy=35000, local_contribution=35000, total_cost=70000),
            themes=["coordination"],
            indicators=[
                make_indicator(
                    None, 50, label="Nombre de structures mobilisées", section="autres", line=441
                ),
                make_indicator(
                    "coord_recruited",
                    None,
                    section="coordination",
                    target_text="Ressource humaine 1 ETP annuel",
                    line=710,
                ),
            ],
            sources={"budget.p104_subsidy": 422, "budget.total_cost": 434},
        ),
        sheet(
            2,
            1,
            "Accueil et engagement pour les nouveaux réfugiés",
            make_budget(p104_subsidy=1500, local_contribution=1500, total_cost=3000),
            40,
        ),
        sheet(
            3,
            2,
            "Apprentissage de la langue française par les ateliers d'insertion sociale",
            make_budget(p104_subsidy=4000, local_contribution=1000, p147=15000, total_cost=20000),
            30,
        ),
        sheet(
            4,
            2,
            "1 mois en français professionnel",
            make_budget(p104_subsidy=27340, local_contribution=6835, total_cost=34175),
            30,
        ),
        sheet(
            5,
            2,
            "Améliorer la maîtrise de la langue française",
            make_budget(p104_subsidy=36640, local_contribution=9160, total_cost=45800),
            24,
        ),
        sheet(
            6,
            2,
            "Renforcer les compétences numériques",
            make_budget(p104_subsidy=17500, local_contribution=4500, total_cost=22000),
            70,
        ),
        sheet(
            7,
            2,
            "Course d'orientation des jeunes primo-arrivants",
            make_budget(
                p104_subsidy=1600, local_contribution=400, total_cost=2000, unit_cost="41.66"
            ),
            indicators=[
                make_indicator("ben_total", None, target_text="24 x 2", line=2972),
                make_indicator("ben_under25", 24, line=2975),
            ],
            sources={"budget.unit_cost": 2938, "budget.total_cost": 2937},
        ),
        sheet(
            8,
            3,
            "« Un toit en attendant »",
            make_budget(
                p104_subsidy=12000,
                local_contribution=3000,
                other_funders=3600,
                private=3600,
                total_cost=30000,
                unit_cost=2500,
                other_lines=[(None, 5000, 3367), ("Recherche de financement en cours", 6400, 3368)],
            ),
            indicators=[
                make_indicator("ben_total", 12),
                make_indicator("ben_men", 10),
                make_indicator("ben_women", 2),
                make_indicator("ben_under25", 12),
                make_indicator("ben_bpi", 10),
            ],
        ),
        sheet(
            9,
            2,
            "Accès au logement des réfugiés isolés ou en famille",
            make_budget(
                p104_subsidy=16620,
                p104_carryover=0,
                local_contribution=4155,
                local_in_kind=5000,
                total_cost=25775,
            ),
            None,  # "Au regard des montants": no number of beneficiaries
            axis_label="Logement et intégration",
            sources={
                "axis": 3658,
                "budget.p104_subsidy": 3797,
                "budget.local_contribution": 3799,
                "budget.local_in_kind": 3801,
                "budget.total_cost": 3809,
            },
        ),
        sheet(
            10,
            4,
            "Ateliers citoyenneté et français langues étrangères",
            make_budget(
                p104_subsidy=4800,
                local_contribution=1200,
                local_direct=400,
                local_in_kind=600,
                other_funders=8000,
                private=8000,
                total_cost=14000,
                unit_cost=280,
            ),
            indicators=[
                make_indicator(code, value, line=line)
                for code, value, line in [
                    ("ben_total", 30, 4663),
                    ("ben_women", 30, 4666),
                    ("ben_under25", 10, 4668),
                    ("ben_bpi", 12, 4670),
                    ("ben_bpi_men", 12, 4672),
                    ("ben_bpi_women", 5, 4673),
                    ("ben_bpt", 8, 4675),
                    ("ben_non_epa", 10, 4676),
                ]
            ],
            sources={"budget.unit_cost": 4630, "budget.total_cost": 4629},
        ),
        sheet(
            11,
            4,
            "« Liens, un temps pour elles »",
            make_budget(p104_subsidy=4900, local_contribution=1225, total_cost=6125),
            12,
        ),
        sheet(
            12,
            4,
            "Accès à la culture, au sport et appel à projet d'un évènement dédié",
            make_budget(p104_subsidy=8000, local_contribution=2000, total_cost=10000),
            150,
            operator="CCAS de Metz",
            selection_mode="aap",
        ),
    ]
    axes = [{"number": n, "title": t, "declared_amount": a, "actions": s} for n, t, a, s in AXES]
    return make_contract(
        actions,
        title="Contrat territorial d'accueil et d'intégration de la Ville de Metz 2026-2028",
        territory="Ville de Metz",
        axes=axes,
        state_envelopes=[
            {"year": 2026, "amount": "170000.00"},
            {"year": 2027, "amount": "150000.00"},
            {"year": 2028, "amount": "150000.00"},
        ],
        payment_account={
            "holder": "CENTRE D'ACTION SOCIALE DE LA VILLE DE METZ",
            "iban": "FR27 3000 1005 29C5 7000 0000 016",
            "bic": "BDFEFRPPCCT",
        },
        sources={"state_envelopes.2026": 187, "axes.3.actions": 136},
    )
