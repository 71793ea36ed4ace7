"""The register in a real browser (issue 16): an operator imports an XLSX attendance sheet
with bad rows, sees every rejected row and why, corrects and imports it, then sees the
register's values next to its declared ones in its report."""

from decimal import Decimal

import pytest

from ctai.participants.models import Attendance
from ctai.reporting.inputs import AchievementInput
from ctai.reporting.services import save_draft
from tests.browser.conftest import check_accessibility
from tests.participants import sheets
from tests.participants.builders import YEAR, filled_world

pytestmark = pytest.mark.browser
PASSWORD = "Accueil-Grenoble-2027"


@pytest.fixture
def grenoble(transactional_db):
    """Two people in operator A's register; its report declares 3 beneficiaries."""
    w, report = filled_world()
    total = w.sheet_a.indicators.get(definition__code="ben_total")
    save_draft(
        report=report,
        actor=w.users["op_a"],
        version=report.version,
        achievements=[AchievementInput(total.pk, Decimal(3))],
    )
    return w


def test_an_operator_imports_corrects_and_compares(browser, live_server, grenoble, tmp_path):
    w = grenoble
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("op_a")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/contrats/{w.contract.pk}/fiches/{YEAR}/{w.sheet_a.number}/")
    page.get_by_role("link", name="Ouvrir le registre des participants").click()
    check_accessibility(page, "participants-registre")

    bad = tmp_path / "presences.xlsx"
    bad.write_bytes(
        sheets.xlsx(
            [
                ["HADDAD", "Leila Noor", "12/04/1999", f"02/03/{YEAR}", "3", "oui"],
                ["Karimi", "Ahmad", "09/07/2003", f"02/03/{YEAR}", "3", "oui"],
                ["Dupont", "Inconnue", "01/01/1990", f"02/03/{YEAR}", "3", "oui"],
                ["Karimi", "Ahmad", "09/07/2003", f"09/03/{YEAR}", "trois", "oui"],
            ]
        )
    )
    page.get_by_role("link", name="Importer une feuille de présence").click()
    page.get_by_label("Feuille de présence (XLSX, ODS ou CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Déposer").click()
    # The columns are guessed from the headers; the operator checks them.
    assert page.get_by_label("Date de naissance").input_value() == "2"
    page.get_by_role("button", name="Vérifier le fichier").click()
    alert = page.get_by_role("alert")
    assert "Rien n'a été enregistré" in alert.inner_text()
    assert "absente du registre" in alert.inner_text()
    assert "durée illisible" in alert.inner_text()
    check_accessibility(page, "participants-import-refuse")
    assert not Attendance.objects.exists()

    good = tmp_path / "presences-corrigees.xlsx"
    good.write_bytes(
        sheets.xlsx(
            [
                ["HADDAD", "Leila Noor", "12/04/1999", f"02/03/{YEAR}", "3", "oui"],
                ["Karimi", "Ahmad", "09/07/2003", f"02/03/{YEAR}", "3", "oui"],
                ["Karimi", "Ahmad", "09/07/2003", f"09/03/{YEAR}", "3", "non"],
            ]
        )
    )
    page.get_by_role("link", name="Déposer le fichier corrigé").click()
    page.get_by_label("Feuille de présence (XLSX, ODS ou CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Déposer").click()
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Importer les 3 lignes").click()
    assert "3 lignes importées" in page.locator("main").inner_text()
    assert Attendance.objects.count() == 3

    page.goto(
        f"{live_server.url}/contrats/{w.contract.pk}/fiches/{YEAR}/{w.sheet_a.number}/bilans/final/"
    )
    section = page.locator("#registre")
    assert "déclaré 3, registre 2" in section.inner_text()
    assert section.locator("[data-register]").first.inner_text() == "2"
    check_accessibility(page, "participants-bilan")
    context.close()
