"""The password backend, whose reading of the person at each request is one query.

Django's ``ModelBackend`` for everything but ``get_user`` (called by the authentication
middleware at every request of a logged-in person): that reads the user row, their confirmed
authenticator applications (TOTP devices) and their active memberships together, in one plain
query (docs/adr/0012-page-cache.md, point 11), and leaves the devices and memberships on the
user for ``middleware_otp.OTPMiddleware`` and ``permissions.memberships``, which would
otherwise read them each with a query of their own. What Django checks afterwards (the
session's hash of the password, an inactive account refused) is unchanged.
"""

from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts.models import Membership
from ctai.audit import stamps
from ctai.core import rows

PATH = "ctai.accounts.backends.PasswordBackend"
# The leading columns of every row of the person's query: its kind, a key, a number and a
# text (``PERSON``: the person's row, then ``stamps.prefetch_selects``' rows, then the
# caller's own, such as the session's), then the person's columns.
LEADING, PERSON = 4, 0
ACTIVE = "revoked_at IS NULL"  # Membership.objects.active()
_SQL: dict[str, str] = {}
# The request's session store while Django reads its person (``middleware.
# AuthenticationMiddleware``): the person may have been read with the session.
READ_WITH_SESSION: ContextVar = ContextVar("ctai_read_with_session", default=None)


def _person_sql(connection) -> str:
    found = _SQL.get(connection.vendor)
    if found is None:
        user, device, membership = get_user_model(), TOTPDevice, Membership
        quote = connection.ops.quote_name
        found = _SQL[connection.vendor] = (
            f"SELECT {PERSON}, NULL, NULL, NULL, "
            f"{rows.columns(user, 'u', connection)}, {rows.columns(device, 'd', connection)}, "
            f"{rows.columns(membership, 'm', connection)} "
            f"FROM {quote(user._meta.db_table)} u "
            f"LEFT JOIN {quote(device._meta.db_table)} d ON d.user_id = u.id AND d.confirmed "
            f"LEFT JOIN {quote(membership._meta.db_table)} m "
            f"ON m.user_id = u.id AND m.{ACTIVE} "
            "WHERE u.id = %s"
        )
    return found


def width() -> int:
    """The number of the person's columns (after the ``LEADING`` ones)."""
    return rows.width(get_user_model()) + rows.width(TOTPDevice) + rows.width(Membership)


def person_query(user_id, connection) -> tuple[list[str], list]:
    """The members of the ``UNION ALL`` that reads the person of ``user_id`` (their row with
    their confirmed devices and active memberships, the stamps of their contracts and their
    navigation's counts), and its parameters."""
    quote = connection.ops.quote_name
    selects, arguments = stamps.prefetch_selects(
        user_id,
        f"SELECT contract_id FROM {quote(Membership._meta.db_table)} "
        f"WHERE user_id = %s AND {ACTIVE}",
        1 + width(),
    )
    return [_person_sql(connection), *selects], [user_id, *arguments]


def person_from_rows(read: list, connection):
    """The user that ``person_query``'s rows read, with ``_ctai_totp_devices`` (persistent id
    → confirmed device) and ``_ctai_memberships`` (active, as ``Membership.objects.of``) set,
    and the stamps and counts given to ``stamps.read_for_person``; None if absent."""
    model = get_user_model()
    found = [row[LEADING:] for row in read if row[0] == PERSON]
    if not found:
        return None
    users, devices = rows.width(model), rows.width(TOTPDevice)
    user = rows.instance(model, found[0][:users], connection)
    totp, memberships = {}, {}
    for row in found:
        device, membership = row[users : users + devices], row[users + devices :]
        if device[0] is not None and device[0] not in totp:
            totp[device[0]] = rows.instance(TOTPDevice, device, connection)
        if membership[0] is not None and membership[0] not in memberships:
            memberships[membership[0]] = rows.instance(Membership, membership, connection)
    for item in [*totp.values(), *memberships.values()]:
        type(item).user.field.set_cached_value(item, user)
    user._ctai_totp_devices = {device.persistent_id: device for device in totp.values()}
    user._ctai_memberships = list(memberships.values())
    stamps.prefetched(
        user,
        [row[:3] for row in read if row[0] in (stamps.COUNT, stamps.STAMP)],
        {m.contract_id for m in user._ctai_memberships},
        connection,
    )
    return user


def read_person(user_id):
    """The person of ``user_id`` (``person_from_rows``), in one query."""
    connection = connections[router.db_for_read(get_user_model())]
    selects, arguments = person_query(user_id, connection)
    with rows.cursor(connection) as cursor:
        cursor.execute(" UNION ALL ".join(selects), arguments)
        return person_from_rows(cursor.fetchall(), connection)


class PasswordBackend(ModelBackend):
    def get_user(self, user_id):
        session = READ_WITH_SESSION.get()
        early = getattr(session, "ctai_person", None)
        if early is not None:
            session.ctai_person = None  # taken once
        # Read with the session only if the session names that very person.
        user = early if early is not None and early.pk == user_id else read_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
