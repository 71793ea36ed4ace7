"""Tests: fast hashing, same database choice as dev (DATABASE_URL or SQLite)."""

from ctai.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An undefined variable in a template is a bug: make it visible in tests.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "!!INVALID %s!!"  # noqa: F405
# django-axes needs a request on every authenticate(); client.login() has none. The
# throttling tests switch it on themselves.
AXES_ENABLED = False
