"""The contract dashboard (tableau de bord) of one programme year: State money, money per axis,
findings, reports. The view assembles the whole page (template tags run no query)."""

from collections import Counter

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ctai.accounts import permissions
from ctai.budget.figures import SOURCES
from ctai.checks.enums import Severity
from ctai.checks.services import refresh_findings
from ctai.contracts.charts import Chart, grouped_bars, stacked_bars
from ctai.contracts.forms import ProgrammationValidationForm
from ctai.contracts.views.fragments import cached_fragment
from ctai.contracts.views.scope import (
    contract_crumbs,
    get_contract,
    get_year,
    report_delta,
    year_url,
)
from ctai.governance.dashboard import dashboard_governance
from ctai.programmation.figures import AxisFigures, axis_figures, year_figures
from ctai.programmation.selectors import Overview, load_overview
from ctai.reporting.evaluation import FORMATS
from ctai.reporting.progress import reporting_panel


def axis_chart(axes: list[AxisFigures], year: int) -> Chart:
    return grouped_bars(
        title=f"Montant déclaré et fiches {year} de chaque axe",
        summary=(
            "Pour chaque axe : montant déclaré au contrat et total de ses fiches (subvention "
            "P104 et contribution de la collectivité). Détail dans le tableau qui suit."
        ),
        categories=[f"Axe {figure.group.axis.number}" for figure in axes],
        series=[
            ("Montant déclaré au contrat", [figure.declared for figure in axes]),
            ("Total des fiches (P104 + collectivité)", [figure.programmed for figure in axes]),
        ],
    )


def financing_chart(axes: list[AxisFigures], year: int) -> Chart:
    return stacked_bars(
        title=f"Sources de financement {year} par axe",
        summary=(
            "Pour chaque axe, la part de chaque source de financement de ses fiches : crédits "
            "P104, collectivité (directs et en nature), autres programmes de l'État, FAMI, "
            "financements privés, autres. Détail dans le tableau qui suit."
        ),
        categories=[f"Axe {figure.group.axis.number}" for figure in axes],
        segments=[(label, [figure.sources[code] for figure in axes]) for code, label in SOURCES],
    )


def body_context(overview: Overview) -> dict:
    money, axes = year_figures(overview), axis_figures(overview)
    return {
        "contract": overview.contract,
        "overview": overview,
        "year": overview.year,
        "money": money,
        "axes": axes,
        "sources": SOURCES,
        "axis_chart": axis_chart(axes, overview.year),
        "financing_chart": financing_chart(axes, overview.year),
        "findings": [(finding, overview.sheet_of(finding)) for finding in overview.findings],
    }


@require_GET
def dashboard(request, contract: int):
    contract = get_contract(request, contract)
    year = get_year(request, contract)
    overview = load_overview(contract, year)
    envelopes = overview.envelopes
    body = cached_fragment(
        "contracts/includes/dashboard_body.html", overview, "", lambda: body_context(overview)
    )
    can_edit = permissions.can_edit_programmation(request.user, contract)
    return render(
        request,
        "contracts/dashboard.html",
        {
            "contract": contract,
            "year": year,
            "years": list(contract.years),
            "envelope": overview.envelope,
            "body": body,
            "can_edit": can_edit,
            "can_see_history": permissions.can_view_history(request.user, contract),
            "validation_form": ProgrammationValidationForm(
                envelopes=envelopes,
                errors=Counter(f.year for f in overview.findings if f.severity == Severity.ERREUR),
                initial={"annee": year},
            ),
            "panel": reporting_panel(contract=contract, year=year, user=request.user),
            "governance": dashboard_governance(contract),
            "formats": FORMATS,
            "breadcrumbs": [*contract_crumbs(contract)[:1], (contract.territory, None)],
        },
    )


@require_POST
def refresh_checks(request, contract: int):
    contract = get_contract(request, contract, edit=True)
    report_delta(request, refresh_findings(contract=contract))
    messages.info(request, "Les contrôles de cohérence ont été relancés sur tout le contrat.")
    return redirect(year_url("contracts:dashboard", contract, get_year(request, contract)))
