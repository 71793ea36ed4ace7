"""The dashboard and programmation blocks are cached by the contract's version stamp: never
stale, never shared."""

import pickle
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from ctai.budget.models import Budget
from ctai.contracts.views.fragments import CSRF_PLACEHOLDER
from tests.web.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_change_of_the_data_shows_at_once(client_in, metz):
    dashboard = reverse("contracts:dashboard", args=[metz.pk])
    programmation = reverse("contracts:programmation", args=[metz.pk])
    assert "Il manque 5\u202f000,00\u202f€" in text(client_in.get(dashboard))
    assert "25\u202f775,00\u202f€" in text(client_in.get(programmation))
    # A change made through the ORM (here a bulk update) bumps the contract's stamp.
    Budget.objects.filter(action__contract=metz, action__number=9).update(total_cost=20775)
    assert "20\u202f775,00\u202f€" in text(client_in.get(programmation))
    metz.findings.filter(code="budget.resources_total").delete()
    assert "Il manque 5\u202f000,00\u202f€" not in text(client_in.get(dashboard))


def test_identical_contracts_do_not_share_their_fragments(client_in, synthetic):
    first, second = synthetic(3, "Première"), synthetic(3, "Seconde")
    for contract in (first, second):
        content = text(client_in.get(reverse("contracts:programmation", args=[contract.pk])))
        assert f"/contrats/{contract.pk}/fiches/2026/1/" in content
        other = second if contract is first else first
        assert f"/contrats/{other.pk}/fiches/" not in content


def test_fragments_hold_nothing_personal(client_in, metz, coordinator):
    client_in.get(reverse("contracts:dashboard", args=[metz.pk]))
    client_in.get(reverse("contracts:programmation", args=[metz.pk]))
    # The test cache is Django's LocMemCache: pickled values in ``_cache``.
    # The navigation's tasks and header are the person's own, under their id
    # (ctai:tasks:<user>:…, ctai:nav:<user>:…).
    blocks = [
        pickle.loads(value)
        for key, value in cache._cache.items()
        if ":ctai:tasks:" not in key and ":ctai:nav:" not in key
    ]
    # The contract, its current year, the dashboard's body (with the envelopes and error
    # counts), reporting and steering committees blocks and its whole content, the
    # programmation's page, and the contract list (shared by the same memberships: no name).
    assert len(blocks) == 8
    for block in blocks:
        html = repr(block)
        # Forms carry the placeholder, replaced by each person's token when served.
        assert set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) <= {
            CSRF_PLACEHOLDER
        }
        assert coordinator.username not in html
