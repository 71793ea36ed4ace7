"""The yearly cycle in a real browser: an operator fills and submits its report, the
coordinator returns it with a reason, the operator corrects and resubmits, the coordinator
validates, and the State evaluation downloaded from the dashboard holds the report's figures."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from ctai.contracts.models import ActionSheet
from ctai.reporting.enums import ReportStatus
from ctai.reporting.inputs import ValueKind, kind_of
from ctai.reporting.models import SPENDING_LINES, OperatorReport, ReportTransition
from tests.browser.conftest import PASSWORD, check_accessibility
from tests.factories import grant

pytestmark = pytest.mark.browser

NUMBER = 9
P104_LABEL = dict(SPENDING_LINES)["p104_subsidy"]


def log_in(browser, live_server, username: str):
    context = browser.new_context(
        locale="fr-FR",
        accept_downloads=True,
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")  # « Mes tâches », the landing page
    page.goto(f"{live_server.url}/contrats/")
    return page


@pytest.fixture
def sheet(metz):
    return ActionSheet.objects.select_related("operator", "budget").get(
        contract=metz, year=2026, number=NUMBER
    )


@pytest.fixture
def operator_page(browser, live_server, metz, sheet):
    user = get_user_model().objects.create_user("porteur", password=PASSWORD)
    grant(user, metz, "operator", sheet.operator)
    page = log_in(browser, live_server, "porteur")
    yield page
    page.context.close()


def test_a_report_goes_from_the_operator_to_the_states_workbook(
    logged_in, operator_page, live_server, metz, sheet
):
    coordinator, operator = logged_in, operator_page
    # The first indicator typed as a number (a qualitative one is described in words).
    headline = next(
        indicator
        for indicator in sheet.indicators.select_related("definition").order_by("position")
        if kind_of(indicator) != ValueKind.TEXT
    )
    granted = sheet.budget.p104_subsidy
    spent = (granted * Decimal("0.8")).quantize(Decimal("1"))

    # The coordinator sets the due date of the 2026 final report.
    coordinator.goto(f"{live_server.url}/contrats/{metz.pk}/bilans/")
    coordinator.get_by_label("Année de programmation").select_option("2026")
    coordinator.get_by_role("combobox", name=re.compile(r"^Bilan")).select_option(
        label="Bilan final"
    )
    coordinator.get_by_label("Date limite de remise").fill("2027-03-31")
    coordinator.get_by_role("button", name="Enregistrer").click()
    coordinator.get_by_text(
        "Bilan final 2026 : date limite de remise fixée au 31/03/2027"
    ).wait_for()

    # The operator starts its report, types a negative value: a French error, nothing saved.
    report_url = f"{live_server.url}/contrats/{metz.pk}/fiches/2026/{NUMBER}/bilans/final/"
    operator.goto(report_url)
    operator.get_by_role("button", name="Commencer le bilan").click()
    operator.get_by_role("button", name="Enregistrer le brouillon").wait_for()
    value = operator.get_by_label(headline.display_label, exact=True)
    value.fill("-4")
    operator.get_by_role("button", name="Enregistrer le brouillon").click()
    errors = operator.get_by_role("alert")
    assert "la valeur ne peut pas être négative (-4)" in errors.text_content()
    assert operator.evaluate("document.activeElement.id") == "erreurs"
    check_accessibility(operator, "bilan-erreur")

    operator.get_by_label(headline.display_label, exact=True).fill("12")
    operator.get_by_label(P104_LABEL, exact=True).fill(f"{spent:,}".replace(",", " ") + ",00")
    operator.get_by_label("Actions réalisées").fill(
        "Douze personnes accompagnées vers un logement."
    )
    operator.get_by_role("button", name="Enregistrer le brouillon").click()
    operator.get_by_text("Brouillon enregistré.").wait_for()
    check_accessibility(operator, "bilan-porteur")
    # A double click on "Soumettre": one submission.
    operator.get_by_role("button", name="Soumettre").dblclick()
    operator.get_by_text("Bilan soumis : la coordination va l'examiner.").wait_for()
    report = OperatorReport.objects.get(sheet=sheet, period__kind="final")
    assert ReportTransition.objects.filter(report=report, transition="submit").count() == 1

    # The coordinator returns it with a reason.
    coordinator.goto(report_url)
    coordinator.get_by_role("button", name="Renvoyer pour correction").click()
    assert "obligatoire" in coordinator.get_by_role("alert").text_content()
    coordinator.get_by_label("Motif du renvoi").fill("Précisez le nombre de ménages relogés.")
    coordinator.get_by_role("button", name="Renvoyer pour correction").click()
    coordinator.get_by_text("Bilan renvoyé au porteur pour correction.").wait_for()

    # The operator reads the reason, corrects and resubmits.
    operator.goto(report_url)
    assert operator.get_by_text("Précisez le nombre de ménages relogés.").first.is_visible()
    operator.get_by_label("Difficultés rencontrées").fill(
        "Huit ménages relogés, quatre en attente."
    )
    operator.get_by_role("button", name="Soumettre").click()
    operator.get_by_text("Bilan soumis : la coordination va l'examiner.").wait_for()

    # The coordinator validates; the report is read-only.
    coordinator.goto(report_url)
    check_accessibility(coordinator, "bilan-coordination")
    coordinator.get_by_role("button", name="Valider").click()
    coordinator.get_by_text("Bilan validé : il est désormais en lecture seule.").wait_for()
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    assert [t.transition for t in report.transitions.all()] == [
        "submit",
        "return",
        "submit",
        "validate",
    ]

    # The dashboard shows it, and gives the State's workbook in one click.
    coordinator.goto(f"{live_server.url}/contrats/{metz.pk}/?annee=2026")
    section = coordinator.locator("#bilans")
    assert section.get_by_role("link", name="Bilan final").first.is_visible()
    check_accessibility(coordinator, "tableau-de-bord-bilans")
    coordinator.get_by_label("Année évaluée").select_option("2026")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("button", name="Télécharger l'évaluation (XLSX)").click()
    assert re.fullmatch(r"evaluation-.+-2026\.xlsx", download.value.suggested_filename)
    with open(download.value.path(), "rb") as file:
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    rows = list(workbook["Synthèse"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Fiches actions")
    header = rows[start + 1]
    ours = next(
        dict(zip(header, row, strict=False)) for row in rows[start + 2 :] if row and NUMBER in row
    )
    assert Decimal(str(ours["P104 dépensé"])) == spent
    assert Decimal(str(ours["Reliquat reportable"])) == granted - spent
    page = workbook[f"Fiche {NUMBER}"]
    row = next(
        r for r in page.iter_rows(values_only=True) if len(r) > 4 and r[1] == headline.display_label
    )
    assert row[4] == 12  # "Valeur réalisée": what the operator typed
