"""Two-factor authentication (TOTP): coordinators and administrators set it up, then give a
code after their password; a code serves once; a password alone never verifies a session."""

import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts import enrolment
from ctai.accounts.services import invitation_send
from ctai.core.roles import Role
from tests.accounts.views_support import PASSWORD, TWO_FACTOR_MIDDLEWARE, URLS, build_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(URLS),
    pytest.mark.usefixtures("two_factor_required"),
]
SETUP = reverse("accounts:otp_setup", urlconf=URLS)
VERIFY = reverse("accounts:otp_verify", urlconf=URLS)


@pytest.fixture
def two_factor_required():
    with override_settings(MIDDLEWARE=TWO_FACTOR_MIDDLEWARE, CTAI_REQUIRE_2FA=True):
        yield


@pytest.fixture
def world():
    return build_world()


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator application shows now (or ``steps_ahead`` steps later)."""
    return f"{totp(device.bin_key, step=device.step, drift=steps_ahead):06d}"


def paired(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def ready_to_pair(client, user) -> None:
    """Logged in, password and e-mailed code already given again (tests/accounts/
    test_otp_enrolment.py goes through those steps)."""
    client.force_login(user)
    session = client.session
    session[enrolment.CONFIRMED] = time.time()
    session.save()


def login_with_password(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password is right"


def test_a_coordinator_without_a_device_is_sent_to_setup_from_every_page(client, world):
    client.force_login(world.coordinator)
    for url in [
        reverse("contracts:list"),
        reverse("accounts:members", args=[world.contract.pk]),
        reverse("audit:contract", args=[world.contract.pk]),
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    response = client.post(reverse("accounts:members", args=[world.contract.pk]))
    assert response["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_the_setup_page_shows_an_inline_svg_qr_code_and_the_secret(client, world):
    ready_to_pair(client, world.coordinator)
    response = client.get(SETUP)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=world.coordinator)
    assert not device.confirmed
    assert '<div role="img" aria-label="QR code' in html
    assert "<svg" in html and "<path" in html
    assert "data:" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert "style=" not in html
    secret = re.search(r'font-monospace fs-5 mb-1"[^>]*>([A-Z2-7 ]+)<', html).group(1)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_first_right_code_confirms_the_device_and_verifies_the_session(client, world):
    ready_to_pair(client, world.coordinator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.coordinator)
    list_url = reverse("contracts:list")
    response = client.post(SETUP, {"token": code(device), "next": list_url})
    assert response["Location"] == list_url
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(list_url).status_code == 200


def test_a_wrong_code_at_setup_is_refused_in_french(client, world):
    ready_to_pair(client, world.coordinator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.coordinator)
    wrong = f"{(int(code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "Code incorrect ou déjà utilisé" in response.content.decode()
    assert 'aria-describedby="id_token_helptext id_token_error"' in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("contracts:list"))["Location"].startswith(SETUP)


def test_after_the_password_a_code_is_asked_once_per_session(client, world):
    device = paired(world.coordinator)
    login_with_password(client, world.coordinator)
    list_url = reverse("contracts:list")
    response = client.get(list_url)
    assert response["Location"] == f"{VERIFY}?next=%2Fcontrats%2F"
    session_before = client.session.session_key
    response = client.post(VERIFY, {"token": code(device), "next": list_url})
    assert response["Location"] == list_url
    assert client.session.session_key != session_before, "a new session id once verified"
    assert client.get(list_url).status_code == 200
    assert client.get(reverse("accounts:members", args=[world.contract.pk])).status_code == 200


def test_a_code_cannot_be_used_twice(client, world):
    device = paired(world.coordinator)
    used = code(device)
    login_with_password(client, world.coordinator)
    assert client.post(VERIFY, {"token": used}).status_code == 302
    client.post(reverse("logout"))
    login_with_password(client, world.coordinator)
    response = client.post(VERIFY, {"token": used})
    assert response.status_code == 200
    assert "Code incorrect ou déjà utilisé" in response.content.decode()
    assert client.get(reverse("contracts:list"))["Location"].startswith(VERIFY)


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_the_device_itself_refuses_the_same_time_step_twice(world):
    """Throttling off: the step rule alone (django-otp's ``last_t``) refuses the replay."""
    device = paired(world.coordinator)
    token = code(device)
    assert device.verify_token(token)
    assert not device.verify_token(token)
    assert device.verify_token(code(device, steps_ahead=1)), "the next step's code is fine"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_after_a_wrong_code_the_next_tries_must_wait(client, world):
    device = paired(world.coordinator)
    client.force_login(world.coordinator)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": code(device)})
    assert "Trop de codes erronés" in response.content.decode()
    assert client.get(reverse("contracts:list"))["Location"].startswith(VERIFY)


def test_with_a_device_the_setup_page_leads_to_the_code_not_to_a_second_device(client, world):
    paired(world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(f"{SETUP}?next=/contrats/")
    assert response["Location"] == f"{VERIFY}?next=%2Fcontrats%2F"
    assert TOTPDevice.objects.filter(user=world.coordinator).count() == 1


def test_every_role_needs_it_by_default(client, world):
    """Finding 5 of issue 14: only coordinators and admins had to."""
    staff = get_user_model().objects.create_user("admin-metz", is_staff=True)
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    for user in (staff, root, world.operator, world.state, world.copil):
        client.force_login(user)
        assert client.get(reverse("contracts:list"))["Location"].startswith(SETUP), user
    client.force_login(world.stranger)  # no role at all
    assert client.get(reverse("contracts:list")).status_code == 200


def test_the_roles_that_need_it_are_a_setting(client, world, settings):
    settings.CTAI_2FA_ROLES = ["admin", "coordinator"]
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    for user in (root, world.coordinator):
        client.force_login(user)
        assert client.get(reverse("contracts:list"))["Location"].startswith(SETUP)
    for user in (world.operator, world.state, world.copil):
        client.force_login(user)
        assert client.get(reverse("contracts:list")).status_code == 200


def test_a_revoked_coordinator_no_longer_needs_it(client, world):
    world.coordinator.memberships.get(role=Role.COORDINATOR).revoke()
    client.force_login(world.coordinator)
    assert client.get(reverse("contracts:list")).status_code == 200


def test_it_is_optional_when_not_required(client, world, settings):
    settings.CTAI_REQUIRE_2FA = False
    client.force_login(world.coordinator)
    assert client.get(reverse("contracts:list")).status_code == 200
    assert client.get(SETUP).status_code == 200, "anyone may still turn it on"


def test_a_password_set_through_an_invitation_does_not_verify_the_session(
    client, world, django_capture_on_commit_callbacks
):
    """Accepting an invitation with the account's password logs in without the code."""
    device = paired(world.coordinator)
    sent, _ = invitation_send(
        inviter=world.coordinator,
        contract=world.contract,
        email=world.coordinator.username,
        organisation=world.operator_a,
        role=Role.OPERATOR,
    )
    response = client.post(
        reverse("accounts:invitation_accept", args=[sent.new_token()]), {"password1": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("contracts:list"))["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    assert client.get(reverse("contracts:list")).status_code == 200


def test_next_never_leads_to_another_site(client, world):
    device = paired(world.coordinator)
    client.force_login(world.coordinator)
    response = client.post(VERIFY, {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
