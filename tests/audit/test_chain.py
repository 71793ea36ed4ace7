"""The audit trail is a hash chain: a row changed, removed or inserted directly in the database
is named by `ctai audit verify` (exit 1); an intact trail exits 0."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ctai.audit.models import AuditEvent, chain_hash
from tests.factories import BudgetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    for _ in range(3):
        BudgetFactory()
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) >= 4
    return events


def _raw(sql: str, params=()) -> None:
    """As a superuser (or the owner) would, bypassing the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_each_event_is_chained_to_the_previous_one(trail):
    previous = ""
    for event in trail:
        assert event.previous_hash == previous
        assert event.hash == chain_hash(previous, event)
        previous = event.hash
    assert "intact" in _verify()


def test_a_row_changed_in_the_database_is_named(trail):
    victim = trail[2]
    _raw("UPDATE audit_auditevent SET reason = 'réécrit' WHERE id = %s", [victim.id])
    with pytest.raises(CommandError) as error:
        _verify()
    assert f"n° {victim.id}" in str(error.value)
    assert "contenu" in str(error.value)
    assert error.value.returncode == 1


def test_a_changed_json_value_is_named(trail):
    victim = trail[1]
    changes = dict(victim.changes, forged=["0", "1"])
    _raw(
        "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
        [json.dumps(changes), victim.id],
    )
    with pytest.raises(CommandError, match=f"n° {victim.id}"):
        _verify()


def test_a_removed_row_is_named(trail):
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].id])
    with pytest.raises(CommandError) as error:
        _verify()
    assert f"n° {trail[2].id}" in str(error.value)
    assert "supprimé ou inséré" in str(error.value)


def test_a_row_inserted_in_the_database_is_named(trail):
    _raw(
        "INSERT INTO audit_auditevent (at, actor_username, action, model, object_id, "
        "object_repr, changes, reason, previous_hash, hash) "
        "VALUES (%s, 'faussaire', 'create', 'budget.Budget', '999', '', '{}', '', %s, %s)",
        [trail[-1].at, trail[-1].hash, "0" * 64],
    )
    forged = AuditEvent.objects.get(actor_username="faussaire")
    with pytest.raises(CommandError, match=f"n° {forged.id}"):
        _verify()


def test_the_chain_goes_on_after_a_bulk_create(trail):
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(actor_username="x", action="create", model="m", object_id=str(i))
            for i in (1, 2)
        ]
    )
    assert "intact" in _verify()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads need a shared database server"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    """Four threads writing at once: the advisory lock gives each event its own predecessor."""
    import threading

    from django.db import connections, transaction

    barrier = threading.Barrier(4)
    errors = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    AuditEvent.objects.create(
                        actor_username=f"t{n}", action="create", model="m", object_id=str(i)
                    )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.count() == 40
    assert len(set(AuditEvent.objects.values_list("previous_hash", flat=True))) == 40
    assert "intact" in _verify()
