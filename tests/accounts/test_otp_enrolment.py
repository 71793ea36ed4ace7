"""The first pairing of an authenticator asks the password again, then a code sent by
e-mail; a session alone (stolen, or left open) cannot pair a telephone (finding 5 of issue
14: a coordinator's first enrolment needed only the password)."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.views_support import PASSWORD, TWO_FACTOR_MIDDLEWARE, URLS, build_world
from tests.notifications.conftest import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
SETUP = reverse("accounts:otp_setup", urlconf=URLS)


@pytest.fixture(autouse=True)
def two_factor_required():
    with override_settings(MIDDLEWARE=TWO_FACTOR_MIDDLEWARE, CTAI_REQUIRE_2FA=True):
        yield


@pytest.fixture
def operator(client):
    """An operator of Alpha (every role needs the second factor), logged in with a password."""
    world = build_world()
    user = world.operator
    user.email = "olga@alpha.example"
    user.save()
    client.force_login(user)
    return user


def mailed_code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def shows_qr_code(page) -> bool:
    return "QR code à scanner" in page.content.decode()


def test_the_password_then_the_e_mailed_code_come_before_the_qr_code(client, operator):
    page = client.get(f"{SETUP}?next=/contrats/")
    assert page.status_code == 200 and not shows_qr_code(page)
    assert "Étape 1 sur 3" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=operator).exists()  # no secret made yet

    response = client.post(f"{SETUP}?next=/contrats/", {"password": PASSWORD})
    assert response["Location"] == f"{SETUP}?next=%2Fcontrats%2F"
    [message] = mail.outbox
    assert message.to == ["olga@alpha.example"]
    page = client.get(SETUP)
    assert "Étape 2 sur 3" in page.content.decode() and not shows_qr_code(page)

    client.post(SETUP, {"token": mailed_code()})
    page = client.get(SETUP)
    assert shows_qr_code(page)


def test_a_wrong_password_sends_nothing(client, operator):
    page = client.post(SETUP, {"password": "Pas-Le-Bon-2026!"})
    assert "Mot de passe incorrect." in page.content.decode()
    assert mail.outbox == [] and not shows_qr_code(client.get(SETUP))


def test_a_wrong_code_five_times_starts_again(client, operator):
    client.post(SETUP, {"password": PASSWORD})
    right = mailed_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page = client.post(SETUP, {"token": wrong})
    assert "Code incorrect ou expiré." in page.content.decode()
    for _ in range(4):
        client.post(SETUP, {"token": wrong})
    client.post(SETUP, {"token": right})  # too late: the code is spent
    page = client.get(SETUP)
    assert "Étape 1 sur 3" in page.content.decode() and not shows_qr_code(page)


def test_a_mail_server_down_says_so_in_french_never_a_500(client, operator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    page = client.post(SETUP, {"password": PASSWORD})
    assert page.status_code == 200
    assert "Le code n&#x27;a pas pu partir par courriel" in page.content.decode()
