"""Production: fails fast without a secret or with DEBUG on; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from ctai.core.env import env_bool, env_str
from ctai.settings.base import *  # noqa: F403
from ctai.settings.mail import smtp_settings

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY manquante ou trop courte (50 caractères au moins) : la production refuse "
        "de démarrer sans secret."
    )
CTAI_PSEUDONYM_KEY = env_str("CTAI_PSEUDONYM_KEY")
if len(CTAI_PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured(
        "CTAI_PSEUDONYM_KEY manquante ou trop courte (32 caractères au moins) : la clé des "
        "pseudonymes des participants est gardée hors de la base ; la production refuse de "
        "démarrer sans elle."
    )
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG doit être désactivé en production (DEBUG=false).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Every role listed in CTAI_2FA_ROLES (all by default) logs in with a TOTP code too (not left
# to the environment).
CTAI_REQUIRE_2FA = True

# E-mail (invitations, notifications) through SMTP, from the environment: with CTAI_EMAIL on
# (the default), a missing EMAIL_HOST or DEFAULT_FROM_EMAIL stops the start-up.
globals().update(smtp_settings())
