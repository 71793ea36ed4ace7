"""Django's PostgreSQL backend; the health check of a kept connection asks the socket, not the
server; a cursor whose statements the server prepares, for the queries of every request.

With ``CONN_HEALTH_CHECKS``, Django checks a kept connection at the start of each request with
``SELECT 1``: a round trip on every page, an eighth of a page's time on a small server. An
idle connection has nothing to read: if its socket is readable, the server closed it (a
restart, ``pg_terminate_backend``, an idle timeout) or has something to say — in both cases
the connection is closed and a new one opened, as Django's check would. A connection that
fails later in the request is closed at its end by Django as before (``is_usable``, which
still asks the server, after an error).

Django's cursors bind parameters on the client: the server parses and plans every statement
anew, which for the few statements each request runs (the session with its person, ADR 0012
point 13) cost four times their execution. ``prepared_cursor`` binds them on the server and
prepares each at its first run on the connection: the server parses it once, and plans it once
when its generic plan is as good as a custom one; its statements are logged
(``connection.queries``) as any other.
"""

import select
import sys

from django.db.backends.postgresql import base, operations
from psycopg import Cursor, errors
from psycopg.pq import Format

# ``create_cursor``'s name for a cursor bound on the server (not a named, server-side cursor).
PREPARED = "ctai-prepared"


class PreparedCursor(Cursor):
    """Prepares each statement at its first run (Django's connections set no
    ``prepare_threshold``: psycopg would prepare nothing by itself); psycopg keeps the
    connection's last ``prepared_max`` statements prepared and runs them by name."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=prepare is not False, binary=binary)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        if isinstance(cursor, PreparedCursor):  # as Django's, for its cursors bound on the server
            try:
                return self.compose_sql(sql, params)
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if "prepare_threshold" not in self.settings_dict["OPTIONS"]:
            # Django sets none, which turns psycopg's preparing off even when asked: prepare
            # only what ``PreparedCursor`` asks for (Django's cursors, bound on the client,
            # never prepare). ``OPTIONS["prepare_threshold"] = None`` (a pooler in
            # transaction mode) keeps every statement unprepared.
            connection.prepare_threshold = sys.maxsize
        return connection

    def close_if_health_check_failed(self):
        if self.pool:
            return  # the pool only returns healthy connections
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if not self.socket_usable():
            self.close()
        self.health_check_done = True

    def socket_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def prepared_cursor(self):
        """A cursor (wrapped and logged as Django's) binding its parameters on the server."""
        return self._cursor(PREPARED)

    def create_cursor(self, name=None):
        if name != PREPARED:
            return super().create_cursor(name)
        cursor = PreparedCursor(self.connection)
        # As Django's: the connection's time zone for the timestamps read.
        loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
        if self.timezone != loader.timezone:
            base.register_tzloader(self.timezone, cursor)
        return cursor
