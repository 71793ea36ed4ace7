"""Mon compte: password reset (no enumeration, single use, throttled, second factor kept),
password change, profile, recovery codes at the prompt, the account menu."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts import views_account
from ctai.accounts.recovery import recovery_codes_generate
from tests.accounts.views_support import PASSWORD, TWO_FACTOR_MIDDLEWARE, URLS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
NEW_PASSWORD = "Nouveau-Passe-Metz-2027"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def reset_link(message) -> str:
    return re.search(r"https?://[^/]+(/mot-de-passe-oublie/\S+/\S+/)", message.body).group(1)


def test_the_login_page_links_to_password_reset(client):
    assert reverse("accounts:password_reset") in client.get(reverse("login")).content.decode()


def test_reset_answers_the_same_for_a_known_and_an_unknown_address(client, world):
    world.operator.email = "porteur@asso.example"
    world.operator.save()
    known = client.post(reverse("accounts:password_reset"), {"email": "porteur@asso.example"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "personne@nulle.part"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["porteur@asso.example"]
    assert "une heure" in mail.outbox[0].body


def test_the_reset_link_serves_once_and_does_not_log_in(client, world):
    world.operator.email = "porteur@asso.example"
    world.operator.save()
    client.post(reverse("accounts:password_reset"), {"email": "porteur@asso.example"})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert "_auth_user_id" not in client.session
    world.operator.refresh_from_db()
    assert world.operator.check_password(NEW_PASSWORD)
    again = client.get(link, follow=True)
    assert "Lien expiré ou déjà utilisé" in again.content.decode()


def test_the_cnil_rule_applies_to_a_new_password(client, world):
    client.force_login(world.operator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "court", "new_password2": "court"},
    )
    assert response.status_code == 200
    assert "12 caractères" in response.content.decode()


def test_reset_requests_are_throttled_per_address_then_per_ip(client, world, monkeypatch):
    world.operator.email = "porteur@asso.example"
    world.operator.save()
    for _ in range(views_account.RESET_PER_ADDRESS + 2):
        client.post(reverse("accounts:password_reset"), {"email": "porteur@asso.example"})
    assert len(mail.outbox) == views_account.RESET_PER_ADDRESS
    monkeypatch.setattr(views_account, "RESET_PER_IP", views_account.RESET_PER_ADDRESS + 2)
    response = client.post(reverse("accounts:password_reset"), {"email": "x@y.example"})
    assert response.status_code == 429


def test_password_change_keeps_the_session(client, world):
    client.force_login(world.operator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_profile_changes_name_and_address_but_not_to_another_accounts(client, world):
    client.force_login(world.operator)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Aïcha", "last_name": "Benali", "email": "Aicha@Asso.example"},
    )
    assert response.status_code == 302
    world.operator.refresh_from_db()
    assert (world.operator.first_name, world.operator.email) == ("Aïcha", "aicha@asso.example")
    taken = client.post(
        reverse("accounts:profile"),
        {"first_name": "", "last_name": "", "email": world.coordinator.username},
    )
    assert "déjà celle d&#x27;un autre compte" in taken.content.decode()
    assert "Préférences de notification" in taken.content.decode()


def test_the_profile_form_shows_each_persons_own_values_at_once(client, world):
    """The form's fields are kept rendered per person and values: a change shows on the next
    page, and a person never sees another's values."""

    def shown(person) -> str:
        client.force_login(person)
        page = client.get(reverse("accounts:profile")).content.decode()
        return re.search(r'name="first_name"[^>]*value="([^"]*)"', page).group(1)

    world.operator.first_name = "Aïcha"
    world.operator.save()
    world.coordinator.first_name = "Claire"
    world.coordinator.save()
    assert shown(world.operator) == "Aïcha"
    assert shown(world.coordinator) == "Claire"
    client.force_login(world.operator)
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Amina", "last_name": "Benali", "email": "amina@asso.example"},
    )
    assert shown(world.operator) == "Amina"
    assert shown(world.coordinator) == "Claire"


def test_the_account_menu_reaches_profile_password_and_two_factor(client, world):
    client.force_login(world.operator)
    html = client.get(reverse("contracts:list")).content.decode()
    for name in ("accounts:profile", "accounts:password_change", "accounts:otp_setup"):
        assert f'href="{reverse(name)}"' in html
    assert reverse("admin:index") not in html


def test_a_platform_admin_lands_on_a_page_linking_to_the_admin(client):
    admin = get_user_model().objects.create_user("admin", password=PASSWORD, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("contracts:list"))
    assert f'href="{reverse("admin:index")}"' in response.content.decode()


@override_settings(MIDDLEWARE=TWO_FACTOR_MIDDLEWARE, CTAI_REQUIRE_2FA=True)
def test_reset_then_login_still_asks_for_the_code_and_recovery_codes_serve_once(client, world):
    coordinator = world.coordinator
    coordinator.email = "coord@metz.example"
    coordinator.save()
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)
    codes = recovery_codes_generate(user=coordinator)
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post(reverse("accounts:password_reset"), {"email": "coord@metz.example"})
    form_url = client.get(reset_link(mail.outbox[0]))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("login"), {"username": coordinator.username, "password": NEW_PASSWORD})
    verify = reverse("accounts:otp_verify")
    assert client.get(reverse("contracts:list"))["Location"].startswith(verify)
    response = client.post(verify, {"token": codes[0].upper()})
    assert response["Location"] == reverse("home")  # Mes tâches
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.logout()
    client.post(reverse("login"), {"username": coordinator.username, "password": NEW_PASSWORD})
    reused = client.post(verify, {"token": codes[0]})
    assert reused.status_code == 200, "a recovery code serves once"
    good = f"{totp(device.bin_key, step=device.step):06d}"
    assert client.post(verify, {"token": good})["Location"] == reverse("home")


@override_settings(MIDDLEWARE=TWO_FACTOR_MIDDLEWARE, CTAI_REQUIRE_2FA=True)
def test_the_required_setup_page_says_why(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("contracts:list"), follow=True)
    assert "Votre rôle demande une double authentification" in response.content.decode()


def test_recovery_codes_are_shown_once_from_a_verified_session(client, world):
    client.force_login(world.operator)
    assert client.get(reverse("accounts:recovery_codes"))["Location"] == reverse(
        "accounts:otp_setup"
    )
    device = TOTPDevice.objects.create(user=world.operator, name="Téléphone", confirmed=True)
    response = client.get(reverse("accounts:recovery_codes"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    client.post(
        reverse("accounts:otp_verify"), {"token": f"{totp(device.bin_key, step=device.step):06d}"}
    )
    html = client.post(reverse("accounts:recovery_codes")).content.decode()
    assert html.count("<li>") >= 10
    assert StaticToken.objects.filter(device__user=world.operator).count() == 10
    again = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert 'id="codes-de-secours"' not in again
