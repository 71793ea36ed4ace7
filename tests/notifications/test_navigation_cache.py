"""The task count of the navigation, shown on every page, is computed once per state of what
it reads (the person's memberships, their contracts' version stamps, today): a page on a warm
cache costs a few queries, and a write to the contract shows at once."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ctai.checks.models import StoredFinding
from ctai.notifications import todo
from ctai.notifications.enums import NotificationKind
from ctai.notifications.models import Notification
from tests.reporting.views_support import as_user

pytestmark = pytest.mark.django_db


def task_badge(client) -> int:
    page = client.get("/compte/").content.decode()
    found = re.search(r"Mes tâches <span[^>]*>(\d+)<", page)
    return int(found.group(1)) if found else 0


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_task_count_is_read_from_the_cache_until_the_contract_changes(world):
    cache.clear()
    client = as_user(world.people.coord)
    before = task_badge(client)
    cold = queries(client, "/compte/")  # the session's first writes are behind us
    cache.clear()
    cold = queries(client, "/compte/")
    warm = queries(client, "/compte/")
    # Warm: the tasks' queries are gone; the memberships and the stamps remain.
    assert warm <= cold - 4

    StoredFinding.objects.create(
        contract=world.contract, code="test", severity="erreur", year=2026, message="Écart"
    )
    assert task_badge(client) == before + 1  # the finding's signal moved the stamp


def test_each_person_has_their_own_tasks_and_the_home_page_agrees(world):
    cache.clear()
    coordination, operator = world.people.coord, world.people.op_a
    mine = todo.count(todo.cached_tasks(coordination))
    theirs = todo.count(todo.cached_tasks(operator))
    assert todo.count(todo.tasks_for(coordination)) == mine
    assert todo.count(todo.tasks_for(operator)) == theirs
    assert task_badge(as_user(operator)) == theirs
    home = as_user(operator).get("/").content.decode()
    assert "Bilans à remplir" in home


def test_someone_without_a_contract_costs_no_task_query(world):
    assert todo.cached_tasks(world.people.stranger) == []


def bell(client) -> int:
    page = client.get("/compte/").content.decode()
    found = re.search(r"Notifications <span[^>]*>(\d+)<", page)
    return int(found.group(1)) if found else 0


def test_the_bell_counts_a_new_notification_and_a_read_one_at_once(world):
    """The header is kept per person and what it shows: a notification arriving (written by
    another process, no stamp moved) or read shows on the next page."""
    cache.clear()
    person = world.people.op_a
    client = as_user(person)
    before = bell(client)
    note = Notification.objects.create(
        recipient=person,
        kind=NotificationKind.REPORT_RETURNED,
        event_key="test-1",
        contract=world.contract,
        title="Bilan renvoyé",
        url="/",
    )
    assert bell(client) == before + 1
    Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    assert bell(client) == before


def test_two_people_never_get_each_others_header_and_each_posts_with_their_own_token(world):
    cache.clear()
    first, second = world.people.coord, world.people.op_a
    first.first_name, first.last_name = "Claire", "Coordinatrice"
    first.save()
    pages = {}
    for person in (first, second):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        page = client.get("/compte/").content.decode()
        menu = re.search(r'id="menu-compte">([^<]*)<', page).group(1)
        token = re.search(
            r'action="/deconnexion/">\s*<input type="hidden" name="csrfmiddlewaretoken" '
            r'value="([^"]+)"',
            page,
        )
        pages[person.pk] = (client, menu, token.group(1))
    assert pages[first.pk][1] == "Claire Coordinatrice"
    assert pages[second.pk][1] == (second.get_full_name() or second.get_username())
    assert "ctai-nav-csrf-placeholder" not in page
    for client, _, token in pages.values():
        response = client.post("/deconnexion/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302  # logged out: the token was this session's
        assert "_auth_user_id" not in client.session


def test_the_stamps_and_the_count_read_together_agree_with_each_read_alone(world):
    from ctai.audit.stamps import read_for_person, remembered_for_person, stamps

    person = world.people.coord
    Notification.objects.create(
        recipient=person, kind=NotificationKind.LATE, event_key="k", title="t", url="/"
    )
    ids = todo.contracts_of(person)
    read = read_for_person(person, ids)
    assert read.versions == stamps(ids)
    assert read.counts["unread"] == Notification.objects.for_user(person).unread().count() == 1
    assert remembered_for_person(person) is read
    assert read_for_person(person, []).versions == {}
    assert read_for_person(person, []).counts == {"unread": 1}


def test_a_contract_page_reads_its_stamp_and_the_navigation_in_one_query(world):
    client = as_user(world.people.coord)
    dashboard = f"/contrats/{world.contract.pk}/"
    client.get(dashboard)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(dashboard).status_code == 200
    stamp_reads = [q["sql"] for q in captured if "audit_contractstamp" in q["sql"]]
    assert len(stamp_reads) == 1, stamp_reads
