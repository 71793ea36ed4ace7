"""The contract dashboard (tableau de bord): money per year and per axis, findings."""

from collections import Counter
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ctai.accounts import permissions
from ctai.checks.enums import Severity
from ctai.checks.services import refresh_findings
from ctai.contracts.charts import Chart, grouped_bars, stacked_bars
from ctai.contracts.figures import AxisFigures, YearFigures, axis_figures, year_figures
from ctai.contracts.financing import SOURCES
from ctai.contracts.forms import ProgrammationValidationForm
from ctai.contracts.selectors import Overview, load_overview
from ctai.contracts.views.fragments import cached_fragment
from ctai.contracts.views.scope import contract_crumbs, get_contract, report_delta


def year_chart(years: list[YearFigures]) -> Chart:
    return grouped_bars(
        title="Crédits de l'État par année",
        summary=(
            "Pour chaque année du contrat : enveloppe de l'État, subventions P104 programmées "
            "et reliquats reportés. Les montants sont détaillés dans le tableau qui suit."
        ),
        categories=[str(figure.year) for figure in years],
        series=[
            ("Enveloppe de l'État", [figure.envelope for figure in years]),
            ("Subventions P104 programmées", [figure.p104 for figure in years]),
            ("Reliquats reportés", [figure.carryover for figure in years]),
        ],
    )


def axis_chart(axes: list[AxisFigures]) -> Chart:
    return grouped_bars(
        title="Montant déclaré et fiches de chaque axe",
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


def financing_chart(axes: list[AxisFigures]) -> Chart:
    return stacked_bars(
        title="Sources de financement par axe",
        summary=(
            "Pour chaque axe, la part de chaque source de financement de ses fiches : crédits "
            "P104, collectivité (directs et en nature), autres programmes de l'État, FAMI, "
            "financements privés, autres. Détail dans le tableau qui suit."
        ),
        categories=[f"Axe {figure.group.axis.number}" for figure in axes],
        segments=[(label, [figure.sources[code] for figure in axes]) for code, label in SOURCES],
    )


def body_context(overview: Overview) -> dict:
    years, axes = year_figures(overview), axis_figures(overview)
    return {
        "contract": overview.contract,
        "overview": overview,
        "years": years,
        "axes": axes,
        "sources": SOURCES,
        "envelope_total": sum((e.amount for e in overview.envelopes), Decimal(0)),
        "p104_total": sum((figure.p104 for figure in years), Decimal(0)),
        "year_chart": year_chart(years),
        "axis_chart": axis_chart(axes),
        "financing_chart": financing_chart(axes),
        "findings": [(finding, overview.sheet_of(finding)) for finding in overview.findings],
    }


@require_GET
def dashboard(request, contract: int):
    contract = get_contract(request, contract)
    overview = load_overview(contract)
    envelopes = list(contract.envelopes.all())
    body = cached_fragment(
        "contracts/includes/dashboard_body.html", overview, "", lambda: body_context(overview)
    )
    return render(
        request,
        "contracts/dashboard.html",
        {
            "contract": contract,
            "body": body,
            "can_edit": permissions.can_edit_programmation(request.user, contract),
            "can_see_history": permissions.can_view_history(request.user, contract),
            "envelopes": envelopes,
            "validation_form": ProgrammationValidationForm(
                envelopes=envelopes,
                errors=Counter(f.year for f in overview.findings if f.severity == Severity.ERREUR),
            ),
            "breadcrumbs": [*contract_crumbs(contract)[:1], (contract.territory, None)],
        },
    )


@require_POST
def refresh_checks(request, contract: int):
    contract = get_contract(request, contract, edit=True)
    report_delta(request, refresh_findings(contract=contract))
    messages.info(request, "Les contrôles de cohérence ont été relancés sur tout le contrat.")
    return redirect("contracts:dashboard", contract=contract.pk)
