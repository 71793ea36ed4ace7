"""Login throttling per client address, across login names.

django-axes locks one login name from one address after ``AXES_FAILURE_LIMIT`` failures
(ten): one person's mistakes never lock their colleagues behind the same proxy. Spraying many
login names from one address stays under that limit for each name; so, beside it, an address
whose failures *across all names* reach ``CTAI_LOGIN_FAILURES_PER_IP`` within the cool-off
(30 minutes) may not try again until they age out. The count is axes' own table (the database,
shared by every server process), not a per-process cache.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

THROTTLED_MESSAGE = (
    "Trop de tentatives de connexion ont échoué depuis votre adresse réseau, tous identifiants "
    "confondus. Par sécurité, la connexion depuis cette adresse est suspendue pendant "
    "{minutes} minutes. Si vous travaillez à plusieurs derrière la même connexion, "
    "prévenez l'administration de la plateforme."
)


def failures_from(ip: str) -> int:
    """Failed logins from ``ip`` during the cool-off, all login names together."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def address_throttled(ip: str) -> bool:
    if not settings.AXES_ENABLED or not ip:
        return False
    return failures_from(ip) >= settings.CTAI_LOGIN_FAILURES_PER_IP


def throttled_message() -> str:
    return THROTTLED_MESSAGE.format(minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
