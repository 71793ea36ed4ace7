"""The steering committees' block of the dashboard is kept per version of the contract's data:
a meeting planned shows at once, and a page with nothing new reads no meeting or decision."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctai.core.roles import Role
from ctai.governance.models import Decision, Meeting
from ctai.governance.services import MeetingInput, meeting_save

pytestmark = pytest.mark.django_db


def test_the_block_follows_the_meetings_and_is_read_from_the_cache(client, metz, coordinator):
    cache.clear()
    client.force_login(coordinator)
    url = reverse("contracts:dashboard", args=[metz.pk])
    assert "Aucun comité planifié." in client.get(url).content.decode()

    members = tuple(metz.memberships.filter(role=Role.COORDINATOR))
    next_year = datetime.date.today().year + 1
    meeting_save(
        contract=metz,
        actor=coordinator,
        data=MeetingInput(
            date=datetime.date(next_year, 6, 15),
            kind="june",
            place="Hôtel de ville",
            agenda="1. Bilan",
            members=members,
            guests=(),
        ),
    )
    page = client.get(url).content.decode()
    assert "Aucun comité planifié." not in page
    assert f"15 juin {next_year}" in page

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    tables = (Meeting._meta.db_table, Decision._meta.db_table)
    assert not [q for q in captured if any(t in q["sql"] for t in tables)]
