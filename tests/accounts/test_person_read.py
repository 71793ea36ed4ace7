"""The person behind a request, read in one query (ctai.accounts.backends): the same user,
authenticator applications and memberships the ORM would read, and the same refusals: a
removed, unconfirmed or someone else's device verifies nothing, a revoked membership gives no
access, an expired session is nobody (docs/adr/0012-page-cache.md, point 11)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts import sessions
from ctai.accounts.backends import read_person
from ctai.accounts.models import Membership
from ctai.audit import stamps
from ctai.notifications.models import Notification, NotificationKind
from tests.accounts.views_support import PASSWORD, TWO_FACTOR_MIDDLEWARE, URLS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
VERIFY = reverse("accounts:otp_verify", urlconf=URLS)
LIST = reverse("contracts:list", urlconf=URLS)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def two_factor_required():
    with override_settings(MIDDLEWARE=TWO_FACTOR_MIDDLEWARE, CTAI_REQUIRE_2FA=True):
        yield


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def verified(client, user) -> TOTPDevice:
    """Logged in with the password, then a code of a new confirmed device."""
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    token = f"{totp(device.bin_key, step=device.step):06d}"
    assert client.post(VERIFY, {"token": token, "next": LIST})["Location"] == LIST
    return device


def test_the_person_is_read_as_the_orm_reads_them_with_devices_and_memberships(world):
    user = world.coordinator
    user.last_login = timezone.now() - timedelta(days=3, microseconds=17)
    user.save()
    second = Membership.objects.create(
        user=user, contract=world.other_contract, organisation=world.operator_a, role="operator"
    )
    Membership.objects.create(
        user=user,
        contract=world.other_contract,
        organisation=world.operator_b,
        role="operator",
        revoked_at=timezone.now(),
    )
    phone = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True, last_t=42)
    TOTPDevice.objects.create(user=user, name="Tablette", confirmed=False)
    TOTPDevice.objects.create(user=world.operator, name="Autre", confirmed=True)

    with CaptureQueriesContext(connection) as queries:
        person = read_person(user.pk)
    assert len(queries) == 1

    assert fields(person) == fields(get_user_model().objects.get(pk=user.pk))
    assert person.last_login == user.last_login and person.last_login.tzinfo is not None
    assert list(person._ctai_totp_devices) == [phone.persistent_id], "confirmed, theirs"
    assert fields(person._ctai_totp_devices[phone.persistent_id]) == fields(
        TOTPDevice.objects.get(pk=phone.pk)
    )
    expected = {m.pk: fields(m) for m in Membership.objects.of(user)}
    assert {m.pk: fields(m) for m in person._ctai_memberships} == expected
    assert second.pk in expected and len(expected) == 2, "the revoked one is left out"
    with CaptureQueriesContext(connection) as queries:
        assert all(m.user is person for m in person._ctai_memberships)
    assert not queries
    assert read_person(10**9) is None


def test_the_stamps_and_counts_read_with_the_person_serve_until_a_write(world):
    user = world.coordinator
    stamps.bump(world.contract.pk)
    for index in range(2):
        Notification.objects.create(
            recipient=user,
            kind=NotificationKind.values[0],
            event_key=f"e{index}",
            title="Bilan soumis",
            url="/",
            read_at=timezone.now() if index else None,
        )
    person = read_person(user.pk)
    expected = stamps.stamp(world.contract.pk)
    assert expected > 0
    with CaptureQueriesContext(connection) as queries:
        read = stamps.read_for_person(person, [world.contract.pk])
    assert not queries, "read with the person"
    assert read.versions == {world.contract.pk: expected}
    assert read.counts == {"unread": 1}
    assert stamps.remembered_for_person(person) is read

    # A contract the person has no membership on was not read with them: a query.
    with CaptureQueriesContext(connection) as queries:
        stamps.read_for_person(person, [world.contract.pk, world.other_contract.pk])
    assert len(queries) == 1

    # After a write in the same request, the stamps are read again.
    stamps.bump(world.contract.pk)
    with CaptureQueriesContext(connection) as queries:
        read = stamps.read_for_person(person, [world.contract.pk])
    assert len(queries) == 1
    assert (
        read.versions
        == {world.contract.pk: stamps.stamp(world.contract.pk)}
        != {world.contract.pk: expected}
    )


def test_a_verified_page_costs_the_session_and_the_person_only(client, world, two_factor_required):
    verified(client, world.coordinator)
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    sqls = [q["sql"] for q in queries]
    assert not [s for s in sqls if "audit_contractstamp" in s and "auth_user" not in s]
    assert len([sql for sql in sqls if "auth_user" in sql]) == 1
    apart = [sql for sql in sqls if "auth_user" not in sql]
    assert not [s for s in apart if "otp_totp_totpdevice" in s or "accounts_membership" in s]


@pytest.mark.parametrize("change", ["deleted", "unconfirmed", "given to someone else"])
def test_a_device_that_is_no_longer_the_persons_verifies_nothing(
    client, world, two_factor_required, change
):
    device = verified(client, world.coordinator)
    assert client.get(LIST).status_code == 200
    if change == "deleted":
        device.delete()
    elif change == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(user=world.operator)
    # No confirmed authenticator of theirs left: sent to set one up, as on the first day.
    assert client.get(LIST)["Location"].startswith(reverse("accounts:otp_setup"))


def test_a_revoked_membership_gives_no_access_at_the_next_request(client, world):
    client.force_login(world.coordinator)
    page = reverse("accounts:members", args=[world.contract.pk])
    assert client.get(page).status_code == 200
    Membership.objects.filter(user=world.coordinator).update(revoked_at=timezone.now())
    assert client.get(page).status_code == 404


def test_a_deactivated_person_or_a_changed_password_ends_the_session(client, world):
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code == 200
    world.coordinator.set_password("un-autre-mot-de-passe-long")
    world.coordinator.save()
    assert client.get(LIST)["Location"].startswith(reverse("login"))
    client.force_login(world.operator)
    assert client.get(LIST).status_code == 200
    get_user_model().objects.filter(pk=world.operator.pk).update(is_active=False)
    assert client.get(LIST)["Location"].startswith(reverse("login"))


def test_an_expired_or_unknown_session_is_nobody(client, world):
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(LIST)["Location"].startswith(reverse("login"))
    client.cookies["sessionid"] = "x" * 32
    assert client.get(LIST)["Location"].startswith(reverse("login"))


def test_a_known_session_is_read_with_its_person_in_one_query(client, world):
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code == 200  # this process learns whose session it is
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    sqls = [q["sql"] for q in queries]
    together = [s for s in sqls if "django_session" in s and "auth_user" in s]
    assert len(together) == 1
    assert not [
        s for s in sqls if s not in together and ("django_session" in s or "auth_user" in s)
    ]


def test_a_session_remembered_as_someone_elses_still_gives_its_own_person(client, world):
    client.force_login(world.coordinator)
    key = client.session.session_key
    sessions.remember(key, world.operator.pk)  # a wrong guess: the session decides
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert world.coordinator.get_username() in response.content.decode()
    assert world.operator.get_username() not in response.content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:profile"))
    assert len([q for q in queries if "django_session" in q["sql"]]) == 1


def test_a_remembered_session_ended_elsewhere_is_nobody(client, world):
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code == 200
    Session.objects.all().delete()  # logged out from another device, or cleaned
    assert client.get(LIST)["Location"].startswith(reverse("login"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_on_postgresql_the_session_with_its_person_is_prepared_once_per_connection(client, world):
    """Parsing and planning that statement cost four times running it: the server keeps it
    prepared and plans it once (a generic plan), and it is still logged as Django logs its
    queries."""
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code == 200  # this process learns whose session it is
    with CaptureQueriesContext(connection) as queries:
        for _ in range(8):
            assert client.get(LIST).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s AND statement LIKE %s",
            ["%django_session%", "%auth_user%"],
        )
        (generic, custom), *others = cursor.fetchall()
    assert others == [], "one statement, whoever the person"
    assert generic + custom == 8 and custom <= 5, "planned anew at most five times"
    logged = [q["sql"] for q in queries if "django_session" in q["sql"]]
    assert len(logged) == 8 and "auth_user" in logged[0]
