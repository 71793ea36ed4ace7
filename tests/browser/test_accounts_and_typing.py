"""Accounts and no lost typing in a real browser: password reset end to end, the account menu
reaching two-factor, autosave, and a session that expires while a narrative is typed."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from ctai.accounts.middleware import LAST_SEEN
from ctai.accounts.sessions import SessionStore
from ctai.contracts.models import ActionSheet
from ctai.reporting.models import OperatorReport, ReportingPeriod
from tests.browser.conftest import PASSWORD, USERNAME, check_accessibility
from tests.factories import grant

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Nouveau-Passe-Metz-2027"
NARRATIVE = "Quarante-cinq personnes accueillies ; ateliers hebdomadaires à Borny. " * 11


def test_password_reset_end_to_end_and_the_menu_reaches_two_factor(page, live_server, coordinator):
    coordinator.email = "coordination@metz.example"
    coordinator.save()
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse électronique").fill("coordination@metz.example")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.get_by_role("heading", name="Vérifiez votre messagerie").wait_for()
    check_accessibility(page, "mot-de-passe-envoye")
    link = re.search(r"https?://\S+/mot-de-passe-oublie/\S+/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.get_by_role("heading", name="Mot de passe enregistré").wait_for()
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Nom d’utilisateur").fill(USERNAME)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")  # « Mes tâches »
    page.get_by_role("button", name=USERNAME).click()
    page.get_by_role("link", name="Double authentification").click()
    page.get_by_role("heading", name="Activer la double authentification").wait_for()
    check_accessibility(page, "double-authentification")


@pytest.fixture
def operator_report(page, live_server, metz, coordinator):
    sheet = ActionSheet.objects.filter(contract=metz, year=2026).exclude(operator=None).first()
    user = get_user_model().objects.create_user("porteur", password=PASSWORD)
    grant(user, metz, "operator", sheet.operator)
    ReportingPeriod.objects.create(contract=metz, year=2026, kind="final", due_date="2027-03-31")
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("porteur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")  # « Mes tâches »
    url = f"{live_server.url}/contrats/{metz.pk}/fiches/2026/{sheet.number}/bilans/final/"
    page.goto(url)
    page.get_by_role("button", name="Commencer le bilan").click()
    page.get_by_role("button", name="Enregistrer le brouillon").wait_for()
    return url, sheet


def expire_session(page) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_SEEN] = int(time.time()) - 3 * 3600
    session.save()


def test_autosave_then_an_expired_session_gives_the_narrative_back(
    page, live_server, operator_report
):
    url, sheet = operator_report
    page.get_by_label("Difficultés rencontrées").fill("Peu de places en FLE.")
    page.get_by_text(re.compile(r"Brouillon enregistré à \d{1,2} h \d{2}")).wait_for()
    report = OperatorReport.objects.get(sheet=sheet)
    assert report.difficulties == "Peu de places en FLE."
    check_accessibility(page, "bilan-autosave")

    expire_session(page)
    page.get_by_label("Actions réalisées").fill(NARRATIVE.strip())
    page.get_by_text("Votre session a expiré.").wait_for(timeout=15_000)
    page.get_by_role("link", name="Se reconnecter").click()
    page.get_by_label("Nom d’utilisateur").fill("porteur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(url)
    assert page.get_by_label("Actions réalisées").input_value() == NARRATIVE.strip()
    page.get_by_text("ce que vous aviez saisi est rétabli").wait_for()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré.").wait_for()
    report.refresh_from_db()
    assert report.done == NARRATIVE.strip()
