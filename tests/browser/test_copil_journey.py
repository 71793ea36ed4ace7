"""Issue 13 in the browser: the coordinator plans the June 2027 COPIL on Metz, downloads its
pack (PDF read back, DOCX reopened), holds it and records two decisions on sheets 4 and 9,
which then show on the sheets' pages and the dashboard."""

import io
from pathlib import Path

import pypdfium2
import pytest
from docx import Document

from ctai.governance.models import Decision, Meeting
from tests.browser.conftest import check_accessibility

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(page):
    # Packs are rendered while the page waits: more time than the default on a loaded machine.
    page.set_default_timeout(30_000)
    return page


def downloaded(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_bytes()


def record_decision(page, text: str, kind: str, sheets: str, owner: str) -> None:
    page.get_by_role("link", name="Enregistrer une décision").click()
    page.locator("#id_text").fill(text)
    page.get_by_label("Nature").select_option(label=kind)
    page.get_by_label("Fiches concernées").fill(sheets)
    page.get_by_label("Responsable").fill(owner)
    page.get_by_label("Échéance").fill("2027-09-30")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Décision enregistrée.").wait_for()


def test_june_copil_on_metz(logged_in, live_server, metz):
    page = logged_in
    page.goto(f"{live_server.url}/contrats/{metz.pk}/")
    page.get_by_role("link", name="Planifier un comité").first.click()
    page.get_by_label("Date").fill("2027-06-15")
    page.get_by_label("Type de comité").select_option("june")
    page.get_by_label("Lieu").fill("Hôtel de ville de Metz")
    page.get_by_label("Ordre du jour").fill("1. Évaluation 2026\n2. Orientations 2027")
    page.locator("input[name=members]").first.check()
    page.get_by_label("Autres invités").fill("Jeanne Dupont ; OFII")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Comité de pilotage du 15/06/2027").wait_for()
    check_accessibility(page, "copil-comite-prevu")

    pdf = pypdfium2.PdfDocument(downloaded(page, "Dossier du comité (PDF)"))
    text = "\n".join(p.get_textpage().get_text_range() for p in pdf).replace("\u202f", " ")
    assert "Synthèse de l'année 2026" in text
    assert "Enveloppe de l'État (P104)" in text and "170 000,00 €" in text
    assert "Fiche n° 4 (2026)" in text and "Fiche n° 9 (2026)" in text
    docx = Document(io.BytesIO(downloaded(page, "Dossier du comité (DOCX)")))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert "Synthèse de l'année 2026" in headings
    assert any(h.startswith("Fiche n° 9 (2026)") for h in headings)

    page.get_by_role("button", name="Enregistrer comme tenu").click()
    page.get_by_text("Comité enregistré comme tenu.").wait_for()
    record_decision(page, "Augmenter les heures de cours de français", "Augmenter", "4", "CCAS")
    record_decision(page, "Réduire l'action numérique", "Réduire", "9", "Ville de Metz")
    decisions = page.locator("#decisions table")
    assert "Augmenter les heures de cours de français" in decisions.inner_text()
    check_accessibility(page, "copil-comite-tenu-decisions")

    meeting = Meeting.objects.get(contract=metz)
    assert meeting.status == "held"
    assert sorted(d.sheet_numbers() for d in Decision.objects.filter(meeting=meeting)) == [
        "4",
        "9",
    ]

    page.goto(f"{live_server.url}/contrats/{metz.pk}/fiches/2026/9/")
    section = page.locator("#decisions-copil")
    assert "Réduire l'action numérique" in section.inner_text()
    page.goto(f"{live_server.url}/contrats/{metz.pk}/")
    block = page.locator("#copil")
    assert "Décisions à suivre : 2" in block.inner_text()
    assert "15/06/2027" in block.inner_text() or "15 juin 2027" in block.inner_text()
    page.get_by_role("link", name="Calendrier et comptes rendus").click()
    check_accessibility(page, "copil-calendrier")
