"""The multi-year view: the contract's programme years side by side."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ctai.contracts.charts import grouped_bars
from ctai.contracts.views.scope import contract_crumbs, get_contract
from ctai.reporting.multiyear import multiyear


@require_GET
def multiyear_view(request, contract: int):
    contract = get_contract(request, contract)
    figures = multiyear(contract=contract)
    columns = figures.columns
    chart = grouped_bars(
        title="Crédits de l'État par année de programmation",
        summary=(
            "Pour chaque année : enveloppe de l'État, subventions P104 programmées, reliquats "
            "reçus de l'année précédente et P104 dépensé d'après les bilans finaux validés. "
            "Les montants sont détaillés dans le tableau qui suit."
        ),
        categories=[str(column.year) for column in columns],
        series=[
            ("Enveloppe de l'État", [column.money.envelope for column in columns]),
            ("Subventions P104 programmées", [column.money.p104 for column in columns]),
            ("Reliquats reçus", [column.money.carryover for column in columns]),
            ("P104 dépensé (bilans finaux validés)", [column.p104_spent for column in columns]),
        ],
    )
    return render(
        request,
        "reporting/multiyear.html",
        {
            "contract": contract,
            "figures": figures,
            "chart": chart,
            "breadcrumbs": [*contract_crumbs(contract), ("Vue pluriannuelle", None)],
        },
    )
