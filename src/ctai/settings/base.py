"""Settings shared by every environment; the others import and adjust them."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from ctai.core.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """Where data lives when CTAI_DATA_DIR does not say: the var/ folder of the source
    checkout when running from one, else the user's data folder (~/.local/share/ctai).
    Never the current folder: `ctai import` run from anywhere uses the same database."""
    checkout = PACKAGE_DIR.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "src" / "ctai").is_dir():
        return checkout / "var"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ctai"


# Data (SQLite file, uploads): an absolute folder, whatever the current folder.
DATA_DIR = Path(env_str("CTAI_DATA_DIR") or str(default_data_dir())).expanduser().resolve()

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ctai.core",
    "ctai.audit",
    "ctai.contracts",
    "ctai.budget",
    "ctai.indicators",
    "ctai.documents",
    "ctai.checks",
    "ctai.accounts",
    "ctai.reporting",
    "ctai.participants",
    "ctai.notifications",
    "ctai.amendments",
    "ctai.governance",
    "ctai.files",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ctai.accounts.axes_config.LoginSecurityConfig",  # django-axes, French heading
    "csp",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads it.
    "ctai.core.middleware.BoundedRequestBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, taking the person read with the session (ctai.accounts.sessions).
    "ctai.accounts.middleware.AuthenticationMiddleware",
    "ctai.core.middleware.NoStoreForUsersMiddleware",
    "ctai.accounts.middleware_otp.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ctai.accounts.middleware_otp.RequireTwoFactorMiddleware",
    "ctai.audit.context.AuditActorMiddleware",
    "ctai.accounts.middleware.RefusedAccessLogMiddleware",
    "ctai.accounts.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: a lockout answers accounts/lockout.html (429)
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the person at each request in one query.
    "ctai.accounts.backends.PasswordBackend",
]

ROOT_URLCONF = "ctai.urls"
WSGI_APPLICATION = "ctai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ctai.accounts.context_processors.session",
                "ctai.notifications.context.navigation",
            ],
        },
    },
]


def database_from_env(default_sqlite: Path) -> dict:
    url = env_str("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # The same, with a health check that asks the socket instead of the server.
        config["ENGINE"] = "ctai.core.postgresql"
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Kept open between requests like PostgreSQL's (ADR 0012): a new SQLite connection
        # re-reads the whole schema at its first query, 2-3 ms on every request.
        config["CONN_MAX_AGE"] = 600
        # Timeout and immediate transactions: concurrent writers wait instead of failing.
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    return config


DATABASES = {"default": database_from_env(DATA_DIR / "ctai.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "ctai.accounts.password_validation.CnilPasswordValidator"},
    {"NAME": "ctai.accounts.password_validation.PatternPasswordValidator"},
    {"NAME": "ctai.accounts.password_validation.CommonPasswordsValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # « Mes tâches »
LOGOUT_REDIRECT_URL = "login"

# Request bodies: 1 Mo for forms, 12 Mo for file uploads (a 10 Mo attachment and its
# envelope), refused before reading (ctai.core.middleware). The reverse proxy refuses more
# first (nginx client_max_body_size 12m, README).
CTAI_MAX_REQUEST_BYTES = env_int("CTAI_MAX_REQUEST_BYTES", 1024 * 1024)
CTAI_MAX_UPLOAD_BYTES = env_int("CTAI_MAX_UPLOAD_BYTES", 12 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = CTAI_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files spool to disk (within the cap above)

# The computed blocks and pages (docs/adr/0012-page-cache.md): kept in each worker's memory,
# under keys that carry the contract's stamp (never stale). Django's default holds 300
# entries, fewer than the sheet pages of one large contract: a person browsing it would push
# every other contract's dashboard out, and a miss costs a hundred times a hit. The least
# recently used third goes when full.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CTAI_CACHE_ENTRIES", 3000)},
    }
}

# Django's database sessions, read with a plain query.
SESSION_ENGINE = "ctai.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
# Absolute limit of a session (not extended by activity) and idle limit.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CTAI_SESSION_IDLE_SECONDS = env_int("CTAI_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Logins, failures, refusals: user ids and pseudonyms only, never names or passwords.
    "loggers": {"ctai.security": {"level": "INFO"}},
}

# Reporting: an indicator is "en bonne voie" from this share of its target (percent).
# The key of the participants' pseudonyms (HMAC-SHA256), kept outside the database. A dev
# default lets tests and `make run` work; production refuses to start without a real one.
DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key-not-for-production"
CTAI_PSEUDONYM_KEY = env_str("CTAI_PSEUDONYM_KEY") or DEV_PSEUDONYM_KEY
# Attendance sheets (participants' import): size and row caps.
CTAI_ATTENDANCE_MAX_BYTES = env_int("CTAI_ATTENDANCE_MAX_BYTES", 8 * 1024 * 1024)
CTAI_ATTENDANCE_MAX_ROWS = env_int("CTAI_ATTENDANCE_MAX_ROWS", 50000)
CTAI_ON_TRACK_THRESHOLD = env_int("CTAI_ON_TRACK_THRESHOLD", 75)

# Two-factor authentication (TOTP): required in production. Who must use it then: the roles
# listed here ("admin": staff and superusers; the others: membership roles) — every role by
# default; CTAI_2FA_ROLES=admin,coordinator narrows it.
CTAI_REQUIRE_2FA = env_bool("CTAI_REQUIRE_2FA", default=False)
CTAI_2FA_ROLES = env_list(
    "CTAI_2FA_ROLES", ["admin", "coordinator", "operator", "state_reviewer", "copil"]
)
OTP_TOTP_ISSUER = "CTAI"
# A password reset link serves once (Django's token) and for one hour.
PASSWORD_RESET_TIMEOUT = 3600
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling: 10 failures lock a username from one IP address (not the user everywhere,
# not every user of that address); see also CTAI_LOGIN_FAILURES_PER_IP below. The IP is
# REMOTE_ADDR unless proxies are declared.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# Across login names: this many failures from one address within the cool-off suspend logins
# from it (ctai.accounts.throttle) — spraying many names from one address.
CTAI_LOGIN_FAILURES_PER_IP = env_int("CTAI_LOGIN_FAILURES_PER_IP", 30)
CTAI_TRUSTED_PROXY_COUNT = env_int("CTAI_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ctai.accounts.network.client_ip"

# No inline script or style anywhere; nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# Notifications (docs/adr/0009-notifications.md). E-mails leave through the task queue: a table
# of the database (django-tasks-db) worked by `ctai db_worker` (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The address of the application, for the links in e-mails (no trailing slash needed).
CTAI_SITE_URL = env_str("CTAI_SITE_URL", "http://127.0.0.1:8000")
CTAI_EMAIL_MAX_ATTEMPTS = env_int("CTAI_EMAIL_MAX_ATTEMPTS", 5)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CTAI <ne-pas-repondre@ctai.localhost>")
# The daily digest leaves with the first run of `ctai notifications` from this hour on.
CTAI_DIGEST_HOUR = env_int("CTAI_DIGEST_HOUR", 7)
# `ctai notifications` deletes the notifications read more than this many days ago (≥ 91).
CTAI_NOTIFICATIONS_KEEP_DAYS = env_int("CTAI_NOTIFICATIONS_KEEP_DAYS", 180)
# Large files prepared in the task queue (ctai.files): kept this many hours, then deleted by
# `ctai notifications`; each job may use at most this much more memory (MB).
CTAI_FILE_KEEP_HOURS = env_int("CTAI_FILE_KEEP_HOURS", 24)
CTAI_FILE_JOB_MEMORY_MB = env_int("CTAI_FILE_JOB_MEMORY_MB", 1024)
# A programme year with more sheets than this has its files prepared in the task queue.
CTAI_FILE_QUEUE_FROM = env_int("CTAI_FILE_QUEUE_FROM", 20)
