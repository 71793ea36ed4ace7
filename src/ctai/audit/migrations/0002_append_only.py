"""The database itself refuses to rewrite the audit trail (SQLite and PostgreSQL) or to erase
rows of it (PostgreSQL). TRUNCATE, a database administrator's statement that Django's test
flush also uses, stays possible; the ORM refuses deletes on every database."""

from django.db import migrations

MESSAGE = "Le journal des modifications ne se réécrit pas et ne s'efface pas."

SQLITE = [
    f"""CREATE TRIGGER audit_event_no_{op.lower()} BEFORE {op} ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}'); END;"""
    for op in ("UPDATE",)
]
POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE.replace("'", "''")}'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE
    ON audit_auditevent FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();""",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
