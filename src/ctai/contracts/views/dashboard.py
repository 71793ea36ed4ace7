"""The contract dashboard (tableau de bord) of one programme year: State money, money per axis,
findings, reports. The view assembles the whole page (template tags run no query)."""

from collections import Counter
from collections.abc import Callable

from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from ctai.accounts import permissions
from ctai.budget.figures import SOURCES
from ctai.checks.enums import SEVERITY_RANK, Severity
from ctai.checks.services import refresh_findings
from ctai.contracts.charts import Chart, grouped_bars, stacked_bars
from ctai.contracts.forms import ProgrammationValidationForm
from ctai.contracts.views.fragments import CSRF_PLACEHOLDER, cached_block, cached_fragment
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


# A contract with more sheets is shown as a summary: counts, what needs attention, links.
SUMMARY_FROM = 30
FINDINGS_SHOWN = 30
SUMMARY_ROWS = 50


def body_context(overview: Overview) -> dict:
    money, axes = year_figures(overview), axis_figures(overview)
    findings = overview.findings
    summary = len(findings) > FINDINGS_SHOWN
    if summary:  # the most serious first
        findings = sorted(findings, key=lambda f: SEVERITY_RANK[f.severity])[:FINDINGS_SHOWN]
    return {
        "contract": overview.contract,
        "overview": overview,
        "year": overview.year,
        "money": money,
        "axes": axes,
        "sources": SOURCES,
        "axis_chart": axis_chart(axes, overview.year),
        "financing_chart": financing_chart(axes, overview.year),
        "findings": [(finding, overview.sheet_of(finding)) for finding in findings],
        "findings_hidden": len(overview.findings) - len(findings),
    }


def programme_block(request, contract, year: int) -> dict:
    """The programme year: key figures, axes, financing, findings; the validation form."""

    def compute() -> dict:
        overview = load_overview(contract, year)
        return {
            "body": render_to_string(
                "contracts/includes/dashboard_body.html", body_context(overview)
            ),
            "envelopes": overview.envelopes,
            "errors": Counter(f.year for f in overview.findings if f.severity == Severity.ERREUR),
        }

    block = cached_block("dashboard", contract, (year,), compute)
    envelope = next((e for e in block["envelopes"] if e.year == year), None)
    return {
        "envelope": envelope,
        "body": mark_safe(block["body"]),
        "validation_form": ProgrammationValidationForm(
            envelopes=block["envelopes"], errors=block["errors"], initial={"annee": year}
        ),
    }


def rows_shown(panel) -> dict:
    """Every row of a small contract; of a large one, what needs attention (at most
    ``SUMMARY_ROWS`` rows a table) and the totals."""
    if len(panel.sheets) <= SUMMARY_FROM:
        return {
            "summary": False,
            "progress_rows": panel.sheets,
            "due_rows": panel.due,
            "spending_rows": panel.sheets,
        }
    return {
        "summary": True,
        "progress_rows": panel.attention[:SUMMARY_ROWS],
        "due_rows": panel.late[:SUMMARY_ROWS],
        "spending_rows": [],
    }


def reporting_block(request, contract, year: int) -> dict:
    """Progress, reports due, spending and carry-over, as the person may see them."""
    can_edit = permissions.can_edit_programmation(request.user, contract)
    today = timezone.localdate()  # what is late changes at midnight

    def compute() -> str:
        panel = reporting_panel(contract=contract, year=year, user=request.user)
        return render_to_string(
            "reporting/includes/dashboard_reporting.html",
            {
                "contract": contract,
                "panel": panel,
                "years": list(contract.years),
                "can_edit": can_edit,
                **rows_shown(panel),
            },
        )

    parts = (year, permissions.scope(request.user, contract), can_edit, today)
    return {"reporting": mark_safe(cached_block("reporting", contract, parts, compute))}


# The blocks of the page, in order: each adds its part of the template's context (other
# packages append theirs).
def governance_block(request, contract, year: int) -> dict:
    """The steering committees: the next meeting, the last one, open decisions (meetings,
    participants and decisions are audited: their writes move the stamp; today decides what is
    upcoming and what is late)."""
    today = timezone.localdate()
    block = cached_block(
        "governance", contract, (today,), lambda: dashboard_governance(contract, today)
    )
    return {"governance": block}


BLOCKS: list[Callable[..., dict]] = [programme_block, reporting_block, governance_block]


@require_GET
def dashboard(request, contract: int):
    contract = get_contract(request, contract)
    year = get_year(request, contract)

    def content() -> dict:
        context = {
            "contract": contract,
            "year": year,
            "years": list(contract.years),
            "can_edit": permissions.can_edit_programmation(request.user, contract),
            "can_see_history": permissions.can_view_history(request.user, contract),
            "formats": FORMATS,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        for block in BLOCKS:
            context.update(block(request, contract, year))
        return context

    # The whole content, once per stamp, year, scope (roles and organisations: what the
    # blocks show and which buttons) and day (what is late, the next committee); this
    # person's CSRF token put in on the way out.
    parts = (year, permissions.scope(request.user, contract), timezone.localdate())
    html = cached_fragment("contracts/includes/dashboard_content.html", contract, parts, content)
    token = get_token(request)  # one token a page: the base template's too
    context = {
        "contract": contract,
        "csrf_token": token,
        "content": mark_safe(html.replace(CSRF_PLACEHOLDER, token)),
        "breadcrumbs": [*contract_crumbs(contract)[:1], (contract.territory, None)],
    }
    return render(request, "contracts/dashboard.html", context)


@require_POST
def refresh_checks(request, contract: int):
    contract = get_contract(request, contract, edit=True)
    report_delta(request, refresh_findings(contract=contract))
    messages.info(request, "Les contrôles de cohérence ont été relancés sur tout le contrat.")
    return redirect(year_url("contracts:dashboard", contract, get_year(request, contract)))
