"""An amendment in a real browser, on Metz: the coordinator drafts it (sheet 4's 2027 P104
raised, sheet 9's lowered), the State comments, the coordinator records it as signed with its
PDF, and the 2027 figures, the sheet page and the amendment's effect show it."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from ctai.contracts.models import ActionSheet, Organisation
from ctai.core.money import euros
from ctai.programmation.nextyear import create_next_programmation
from ctai.programmation.validation import programmation_validate
from tests.browser.conftest import PASSWORD, check_accessibility
from tests.factories import grant

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def plain(value: str) -> str:
    return value.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def year_2027(metz, coordinator):
    create_next_programmation(contract=metz, from_year=2026, keep_targets=True, actor=coordinator)
    programmation_validate(
        actor=coordinator, contract=metz, year=2027, confirm=True, reason="COPIL de décembre"
    )
    return {
        number: ActionSheet.objects.select_related("budget").get(
            contract=metz, year=2027, number=number
        )
        for number in (4, 9)
    }


# A shared machine can be slow: a minute per step rather than the suite's ten seconds.
TIMEOUT = 60_000


def log_in(browser, live_server, username: str):
    context = browser.new_context(
        locale="fr-FR", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.set_default_navigation_timeout(TIMEOUT)
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")  # « Mes tâches », the landing page
    return page


@pytest.fixture
def coordinator_page(browser, live_server, coordinator):
    page = log_in(browser, live_server, coordinator.username)
    yield page
    page.context.close()


@pytest.fixture
def state_page(browser, live_server, metz):
    user = get_user_model().objects.create_user("ddets", password=PASSWORD)
    grant(user, metz, "state_reviewer", Organisation.objects.create(name="DDETS", kind="etat"))
    page = log_in(browser, live_server, "ddets")
    yield page
    page.context.close()


def p104_figure(page) -> str:
    figure = page.locator("p", has_text="Subventions P104 programmées en 2027").locator(
        "xpath=following-sibling::p[1]"
    )
    return plain(figure.inner_text())


def test_draft_state_comment_signature_and_figures(
    coordinator_page, state_page, live_server, metz, year_2027, tmp_path
):
    page = coordinator_page
    old4, old9 = (year_2027[n].budget.p104_subsidy for n in (4, 9))
    new4, new9 = old4 + Decimal("6000"), old9 - Decimal("2000")
    page.goto(f"{live_server.url}/contrats/{metz.pk}/?annee=2027")
    before = p104_figure(page)

    page.get_by_role("link", name="Avenants et versions").click()
    check_accessibility(page, "avenants-liste")
    page.get_by_role("link", name="Préparer un avenant").click()
    page.get_by_label("Objet de l'avenant").fill("Renfort de l'apprentissage du français")
    page.get_by_label("Origine").fill("Décision du COPIL du 12 juin 2027")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name=re.compile("Avenant n° 1 : Renfort")).wait_for()

    for number, amount in ((4, new4), (9, new9)):
        page.get_by_role("link", name="Budget d'une fiche").click()
        page.get_by_label("Fiche action").select_option(
            label=f"Fiche n° {number} (2027) : {year_2027[number].title}"
        )
        page.get_by_role("button", name="Choisir").click()
        field = page.get_by_label(re.compile(r"^Subvention P104 \(action 12\) — actuellement"))
        if number == 4:
            check_accessibility(page, "avenant-lignes-budget")
        field.fill(plain(euros(amount))[:-2])
        page.get_by_role("button", name="Enregistrer dans l'avenant").click()
        page.get_by_text("Lignes de l'avenant enregistrées").wait_for()
    assert "Fiche n° 9 (2027), subvention P104 (action 12)" in page.content()
    check_accessibility(page, "avenant-brouillon")
    page.goto(f"{live_server.url}/contrats/{metz.pk}/?annee=2027")
    assert p104_figure(page) == before  # nothing changes before the signature

    state = state_page
    state.goto(f"{live_server.url}/contrats/{metz.pk}/avenants/")
    state.get_by_role("link", name=re.compile("Avenant n° 1 : Renfort")).click()
    assert state.get_by_role("link", name="Enregistrer la signature").count() == 0
    state.get_by_label("Votre commentaire").fill("La DDETS valide le transfert de crédits.")
    state.get_by_role("button", name="Commenter").click()
    state.get_by_text("Commentaire ajouté.").wait_for()
    check_accessibility(state, "avenant-commentaire-etat")

    page.goto(f"{live_server.url}/contrats/{metz.pk}/avenants/")
    page.get_by_role("link", name=re.compile("Avenant n° 1 : Renfort")).click()
    page.get_by_text("La DDETS valide le transfert de crédits.").wait_for()
    page.get_by_role("link", name="Enregistrer la signature").click()
    check_accessibility(page, "avenant-signature")
    page.get_by_label("Date de signature").fill("2027-07-03")
    page.get_by_label("Signataires").fill("Le Préfet de la Moselle ; le Maire de Metz")
    signed = tmp_path / "avenant-1-signe.pdf"
    signed.write_bytes(PDF)
    page.get_by_label("Avenant signé (PDF)").set_input_files(str(signed))
    page.get_by_role("button", name="Enregistrer la signature et appliquer l'avenant").click()
    page.get_by_text("Avenant n° 1 signé et appliqué").wait_for()

    page.get_by_role("link", name="Ce que l'avenant a changé").click()
    effect = plain(page.content())
    assert f'{plain(euros(old4))}</td><td class="fw-semibold">{plain(euros(new4))}' in effect
    assert f'{plain(euros(old9))}</td><td class="fw-semibold">{plain(euros(new9))}' in effect
    check_accessibility(page, "avenant-difference")

    page.goto(f"{live_server.url}/contrats/{metz.pk}/?annee=2027")
    raised = Decimal(before[:-2].replace(" ", "").replace(",", ".")) + 4000
    assert p104_figure(page) == plain(euros(raised))
    page.goto(f"{live_server.url}/contrats/{metz.pk}/fiches/2027/4/")
    content = plain(page.content())
    assert plain(euros(new4)) in content
    assert "Avenant n° 1 : Renfort de l'apprentissage du français" in plain(page.inner_text("main"))
