"""The "Historique" tabs: who changed what, when, from what to what, and why — read by the
contract's coordinator and State reviewers only."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ctai.audit.context import acting_as
from ctai.audit.models import AuditAction, AuditEvent
from ctai.contracts.models import Theme
from tests.accounts.views_support import URLS, build_world
from tests.factories import BudgetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def world():
    return build_world()


def contract_url(world) -> str:
    return reverse("audit:contract", args=[world.contract.pk])


def sheet_url(world, sheet) -> str:
    return reverse("audit:sheet", args=[world.contract.pk, sheet.year, sheet.number])


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)


def text(html: str) -> str:
    """What a screen reader says: the arrow is hidden from it, "devient" is said instead."""
    html = re.sub(r'<span aria-hidden="true">.*?</span>', "", html)
    plain = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("\u202f", " ")
    return re.sub(r"\s+", " ", plain)


def test_a_change_shows_who_when_before_after_and_why_with_french_labels(client, world):
    budget = BudgetFactory(action=world.sheet_a)
    with acting_as(world.coordinator, reason="Erreur de saisie dans la fiche signée"):
        budget.total_cost = Decimal("12500.00")
        budget.save()
    client.force_login(world.coordinator)
    html = client.get(contract_url(world)).content.decode()
    assert "INVALID" not in html
    latest = text(rows(html)[0])
    assert "claire@ccas-metz.fr" in latest
    assert "Modification" in latest
    assert "Budget prévisionnel" in latest
    assert "Coût total de l'action : 10 000,00 devient 12 500,00" in latest
    assert "Erreur de saisie dans la fiche signée" in latest
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", latest)


def test_related_objects_choices_and_lists_are_shown_by_name(client, world):
    sheet = world.sheet_a
    with acting_as(world.coordinator):
        sheet.operator = world.operator_b
        sheet.selection_mode = "aap"
        sheet.save()
        sheet.themes.add(Theme.objects.get(code="francais"))
    client.force_login(world.coordinator)
    page = text(client.get(sheet_url(world, sheet)).content.decode())
    assert "Porteur : Association Alpha devient Association Bêta" in page
    assert "Modalité de sélection : — devient Appel à projets" in page
    assert "Thématiques : — devient" in page


def test_the_sheet_tab_shows_that_sheet_only(client, world):
    with acting_as(world.coordinator):
        BudgetFactory(action=world.sheet_a)
        BudgetFactory(action=world.sheet_b, total_cost=Decimal("777.00"))
    client.force_login(world.coordinator)
    sheet_page = client.get(sheet_url(world, world.sheet_a)).content.decode()
    assert "777,00" not in sheet_page
    contract_page = client.get(contract_url(world)).content.decode()
    assert "777,00" in contract_page


def test_coordinator_and_state_reviewers_read_it_nobody_else(client, world):
    with acting_as(world.coordinator):
        BudgetFactory(action=world.sheet_a)
    urls = [contract_url(world), sheet_url(world, world.sheet_a)]
    for user in (world.coordinator, world.state):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
    for user in (world.operator, world.copil, world.stranger, world.other_coordinator):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, (user, url)
            assert "claire@ccas-metz.fr" not in response.content.decode()
    client.logout()
    assert client.get(urls[0])["Location"].startswith(reverse("login"))


def test_another_contract_s_sheet_is_not_reachable_through_my_contract(client, world):
    client.force_login(world.coordinator)
    wrong = reverse("audit:sheet", args=[world.other_contract.pk, 2026, world.sheet_a.number])
    assert client.get(wrong).status_code == 404
    client.force_login(world.other_coordinator)
    assert client.get(sheet_url(world, world.sheet_a)).status_code == 404


def test_fifty_events_a_page_newest_first(client, world, django_assert_max_num_queries):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_username="système",
            action=AuditAction.UPDATE,
            model="contracts.ActionSheet",
            object_id=str(world.sheet_a.pk),
            object_repr=f"Fiche {n}",
            contract_id=world.contract.pk,
            action_sheet_id=world.sheet_a.pk,
            changes={"title": [f"Titre {n}", f"Titre {n + 1}"]},
        )
        for n in range(60)
    )
    total = AuditEvent.objects.for_contract(world.contract.pk).count()  # creations included
    client.force_login(world.coordinator)
    # + the navigation's counts (issue 12), on a cold cache: its tasks and their stamps
    with django_assert_max_num_queries(12 + 6):
        first = client.get(contract_url(world)).content.decode()
    assert len(rows(first)) == 50
    assert "Page 1 sur 2" in first and "?page=2" in first
    second = client.get(f"{contract_url(world)}?page=2").content.decode()
    assert len(rows(second)) == total - 50
    assert "Fiche 0" not in first and "Fiche 59" in first, "the newest come first"
    assert client.get(f"{contract_url(world)}?page=99").status_code == 200


def test_an_unknown_model_or_field_is_shown_as_recorded(client, world):
    AuditEvent.objects.create(
        actor_username="système",
        action=AuditAction.DELETE,
        model="ancien.Modele",
        object_id="1",
        object_repr="Objet disparu",
        contract_id=world.contract.pk,
        changes={"champ_retire": ["avant", None]},
    )
    client.force_login(world.coordinator)
    page = text(client.get(contract_url(world)).content.decode())
    assert "ancien.Modele : Objet disparu" in page
    assert "champ_retire : avant" in page, "a deletion shows the last values"


def test_a_creation_shows_the_new_values_only(client, world):
    with acting_as(world.coordinator):
        BudgetFactory(action=world.sheet_b, total_cost=Decimal("4321.00"))
    client.force_login(world.coordinator)
    latest = text(rows(client.get(sheet_url(world, world.sheet_b)).content.decode())[0])
    assert "Création" in latest
    assert "Coût total de l'action : 4 321,00" in latest
    assert "devient" not in latest
