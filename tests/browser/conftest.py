"""Browser tests: Playwright for Python driving Debian's Chromium against ``live_server``.

Playwright's own browser download does not work here; ``make test`` installs Debian's
``chromium`` package. Every page checked with axe-core (vendored: ``vendor/axe.min.js``) and
photographed under ``test-artifacts/screenshots/`` (ignored by git).
"""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

import ctai.documents
from ctai.checks.services import refresh_findings
from ctai.contracts.models import Contract
from tests.factories import grant

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SEED = Path(ctai.documents.__file__).parent / "seeds" / "ctai-metz-2026-2028.txt"
USERNAME, PASSWORD = "coordinatrice", "ctai-demo-coord"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail("Chromium absent : installez-le avec « apt-get install chromium » (make test).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the tests
    # themselves (fixtures, assertions) are plain synchronous code all the same.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp: axe is injected as an inline script, which the application's CSP refuses.
    context = browser.new_context(
        locale="fr-FR",
        accept_downloads=True,
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def metz(transactional_db) -> Contract:
    """The real Metz document, imported as ``make run`` does, with its findings."""
    call_command("import", str(SEED), stdout=io.StringIO())
    contract = Contract.objects.get(territory="Ville de Metz")
    refresh_findings(contract=contract)
    return contract


@pytest.fixture
def coordinator(transactional_db, metz):
    """The demo coordinator account, coordinating the Metz contract."""
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    grant(user, metz)
    return user


@pytest.fixture
def logged_in(page, live_server, coordinator, metz):
    """A page logged in as the demo coordinator, on the contract list."""
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(USERNAME)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")  # « Mes tâches », the landing page
    page.goto(f"{live_server.url}/contrats/")
    return page


def check_accessibility(page, name: str) -> None:
    """axe-core on the page: no violation of any impact (minor and moderate included).
    Saves a screenshot too."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]
    assert not blocking, f"{name} : " + json.dumps(blocking, ensure_ascii=False, indent=1)
