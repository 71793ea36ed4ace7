"""The dashboard, programmation and sheet pages are served from HTML cached per version of the
contract's data (docs/adr/0012-page-cache.md), with the contract and the sheet read once per
version: a write shows at once, and people with different rights never get each other's
page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ctai.audit.stamps import bump, stamp
from ctai.contracts.models import ActionSheet, Contract
from ctai.indicators.models import IndicatorDefinition
from tests.factories import ContractFactory
from tests.reporting.builders import build_world, sheet_with_indicators
from tests.reporting.views_support import as_user

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def world(db):
    cache.clear()
    yield build_world()
    cache.clear()


def dashboard(world) -> str:
    return reverse("contracts:dashboard", args=[world.contract.pk])


def programmation(world) -> str:
    return reverse("contracts:programmation", args=[world.contract.pk])


def sheet_page(sheet) -> str:
    return reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number])


def get(user, url: str):
    return as_user(user).get(url)


def test_the_dashboard_shows_each_role_its_own_buttons_from_a_warm_cache(world):
    people = world.people
    coordination = get(people.coord, dashboard(world)).content.decode()
    assert "Relancer les contrôles" in coordination
    assert "Membres</a>" in coordination
    # The same contract version, read next by people with other rights.
    state = get(people.state, dashboard(world)).content.decode()
    assert "Relancer les contrôles" not in state
    assert "Membres</a>" not in state
    assert "Historique</a>" in state
    copil = get(people.copil, dashboard(world)).content.decode()
    assert "Relancer les contrôles" not in copil
    assert "Historique</a>" not in copil
    # Operators see only their own sheets: no whole-contract page.
    assert get(people.op_a, dashboard(world)).status_code == 404
    assert get(people.stranger, dashboard(world)).status_code == 404
    assert "Relancer les contrôles" in get(people.coord, dashboard(world)).content.decode()


def test_the_cached_dashboard_posts_with_each_persons_own_token(world):
    refresh = reverse("contracts:refresh_checks", args=[world.contract.pk])
    tokens = []
    for user in (world.people.coord, world.people.coord2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        html = browser.get(dashboard(world)).content.decode()
        form = html[html.index(f'action="{refresh}') :]
        token = TOKEN.search(form).group(1)
        assert "placeholder" not in token
        tokens.append(token)
        assert browser.post(
            f"{refresh}?annee=2026", {"csrfmiddlewaretoken": token}
        ).status_code == (302)
    assert tokens[0] != tokens[1]


def test_a_revoked_membership_closes_the_cached_pages_at_once(world):
    state = world.people.state
    assert get(state, dashboard(world)).status_code == 200
    assert get(state, sheet_page(world.sheet_a)).status_code == 200
    state.memberships.update(revoked_at=timezone.now())
    assert get(state, dashboard(world)).status_code == 404
    assert get(state, programmation(world)).status_code == 404
    assert get(state, sheet_page(world.sheet_a)).status_code == 404


def test_a_change_of_the_contract_or_the_sheet_shows_at_once(world):
    pages = [dashboard(world), programmation(world), sheet_page(world.sheet_a)]
    for url in pages:
        assert get(world.people.coord, url).status_code == 200
    # An unaudited write says so to the stamp (ADR 0012): the pages read the new values.
    Contract.objects.filter(pk=world.contract.pk).update(territory="Ville de Nulle-Part")
    ActionSheet.objects.filter(pk=world.sheet_a.pk).update(title="Cours du soir renouvelés")
    bump(world.contract.pk)
    for url in pages:
        assert "Ville de Nulle-Part" in get(world.people.coord, url).content.decode()
    assert "Cours du soir renouvelés" in get(world.people.op_a, pages[2]).content.decode()


def test_a_catalogue_label_or_an_organisation_renamed_in_the_administration_shows_at_once(
    world,
):
    """Neither is contract data, both are shown on its pages: saving them (as the
    administration does) bumps the stamp of every contract that shows them, and no other."""
    definition = IndicatorDefinition.objects.get(code="fr_hours")
    other = ContractFactory(territory="Ville d'Ailleurs")
    before = stamp(other.pk)
    url = sheet_page(world.sheet_a)
    assert escape(definition.label) in get(world.people.coord, url).content.decode()
    definition.label = "Heures de cours de français dispensées (libellé révisé)"
    definition.save()
    assert "(libellé révisé)" in get(world.people.coord, url).content.decode()
    world.operator_a.name = "Accueil Lorraine et Moselle"
    world.operator_a.save()
    for page in (url, programmation(world)):
        html = get(world.people.coord, page).content.decode()
        assert "Accueil Lorraine et Moselle" in html
    assert stamp(other.pk) == before


def test_the_dashboard_stays_cached_while_someone_browses_the_sheets_of_a_large_year(world):
    """Django's default cache holds 300 entries, fewer than the blocks of one large year's
    sheet pages (about four a page): browsing them pushed the dashboard out, and rebuilding
    it costs a hundred times serving it."""
    contract, operator, axis = world.contract, world.operator_a, world.axis
    sheets = [sheet_with_indicators(contract, n, operator, axis, 2027) for n in range(1, 81)]
    url, coord = dashboard(world), world.people.coord
    assert get(coord, url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert get(coord, url).status_code == 200
    for sheet in sheets:
        assert get(coord, sheet_page(sheet)).status_code == 200
    with CaptureQueriesContext(connection) as after:
        assert get(coord, url).status_code == 200
    assert len(after) == len(warm), "served from the cache, not rebuilt"


def test_the_sheet_page_shows_each_person_what_their_rights_allow(world):
    people, sheet = world.people, world.sheet_a
    url = sheet_page(sheet)
    coordination = get(people.coord, url).content.decode()  # warms the cache first
    operator = get(people.op_a, url).content.decode()
    state = get(people.state, url).content.decode()
    assert "Vos bilans à remettre" in operator
    assert "Ouvrir le registre des participants" in operator
    assert "Décisions du comité de pilotage" not in operator
    for page in (coordination, state):
        assert "Vos bilans à remettre" not in page
        assert "Ouvrir le registre des participants" not in page
        assert "Décisions du comité de pilotage" in page
    # The other operator does not see this sheet, even from a warm cache.
    assert get(people.op_b, url).status_code == 404
    assert "Vos bilans à remettre" in get(people.op_b, sheet_page(world.sheet_b)).content.decode()
    # The coordination's tokens are never the placeholder, nor another person's.
    tokens = set(TOKEN.findall(coordination))
    assert tokens and not tokens & set(TOKEN.findall(state))
    assert not any("placeholder" in token for token in tokens | set(TOKEN.findall(operator)))


def test_the_sheet_instance_is_never_served_to_the_wrong_contract_or_year(world):
    sheet = world.sheet_a
    assert get(world.people.coord, sheet_page(sheet)).status_code == 200
    for args in ((sheet.contract_id, 2027, sheet.number), (sheet.contract_id, 2026, 99)):
        url = reverse("contracts:sheet", args=args)
        assert get(world.people.coord, url).status_code == 404


def test_the_sheet_conversation_shows_new_messages_and_names_at_once(world):
    people, url = world.people, sheet_page(world.sheet_a)
    post = reverse("contracts:sheet_comment", args=[world.contract.pk, 2026, 1])
    assert "Aucun message." in get(people.op_a, url).content.decode()
    assert as_user(people.coord).post(post, {"body": "Premier message"}).status_code == 302
    assert "Premier message" in get(people.op_a, url).content.decode()
    # A name changed on the person's account: no contract write, the thread shows it.
    people.coord.first_name, people.coord.last_name = "Camille", "Renard"
    people.coord.save(update_fields=["first_name", "last_name"])
    html = get(people.op_a, url).content.decode()
    assert "Camille Renard" in html
    # An empty message comes back with its error to the person who sent it only.
    refused = as_user(people.op_a).post(post, {"body": ""})
    assert refused.status_code == 200
    assert "is-invalid" in refused.content.decode()
    assert "is-invalid" not in get(people.state, url).content.decode()


def test_the_contract_list_shows_each_person_their_own_rows_and_changes_at_once(world):
    contracts = reverse("contracts:list")
    coordination = get(world.people.coord, contracts).content.decode()
    own = get(world.people.op_a, contracts).content.decode()
    # The coordination opens the dashboard; an operator sees their own sheet only.
    assert f'href="{dashboard(world)}"' in coordination
    assert f'href="{dashboard(world)}"' not in own
    assert sheet_page(world.sheet_a) in own
    assert sheet_page(world.sheet_b) not in own
    assert "Ville de Metz" not in get(world.people.stranger, contracts).content.decode()
    ActionSheet.objects.filter(pk=world.sheet_a.pk).update(title="Cours du soir renouvelés")
    Contract.objects.filter(pk=world.contract.pk).update(territory="Ville de Nulle-Part")
    bump(world.contract.pk)
    assert "Cours du soir renouvelés" in get(world.people.op_a, contracts).content.decode()
    assert "Ville de Nulle-Part" in get(world.people.coord, contracts).content.decode()
    world.people.op_a.memberships.update(revoked_at=timezone.now())
    assert "Ville de Nulle-Part" not in get(world.people.op_a, contracts).content.decode()
