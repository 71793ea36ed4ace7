"""Whether the database the commands use exists and holds CTAI's tables.

Asked before a command reads or writes contracts, so that a database that was never
initialised gives a French message instead of an ``OperationalError`` traceback — and so
that an empty SQLite file is never created as a side effect (a SQLite connection creates
its file).
"""

import sqlite3
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError, connection

_NOT_INITIALISED = (
    "Base de données non initialisée ({where}) : lancez `ctai migrate` pour la créer, ou "
    "indiquez la bonne base avec DATABASE_URL ou le dossier de données avec CTAI_DATA_DIR."
)


def _sqlite_ready(name: str) -> bool:
    path = Path(name)
    if name == ":memory:" or "mode=memory" in name:
        return True
    if not path.is_file():
        return False
    try:
        # Read-only: probing never creates nor changes the file.
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        found = probe.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return found is not None


class Erreur(CommandError):
    """A command error; the class name is what Django prints before the message."""


def require_database() -> None:
    """Raise a French :class:`CommandError` when the database is missing or empty."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        if _sqlite_ready(name):
            return
        raise Erreur(_NOT_INITIALISED.format(where=name))
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        raise Erreur(
            f"Base de données injoignable ({settings.get('NAME')}) : {error}".strip()
        ) from error
    if "django_migrations" not in tables:
        raise Erreur(_NOT_INITIALISED.format(where=settings.get("NAME")))
