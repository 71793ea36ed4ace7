"""The runtime role cannot rewrite the audit trail: no TRUNCATE, ALTER, UPDATE nor DELETE."""

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ctai.audit.models import AuditEvent
from ctai.audit.roles import role_statements

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="les rôles et privilèges n'existent que sous PostgreSQL",
    ),
]

ATTACKS = [
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
    "DROP TRIGGER audit_event_append_only ON audit_auditevent",
    "UPDATE audit_auditevent SET reason = 'réécrit'",
    "DELETE FROM audit_auditevent",
]


@pytest.fixture
def runtime_role():
    """A fresh runtime role with the rights ``ctai db_roles`` gives (inside the test's
    transaction: CREATE ROLE and GRANT are rolled back with it)."""
    name = f"ctai_rt_{uuid.uuid4().hex[:10]}"
    owner = connection.settings_dict["USER"] or "postgres"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
        for statement in role_statements(
            owner=owner,
            runtime=name,
            database=connection.settings_dict["NAME"],
            tables=connection.introspection.table_names(),
        ):
            cursor.execute(statement)
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _as(role: str, sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(sql)


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_runtime_role_cannot_rewrite_the_trail(runtime_role, attack):
    AuditEvent.objects.create(actor_username="x", action="create", model="m", object_id="1")
    with pytest.raises(DatabaseError):
        _as(runtime_role, attack)
    assert AuditEvent.objects.filter(reason="réécrit").count() == 0
    assert AuditEvent.objects.exists()


def test_the_runtime_role_appends_reads_and_writes_elsewhere(runtime_role):
    _as(
        runtime_role,
        "INSERT INTO audit_auditevent (at, actor_username, action, model, object_id, "
        "object_repr, changes, reason) VALUES (now(), 'x', 'create', 'm', '1', '', '{}', '')",
    )
    _as(runtime_role, "SELECT count(*) FROM audit_auditevent")
    _as(runtime_role, "UPDATE contracts_contract SET title = title")
    _as(runtime_role, "DELETE FROM django_session")


def test_the_command_prints_the_sql(capsys):
    call_command("db_roles", owner="ctai_owner", runtime="ctai_app")
    out = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT ON TABLE "audit_auditevent" TO "ctai_app"' in out
    assert 'REVOKE ALL ON TABLE "audit_auditevent" FROM "ctai_app"' in out
