"""Reading settings from the environment, strictly.

A boolean is parsed, never truthy-tested: ``DEBUG=False`` must mean False.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
_FALSE = {"0", "false", "no", "off", "non", "faux", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"La variable d'environnement {name} doit valoir true ou false (reçu : {raw!r})."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """A whole number of zero or more (a size, a count, a duration); anything else is refused
    with the variable's name, before the application starts."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip()
    if not value.isdecimal():
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} doit être un nombre entier positif ou nul "
            f"(reçu : {raw!r})."
        )
    return int(value)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)
