"""Development: the embedded default (SQLite), debug on, a local secret."""

from ctai.core.env import env_bool, env_str
from ctai.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
