"""The PostgreSQL connection kept between requests is checked without a round trip: a
connection the server closed is replaced before the request uses it, a healthy one is kept."""

import time

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL seulement"),
    pytest.mark.django_db(transaction=True),
]


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def check() -> None:
    """What Django does at the start of each request."""
    connection.health_check_done = False
    connection.close_if_health_check_failed()


def test_a_healthy_connection_is_kept_and_a_closed_one_replaced(settings):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert type(connections["default"]).__module__ == "ctai.core.postgresql.base"
    first = backend_pid()
    check()
    assert backend_pid() == first  # kept: no new connection

    params = connection.get_connection_params()
    with psycopg.connect(
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        dbname=params.get("dbname"),
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [first])
    deadline = time.monotonic() + 5
    while connection.socket_usable() and time.monotonic() < deadline:
        time.sleep(0.05)
    check()
    assert backend_pid() != first  # replaced before use: no error for the person
