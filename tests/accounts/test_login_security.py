"""Password rules, idle sessions, and a security log that names nobody."""

import logging
import time

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ctai.accounts.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    ["Tr0p-court!", "motdepassesimple12", "MotDePasse12", "azertyuiopqsdfghj"],
)
def test_weak_passwords_are_refused_with_the_cnil_rule(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any("12 caractères" in message for message in error.value.messages)


@pytest.mark.parametrize(
    "password",
    ["Accueil-Metz-2026", "IntegrationMetz2026x", "le canal longe la moselle en hiver"],
)
def test_strong_passwords_and_passphrases_are_accepted(password):
    validate_password(password)


def test_an_idle_session_ends(client, settings):
    settings.CTAI_SESSION_IDLE_SECONDS = 60
    user = get_user_model().objects.create_user("idle", is_staff=True)
    client.force_login(user)
    client.get("/admin/")  # any request records the activity
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 61
    session.save()
    client.get("/admin/")
    assert "_auth_user_id" not in client.session


def test_an_active_session_stays(client, settings):
    settings.CTAI_SESSION_IDLE_SECONDS = 60
    user = get_user_model().objects.create_user("active", is_staff=True)
    client.force_login(user)
    client.get("/admin/")
    client.get("/admin/")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_security_log_has_ids_and_pseudonyms_not_names(caplog, rf):
    get_user_model().objects.create_user("camille.martin", password="Accueil-Metz-2026")
    request = rf.post("/connexion/")
    with caplog.at_level(logging.INFO, logger="ctai.security"):
        authenticate(request, username="camille.martin", password="mauvais")
    assert "échec de connexion" in caplog.text
    assert "camille" not in caplog.text.lower()
    assert "mauvais" not in caplog.text


@pytest.mark.django_db
def test_the_admin_shows_the_lockout_models_under_a_french_heading(client):
    admin = get_user_model().objects.create_superuser("admin", password="x" * 16)
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "Sécurité des connexions" in page
    assert ">Axes<" not in page and ">AXES<" not in page
    assert "/admin/axes/accessattempt/" in page  # same app label, same models
