"""Sessions end for good: an absolute lifetime counted from the login, whatever the activity,
and no session opened before an account was disabled, re-enabled or given a new password
comes back (findings 2 and « re-enabling a user revives old sessions » of issue 14)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ctai.accounts.middleware import LAST_SEEN, LOGGED_IN_AT
from tests.accounts.views_support import PASSWORD, URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def person():
    return get_user_model().objects.create_user("lea@ccas-lille.example", password=PASSWORD)


def shift(client, **seconds_ago: int) -> None:
    """Pretend the login and the last request happened that many seconds ago."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"login": LOGGED_IN_AT, "seen": LAST_SEEN}[key]] = int(time.time()) - ago
    session.save()


def test_the_login_time_is_stored_at_login(client, person):
    before = int(time.time())
    assert client.login(username=person.username, password=PASSWORD)
    assert before <= client.session[LOGGED_IN_AT] <= int(time.time())


def test_a_session_active_every_minute_still_ends_at_its_absolute_limit(client, person, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client.force_login(person)
    home = reverse("accounts:profile")
    assert client.get(home).status_code == 200
    # Eight hours of a request a minute: never idle, the "last seen" written each minute.
    shift(client, login=8 * 3600 - 30, seen=61)
    assert client.get(home).status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 1  # activity recorded, not expired
    shift(client, login=8 * 3600 + 1, seen=61)
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_of_a_disabled_then_re_enabled_account_does_not_come_back(client, person):
    client.force_login(person)
    assert client.get(reverse("accounts:profile")).status_code == 200
    person.is_active = False
    person.save()
    person.is_active = True  # a platform admin re-enables the account the next day
    person.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.login(username=person.username, password=PASSWORD)  # a new login works


def test_a_new_password_ends_the_sessions_opened_before(client, person):
    client.force_login(person)
    person.set_password("Un-Autre-Mot-2026!")
    person.save()
    assert client.get(reverse("accounts:profile")).status_code == 302
