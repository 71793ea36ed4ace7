"""Recovery codes (codes de secours): ten single-use codes for the day the phone is lost.

They are django-otp static tokens on one ``StaticDevice`` per person; generating a new set
replaces the old one. Only the person, in a session already verified with their
authenticator, can generate them, and they are shown once.
"""

from django.db import connections, router, transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.core import rows

COUNT = 10
DEVICE_NAME = "Codes de secours"


def has_authenticator(user) -> bool:
    """A confirmed authenticator application (TOTP): what the prompt and the setup ask for.
    A session verified with one already holds it (``otp_device``, read by django-otp's
    middleware at each request): no query."""
    device = getattr(user, "otp_device", None)
    if isinstance(device, TOTPDevice) and device.confirmed and device.user_id == user.pk:
        return True
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def remaining(user) -> int:
    """The person's unused codes (shown on the account page at each visit: a plain query, the
    ORM's join and count cost more than reading them)."""
    connection = connections[router.db_for_read(StaticToken)]
    quote = connection.ops.quote_name
    with rows.cursor(connection) as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(StaticToken._meta.db_table)} t "
            f"JOIN {quote(StaticDevice._meta.db_table)} d ON d.id = t.device_id "
            "WHERE d.user_id = %s AND d.confirmed",
            [user.pk],
        )
        return cursor.fetchone()[0]


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """A new set of codes; any earlier set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
