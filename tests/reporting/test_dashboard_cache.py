"""The dashboard's blocks come from the cache until the contract's data change: a write shows
on the next request, and a person never gets a block computed for someone who sees more."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from ctai.audit.stamps import stamp
from ctai.reporting import services
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.views_support import as_user
from tests.web.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def dashboard(world, user) -> str:
    url = reverse("contracts:dashboard", args=[world.contract.pk]) + "?annee=2026"
    return text(as_user(user).get(url))


def test_a_report_filled_in_shows_at_once_on_the_cached_dashboard(world):
    people = world.people
    assert "3 atteints" not in dashboard(world, people.coord)
    assert dashboard(world, people.coord).count(">Pas de bilan<") == 2  # from the cache
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=people.op_a)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    page = dashboard(world, people.coord)
    assert "3 atteints, 1 en bonne voie, 1 en retard" in page
    assert page.count(">Pas de bilan<") == 1
    # The State sees no drafts: the coordinator's cached block is not theirs.
    assert "3 atteints" not in dashboard(world, people.state)
    assert dashboard(world, people.state).count(">Pas de bilan<") == 2


def test_a_renamed_operator_shows_at_once(world):
    assert "Association Accueil Lorraine" in dashboard(world, world.people.coord)
    world.operator_a.name = "Association Accueil Moselle"
    world.operator_a.save()
    page = dashboard(world, world.people.coord)
    assert "Association Accueil Moselle" in page and "Accueil Lorraine" not in page


def test_the_stamp_moves_once_per_transaction_and_not_on_rollback(world):
    before = stamp(world.contract.pk)
    with transaction.atomic():
        world.axis.title = "Apprendre et pratiquer le français"
        world.axis.save()
        world.sheet_a.title = "Ateliers de français"
        world.sheet_a.save()
    assert stamp(world.contract.pk) == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        world.axis.title = "Titre abandonné"
        world.axis.save()
        raise RuntimeError
    assert stamp(world.contract.pk) == before + 1
    world.axis.title = "Apprendre le français"
    world.axis.save()  # bumps again after the rolled back write
    assert stamp(world.contract.pk) == before + 2
