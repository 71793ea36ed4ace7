"""Settings come from the environment; production fails fast and passes check --deploy."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ctai.core.env import env_bool, env_int

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "ctai.settings.prod",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "ctai.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "CTAI <ne-pas-repondre@ctai.example.org>",
    "CTAI_PSEUDONYM_KEY": "p" * 16 + "-production-pseudonym-key-0123456789",
}


def run_ctai(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what a production process would have: the browser tests allow async-unsafe calls.
    ignored = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "CTAI_PSEUDONYM_KEY")
    full_env = {k: v for k, v in os.environ.items() if k not in ignored}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "ctai", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("False", False),
        ("false", False),
        ("0", False),
        ("", False),
        ("True", True),
        ("1", True),
        ("oui", True),
    ],
)
def test_booleans_are_parsed_not_truthy(monkeypatch, raw, expected):
    monkeypatch.setenv("CTAI_TEST_FLAG", raw)
    assert env_bool("CTAI_TEST_FLAG") is expected


def test_an_unreadable_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("CTAI_TEST_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="CTAI_TEST_FLAG"):
        env_bool("CTAI_TEST_FLAG")


@pytest.mark.parametrize("raw", ["trois mille", "-1", "2.5", ""])
def test_an_unreadable_number_is_refused_with_its_name(monkeypatch, raw):
    monkeypatch.setenv("CTAI_TEST_COUNT", raw)
    with pytest.raises(ImproperlyConfigured, match=r"CTAI_TEST_COUNT.*nombre entier"):
        env_int("CTAI_TEST_COUNT", 3)


def test_a_number_is_read_or_defaults(monkeypatch):
    assert env_int("CTAI_TEST_COUNT", 3000) == 3000
    monkeypatch.setenv("CTAI_TEST_COUNT", " 500 ")
    assert env_int("CTAI_TEST_COUNT", 3000) == 500


def test_a_mistyped_number_stops_the_command_with_a_french_message():
    result = run_ctai("check", env={"CTAI_CACHE_ENTRIES": "3 000"})
    assert result.returncode != 0
    assert "CTAI_CACHE_ENTRIES doit être un nombre entier" in result.stderr
    assert "invalid literal" not in result.stderr


def test_production_refuses_to_start_without_a_secret():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = run_ctai("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY manquante" in result.stderr


def test_production_refuses_to_start_without_the_pseudonym_key():
    result = run_ctai("check", env={**PROD_ENV, "CTAI_PSEUDONYM_KEY": ""})
    assert result.returncode != 0
    assert "CTAI_PSEUDONYM_KEY manquante" in result.stderr


def test_production_refuses_debug():
    result = run_ctai("check", env={**PROD_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG doit être désactivé" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_ctai("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_french_and_paris_time(settings):
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_database_url_defaults_to_sqlite(monkeypatch):
    from ctai.settings.base import database_from_env

    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(__import__("pathlib").Path("/tmp/ctai-x/db.sqlite3"))
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/ctai")
    config = database_from_env(__import__("pathlib").Path("/tmp/ctai-x/db.sqlite3"))
    assert config["ENGINE"] == "ctai.core.postgresql"  # Django's, checked without a round trip
    assert config["NAME"] == "ctai"
