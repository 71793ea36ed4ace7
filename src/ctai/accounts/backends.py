"""The password backend, whose reading of the person at each request is one query.

Django's ``ModelBackend`` for everything but ``get_user`` (called by the authentication
middleware at every request of a logged-in person): that reads the user row, their confirmed
authenticator applications (TOTP devices) and their active memberships together, in one plain
query (docs/adr/0012-page-cache.md, point 11), and leaves the devices and memberships on the
user for ``middleware_otp.OTPMiddleware`` and ``permissions.memberships``, which would
otherwise read them each with a query of their own. What Django checks afterwards (the
session's hash of the password, an inactive account refused) is unchanged.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts.models import Membership
from ctai.core import rows

PATH = "ctai.accounts.backends.PasswordBackend"
_SQL: dict[str, str] = {}


def _sql(connection) -> str:
    found = _SQL.get(connection.vendor)
    if found is None:
        found = _SQL[connection.vendor] = _build_sql(connection)
    return found


def _build_sql(connection) -> str:
    user, device, membership = get_user_model(), TOTPDevice, Membership
    quote = connection.ops.quote_name
    return (
        f"SELECT {rows.columns(user, 'u', connection)}, {rows.columns(device, 'd', connection)}, "
        f"{rows.columns(membership, 'm', connection)} "
        f"FROM {quote(user._meta.db_table)} u "
        f"LEFT JOIN {quote(device._meta.db_table)} d ON d.user_id = u.id AND d.confirmed "
        f"LEFT JOIN {quote(membership._meta.db_table)} m "
        "ON m.user_id = u.id AND m.revoked_at IS NULL "
        "WHERE u.id = %s"
    )


def read_person(user_id):
    """The user of ``user_id`` with ``_ctai_totp_devices`` (persistent id → confirmed device)
    and ``_ctai_memberships`` (active, as ``Membership.objects.of``) set; None if absent."""
    model = get_user_model()
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection), [user_id])
        found = cursor.fetchall()
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
    return user


class PasswordBackend(ModelBackend):
    def get_user(self, user_id):
        user = read_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
