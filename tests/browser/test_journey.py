"""The coordinator's journey in a real browser, in French, with axe-core on every main page."""

import io
import re

import openpyxl
import pytest

from ctai.budget.models import Budget
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.browser


def test_login_page_is_accessible(page, live_server, coordinator):
    page.goto(f"{live_server.url}/contrats/")
    assert page.url.startswith(f"{live_server.url}/connexion/")
    check_accessibility(page, "connexion")
    page.get_by_label("Nom d’utilisateur").fill("coordinatrice")
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").is_visible()
    check_accessibility(page, "connexion-erreur")


def test_coordinator_fixes_sheet_9_and_sees_the_finding_go(logged_in, live_server, metz):
    page = logged_in
    check_accessibility(page, "contrats")
    page.get_by_role("link", name="Ville de Metz").click()
    page.get_by_role("heading", name="Ville de Metz : tableau de bord").wait_for()
    assert page.get_by_role("img", name="Montant déclaré et fiches 2026 de chaque axe").is_visible()
    check_accessibility(page, "tableau-de-bord")

    # The dashboard's findings link to their sheet.
    page.locator("#constats").get_by_role("link", name=re.compile(r"^Fiche n° 9 ")).first.click()
    page.get_by_role(
        "heading", name="Accès au logement des réfugiés isolés ou en famille"
    ).wait_for()
    findings = page.locator("#constats")
    assert findings.get_by_text("Les ressources ne couvrent pas le coût total").is_visible()
    # Where the total cost came from, visible without hovering.
    assert page.locator('[data-source-line="3809"]').first.is_visible()
    check_accessibility(page, "fiche-9")

    page.get_by_role("link", name="Modifier le budget").click()
    total = page.get_by_label("Coût total de l'action")
    assert total.input_value() == "25\u202f775,00"
    check_accessibility(page, "fiche-9-budget")
    total.fill("20 775,00")
    page.get_by_role("button", name="Enregistrer").click()

    page.wait_for_url(re.compile(r"/fiches/2026/9/#budget$"))
    assert page.get_by_text("Constat disparu : Les ressources ne couvrent pas").is_visible()
    assert page.locator("#constats").get_by_text("Les ressources ne couvrent pas").count() == 0
    assert Budget.objects.get(action__contract=metz, action__number=9).total_cost == 20775


def test_programmation_filters_and_xlsx_download(logged_in, live_server, metz):
    page = logged_in
    page.goto(f"{live_server.url}/contrats/{metz.pk}/programmation/")
    assert page.get_by_text("12 fiches affichées sur 12").is_visible()
    check_accessibility(page, "programmation")

    # Choosing an axis is enough: htmx replaces the results and updates the address.
    page.get_by_label("Axe", exact=True).select_option(label="Axe 3 : Logement et intégration")
    page.get_by_text("2 fiches affichées sur 12").wait_for()
    page.wait_for_url(re.compile(r"axis=3"))
    assert page.get_by_role("link", name="« Un toit en attendant »").is_visible()
    assert page.locator("#programmation-annonce").text_content() == "2 fiches affichées"
    check_accessibility(page, "programmation-axe-3")

    with page.expect_download() as download:
        page.get_by_role("link", name="tableur (XLSX)").click()
    with open(download.value.path(), "rb") as file:
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    rows = list(workbook["Programmation"].iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == [8, 9]
    assert rows[2][10] == 25775


def test_the_keyboard_alone_reaches_everything(logged_in, live_server, metz):
    page = logged_in
    page.goto(f"{live_server.url}/contrats/{metz.pk}/fiches/2026/9/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # Tabbing on reaches the edit links, with a visible focus outline.
    for _ in range(40):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.textContent.trim()")
        if name.startswith("Modifier l'intitulé"):
            break
    else:
        pytest.fail("Le lien « Modifier l'intitulé et l'axe » n'est pas atteint au clavier.")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Identification de l'action").wait_for()
    check_accessibility(page, "fiche-9-identification")


def test_the_source_lines_can_be_hidden_and_shown(logged_in, live_server, metz):
    page = logged_in
    page.goto(f"{live_server.url}/contrats/{metz.pk}/fiches/2026/9/")
    toggle = page.get_by_role("button", name="Afficher les lignes dans la fiche")
    mark = page.locator('[data-source-line="3809"]').first
    assert toggle.get_attribute("aria-pressed") == "true" and mark.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false" and not mark.is_visible()
    # The side panel still lists every line.
    assert page.get_by_role("cell", name="3809").is_visible()
    toggle.click()
    assert mark.is_visible()
