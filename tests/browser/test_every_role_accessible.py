"""axe-core on every main page of every role: zero violations of any impact.

Each role logs in and opens the pages its menu leads to; the violations of all the pages are
gathered and reported together, so one run names every page to fix.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model

from ctai.contracts.models import ActionSheet, Organisation
from ctai.reporting.enums import PeriodKind
from ctai.reporting.models import ReportingPeriod
from tests.browser.conftest import AXE, PASSWORD, USERNAME
from tests.factories import grant

pytestmark = pytest.mark.browser


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:3],
        }
        for violation in results["violations"]
    ]


def pages_of(role: str, contract: int) -> list[str]:
    base = f"/contrats/{contract}/"
    sheet = f"{base}fiches/2026/9/"
    report = f"{sheet}bilans/final/"
    everyone = ["/contrats/", sheet, report]
    readers = [base, f"{base}programmation/", f"{base}pluriannuel/", f"{base}?annee=2027"]
    return {
        "coordinator": [
            *everyone,
            *readers,
            f"{sheet}modifier/budget/",
            f"{sheet}historique/",
            f"{base}bilans/",
            f"{base}programmation/suivante/",
            f"{base}historique/",
            f"{base}membres/",
            f"{base}membres/inviter/",
        ],
        "operator": [
            *everyone,
            f"{sheet}participants/",
            f"{sheet}participants/seances/",
            f"{sheet}participants/importer/",
        ],
        "state_reviewer": [*everyone, *readers, f"{base}historique/"],
        "copil": [*everyone, *readers],
    }[role]


@pytest.fixture
def members(transactional_db, metz, coordinator):
    ReportingPeriod.objects.create(
        contract=metz, year=2026, kind=PeriodKind.FINAL, due_date=datetime.date(2027, 3, 31)
    )
    sheet = ActionSheet.objects.get(contract=metz, year=2026, number=9)
    users = {"coordinator": USERNAME}
    state = Organisation.objects.create(name="DDETS de la Moselle")
    for role, name, organisation in (
        ("operator", "porteur", sheet.operator),
        ("state_reviewer", "etat", state),
        ("copil", "copil", state),
    ):
        user = get_user_model().objects.create_user(name, password=PASSWORD)
        grant(user, metz, role, organisation)
        users[role] = name
    return users


def test_every_main_page_of_every_role_has_no_axe_violation(browser, live_server, metz, members):
    found = {}
    for role, username in members.items():
        context = browser.new_context(locale="fr-FR", bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/connexion/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server.url}/")  # « Mes tâches », the landing page
        for path in ["/", "/notifications/", "/compte/", *pages_of(role, metz.pk)]:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (role, path, response.status)
            if problems := violations(page):
                found[f"{role} {path}"] = problems
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
