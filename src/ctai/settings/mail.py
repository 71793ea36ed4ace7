"""SMTP settings from the environment (production)."""

from django.core.exceptions import ImproperlyConfigured

from ctai.core.env import env_bool, env_int, env_str


def smtp_settings() -> dict:
    """``CTAI_EMAIL=false``: no e-mail at all (the notifications stay in the application).
    Otherwise EMAIL_HOST and DEFAULT_FROM_EMAIL are required; EMAIL_PORT (587),
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (true) or EMAIL_USE_SSL are read too."""
    if not env_bool("CTAI_EMAIL", default=True):
        return {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    missing = [name for name in ("EMAIL_HOST", "DEFAULT_FROM_EMAIL") if not env_str(name)]
    if missing:
        raise ImproperlyConfigured(
            f"Courriel activé (CTAI_EMAIL) mais {', '.join(missing)} manquant : indiquez le "
            f"serveur SMTP et l'expéditeur, ou CTAI_EMAIL=false pour ne rien envoyer."
        )
    use_ssl = env_bool("EMAIL_USE_SSL", default=False)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": env_str("EMAIL_HOST"),
        "EMAIL_PORT": env_int("EMAIL_PORT", 465 if use_ssl else 587),
        "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", default=not use_ssl),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": env_int("EMAIL_TIMEOUT", 20),
        "DEFAULT_FROM_EMAIL": env_str("DEFAULT_FROM_EMAIL"),
        "SERVER_EMAIL": env_str("DEFAULT_FROM_EMAIL"),
    }
