"""Django's database sessions, read with one plain query (docs/adr/0012-page-cache.md, point
11): every request of a logged-in person reads its session, and building the ORM query cost
more than the query. Writing, expiry and everything else are Django's."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does: a new key at the next save
            return None
        # ``load`` reads only the data.
        return model(session_key=self.session_key, session_data=row[0])
