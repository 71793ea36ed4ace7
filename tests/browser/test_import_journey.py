"""Importing a contract in a real browser (issue 11, part 4): a platform admin uploads a Word
file, corrects two points in the preview, confirms and lands on the new contract's dashboard;
a changed version uploaded from the dashboard shows its changes."""

import re

import pytest
from django.contrib.auth import get_user_model

from ctai.contracts.models import Contract
from ctai.documents.models import PendingImport
from tests.browser.conftest import check_accessibility
from tests.web import uploads

pytestmark = pytest.mark.browser
ADMIN, PASSWORD = "plateforme", "ctai-demo-admin"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def admin_page(page, live_server, transactional_db):
    get_user_model().objects.create_superuser(ADMIN, password=PASSWORD)
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(ADMIN)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")  # « Mes tâches », the landing page
    page.goto(f"{live_server.url}/contrats/")
    return page


def choose_file(page, name: str, data: bytes) -> None:
    page.get_by_label("Document du contrat").set_input_files(
        {"name": name, "mimeType": DOCX, "buffer": data}
    )


def test_upload_correct_confirm_then_a_new_version_shows_its_changes(admin_page, live_server):
    page = admin_page
    page.get_by_role("link", name="Nouveau contrat").click()
    page.get_by_role("heading", name="Nouveau contrat").wait_for()
    check_accessibility(page, "import-nouveau-contrat")

    first = uploads.contract_file("docx", coordinator=False, doubtful_p104=True)
    choose_file(page, "contrat-montclair.docx", first)
    page.get_by_role("button", name="Lire le document").click()
    page.get_by_role("heading", name="Aperçu avant import : Ville de Montclair").wait_for()
    assert Contract.objects.count() == 0
    for sheet in uploads.MONTCLAIR.sheets:
        assert page.get_by_role("cell", name=sheet.title).first.is_visible()
    assert page.get_by_text(re.compile(r"^tableau \d+, ligne \d+")).first.is_visible()
    check_accessibility(page, "import-apercu")

    page.get_by_label("Organisation coordinatrice").fill("CCAS de Montclair")
    doubtful = next(s for s in uploads.MONTCLAIR.sheets if s.number == uploads.DOUBTFUL_SHEET)
    year = uploads.MONTCLAIR.first_year
    amount = page.get_by_label(
        re.compile(rf"^Fiche n° {doubtful.number} \({year}\), montant de la subvention")
    )
    read = f"{doubtful.p104:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert amount.input_value() == read
    amount.fill("36 000,00")
    page.get_by_role("button", name="Appliquer les corrections").click()
    page.get_by_text("2 correction(s) appliquée(s)").wait_for()
    assert page.get_by_text("Corrigé : « 36 000,00 »").is_visible()
    check_accessibility(page, "import-apercu-corrige")

    # A sheet's title rewritten in the preview, its text read kept among the points.
    page.get_by_text("Corriger l'intitulé ou la description d'une fiche").click()
    title = page.get_by_label(f"Intitulé, fiche n° 1 ({year})")
    assert title.input_value() == uploads.MONTCLAIR.sheets[0].title
    title.fill("Coordination et animation du contrat")
    page.get_by_role("button", name="Appliquer les textes corrigés").click()
    page.get_by_text("1 texte(s) de fiche corrigé(s)").wait_for()
    assert page.get_by_role("cell", name="Coordination et animation du contrat").is_visible()
    check_accessibility(page, "import-apercu-textes")

    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_role("heading", name="Ville de Montclair : tableau de bord").wait_for()
    assert page.get_by_text("Contrat créé : Ville de Montclair").is_visible()
    contract = Contract.objects.get()
    assert contract.actions.get(number=uploads.DOUBTFUL_SHEET).budget.p104_subsidy == 36000
    assert contract.actions.get(number=1).title == "Coordination et animation du contrat"
    check_accessibility(page, "import-tableau-de-bord")

    page.get_by_role("link", name="Importer une nouvelle version").click()
    choose_file(page, "contrat-montclair-v2.docx", uploads.WRITERS["docx"](uploads.changed_text()))
    page.get_by_role("button", name="Lire le document").click()
    changes = page.get_by_role("heading", name=re.compile(r"^Changements par rapport"))
    changes.wait_for()
    assert page.locator(".ctai-changes").get_by_text("renforcés").first.is_visible()
    assert "(0)" not in changes.text_content()
    check_accessibility(page, "import-nouvelle-version")
    assert Contract.objects.get().version == contract.version  # nothing written yet
    assert PendingImport.objects.count() == 1
