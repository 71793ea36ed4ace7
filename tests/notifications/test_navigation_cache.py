"""The task count of the navigation, shown on every page, is computed once per state of what
it reads (the person's memberships, their contracts' version stamps, today): a page on a warm
cache costs a few queries, and a write to the contract shows at once."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ctai.checks.models import StoredFinding
from ctai.notifications import todo
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
