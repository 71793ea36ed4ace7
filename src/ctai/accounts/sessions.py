"""Django's database sessions, read with one plain query — with the person in the same query
when this process has already seen the session (docs/adr/0012-page-cache.md, point 11).

Every request of a logged-in person reads its session, then its person: two round trips, and
building ORM queries cost more than running them. The session's row is read with a plain
query; once a session has been read with its person, this process remembers whose it is
(``remember``: a bounded table in memory, apart from the page caches), and the next read of
the session brings the person's rows (``backends.person_query``) in the same statement. The
session still decides: ``backends.PasswordBackend`` uses the person read with it only if the
session names that very person, and Django checks their password hash as before. Writing,
expiry and everything else are Django's.
"""

import threading
from collections import OrderedDict

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from ctai.accounts import backends
from ctai.core import rows

SESSION = 3  # the kind of the session's row among the person's (backends.LEADING)
# Session key -> user id, the most recently read last; the oldest forgotten past the bound (a
# forgotten or ended session only costs the query it would have saved).
_WHOSE: OrderedDict[str, int] = OrderedDict()
_WHOSE_BOUND = 20_000
_LOCK = threading.Lock()


def remember(session_key: str, user_id: int) -> None:
    """The session of ``session_key`` is ``user_id``'s: read their rows with it next time."""
    with _LOCK:
        _WHOSE[session_key] = user_id
        _WHOSE.move_to_end(session_key)
        while len(_WHOSE) > _WHOSE_BOUND:
            _WHOSE.popitem(last=False)


def _whose(session_key: str) -> int | None:
    with _LOCK:
        return _WHOSE.get(session_key)


class SessionStore(db.SessionStore):
    # The person read with the session (``backends.person_from_rows``), taken once by the
    # authentication backend; the user id this process expected.
    ctai_person = None
    ctai_hint = None

    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        where = "WHERE session_key = %s AND expire_date > %s"
        arguments = [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())]
        self.ctai_hint = hint = _whose(self.session_key)
        with rows.cursor(connection) as cursor:
            if hint is None:
                cursor.execute(f"SELECT session_data FROM {table} {where}", arguments)
                found = [row[0] for row in cursor.fetchall()]
            else:
                selects, person_arguments = backends.person_query(hint, connection)
                selects.append(
                    f"SELECT {SESSION}, NULL, NULL, session_data"
                    f"{', NULL' * backends.width()} FROM {table} {where}"
                )
                cursor.execute(" UNION ALL ".join(selects), [*person_arguments, *arguments])
                read = cursor.fetchall()
                found = [row[3] for row in read if row[0] == SESSION]
                self.ctai_person = backends.person_from_rows(
                    [row for row in read if row[0] != SESSION], connection
                )
        if not found:
            self._session_key = None  # as Django does: a new key at the next save
            return None
        # ``load`` reads only the data.
        return model(session_key=self.session_key, session_data=found[0])
