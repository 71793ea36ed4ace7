"""Django's PostgreSQL backend; the health check of a kept connection asks the socket, not the
server.

With ``CONN_HEALTH_CHECKS``, Django checks a kept connection at the start of each request with
``SELECT 1``: a round trip on every page, an eighth of a page's time on a small server. An
idle connection has nothing to read: if its socket is readable, the server closed it (a
restart, ``pg_terminate_backend``, an idle timeout) or has something to say — in both cases
the connection is closed and a new one opened, as Django's check would. A connection that
fails later in the request is closed at its end by Django as before (``is_usable``, which
still asks the server, after an error).
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
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
