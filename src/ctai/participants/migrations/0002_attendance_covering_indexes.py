"""Covering indexes on the attendance (PostgreSQL only): the figures of a sheet and of the
contract read the 5 million rows' indexes alone, never the table (index-only scans).

SQLite has no INCLUDE: there the foreign keys' own indexes serve, and Django's model state
does not list these two (a warning on SQLite otherwise, and nothing for the ORM to manage).
"""

from django.db import migrations

INDEXES = {
    "attendance_by_session": "(session_id) INCLUDE (enrolment_id, present)",
    "attendance_by_enrolment": "(enrolment_id) INCLUDE (session_id, present)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON participants_attendance {columns}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
