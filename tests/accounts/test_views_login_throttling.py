"""Login throttling (django-axes): ten wrong passwords lock that username from that address,
for 30 minutes; other addresses and other people are not locked; a forged X-Forwarded-For
neither resets nor splits the count."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from ctai.accounts.network import client_ip
from ctai.accounts.services import invitation_send
from ctai.core.roles import Role
from tests.accounts.views_support import PASSWORD, THROTTLING, URLS, build_world

pytestmark = pytest.mark.django_db

ATTACKER, COLLEAGUE = "203.0.113.7", "198.51.100.20"


@pytest.fixture(autouse=True)
def throttling():
    with override_settings(**THROTTLING):
        yield


@pytest.fixture
def people(db):
    create = get_user_model().objects.create_user
    return create("claire", password=PASSWORD), create("olga", password=PASSWORD)


def attempt(client, username: str, password: str, ip: str, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def fail_ten_times(client, username: str, ip: str, **headers) -> list[int]:
    return [attempt(client, username, "mauvais", ip, **headers).status_code for _ in range(10)]


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")  # « Mes tâches »


def test_ten_wrong_passwords_lock_that_username_from_that_address(client, people):
    statuses = fail_ten_times(client, "claire", ATTACKER)
    assert statuses == [200] * 9 + [429]
    response = attempt(client, "claire", PASSWORD, ATTACKER)
    assert response.status_code == 429, "even the right password is refused now"
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "30 minutes" in html
    assert '<html lang="fr">' in html
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_address_can_still_log_in(client, people):
    fail_ten_times(client, "claire", ATTACKER)
    assert logged_in(attempt(client, "claire", PASSWORD, COLLEAGUE))


def test_another_person_from_the_same_address_can_still_log_in(client, people):
    fail_ten_times(client, "claire", ATTACKER)
    assert logged_in(attempt(client, "olga", PASSWORD, ATTACKER))


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, people):
    statuses = [
        attempt(
            client, "claire", "mauvais", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(10)
    ]
    assert statuses[-1] == 429
    forged = attempt(client, "claire", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert forged.status_code == 429


def test_a_success_before_the_limit_starts_the_count_again(client, people):
    for _ in range(9):
        attempt(client, "claire", "mauvais", ATTACKER)
    assert logged_in(attempt(client, "claire", PASSWORD, ATTACKER))
    client.logout()
    assert fail_ten_times(client, "claire", ATTACKER) == [200] * 9 + [429]


@override_settings(CTAI_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_it_saw_counts_not_what_the_client_wrote(client, people):
    proxy = "192.0.2.1"
    for n in range(10):
        # The client wrote a different address each time; the proxy appended the real one.
        attempt(client, "claire", "mauvais", proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {ATTACKER}")
    assert (
        attempt(client, "claire", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    )
    colleague_behind_the_same_proxy = attempt(
        client, "claire", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=COLLEAGUE
    )
    assert logged_in(colleague_behind_the_same_proxy)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1", "203.0.113.7"),
        (1, "192.0.2.1", "10.0.0.1, 203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.2", "10.0.0.1, 203.0.113.7, 192.0.2.1", "203.0.113.7"),
        (2, "192.0.2.2", "203.0.113.7", "192.0.2.2"),  # not through both proxies
        (1, "192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    rf, settings, proxies, remote, forwarded, expected
):
    settings.CTAI_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.urls(URLS)
def test_accepting_an_invitation_logs_in_with_throttling_on(client):
    world = build_world()
    sent, _ = invitation_send(
        inviter=world.coordinator,
        contract=world.contract,
        email="benoit@alpha.example",
        organisation=world.operator_a,
        role=Role.OPERATOR,
    )
    password = "Integration-Metz-2026"
    response = client.post(
        reverse("accounts:invitation_accept", args=[sent.new_token()]),
        {"password1": password, "password2": password},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 302
    assert client.get(reverse("contracts:list"), REMOTE_ADDR=ATTACKER).status_code == 200
