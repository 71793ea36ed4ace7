"""What time brings: reminders before a due date (15 and 3 days), weekly reminders of a late
report, and each person's daily digest. ``ctai notifications`` runs ``run`` every hour; each
reminder and each digest has its key in the database (a reminder per report and bucket, a
digest per person and day), so a second run in the same hour, or the same day, sends nothing
again. Then read notifications older than ``CTAI_NOTIFICATIONS_KEEP_DAYS`` (180) are deleted.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ctai.contracts.models import ActionSheet
from ctai.notifications import events
from ctai.notifications.enums import EmailState
from ctai.notifications.enums import NotificationKind as K
from ctai.notifications.models import DigestSent, Notification
from ctai.notifications.tasks import enqueue_digest_email
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import OperatorReport, ReportingPeriod

SOON, VERY_SOON = 15, 3  # days before the due date
LATE_WEEKS = 12  # weekly reminders of a late report stop after this many weeks


# Old read notifications are deleted after this many days (CTAI_NOTIFICATIONS_KEEP_DAYS); never
# fewer than MIN_KEEP_DAYS: a reminder's key must outlive the window in which its bucket can
# come back (12 weeks late), or a purge would let it be sent again.
DEFAULT_KEEP_DAYS = 180
MIN_KEEP_DAYS = (LATE_WEEKS + 1) * 7


@dataclass
class RunSummary:
    reminders: int = 0
    digests: int = 0
    purged: int = 0


def bucket(days_left: int) -> tuple[str, str, str] | None:
    """(kind, key bucket, French text) for a report due in ``days_left`` days, or None."""
    if VERY_SOON < days_left <= SOON:
        return K.DUE_SOON, f"j{SOON}", f"à remettre dans {days_left} jours"
    if 0 <= days_left <= VERY_SOON:
        when = "aujourd'hui" if days_left == 0 else f"dans {days_left} jour{'s' * (days_left > 1)}"
        return K.DUE_SOON, f"j{VERY_SOON}", f"à remettre {when}"
    late = -days_left
    week = (late - 1) // 7
    if late > 0 and week < LATE_WEEKS:
        return K.LATE, f"retard-s{week}", f"en retard de {late} jour{'s' * (late > 1)}"
    return None


def remind(today: datetime.date) -> int:
    """Reminders for every report still with its operator (not started, draft, to correct)."""
    sent = 0
    periods = ReportingPeriod.objects.filter(
        due_date__lte=today + datetime.timedelta(days=SOON),
        due_date__gt=today - datetime.timedelta(weeks=LATE_WEEKS),
    ).order_by("due_date", "pk")
    for period in periods:
        found = bucket((period.due_date - today).days)
        if found is None:
            continue
        kind, key, text = found
        done = OperatorReport.objects.filter(
            period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.VALIDATED]
        ).values("sheet")
        sheets = ActionSheet.objects.filter(
            contract=period.contract_id, year=period.year, operator__isnull=False
        ).exclude(pk__in=done)
        for sheet in sheets.order_by("number"):
            sent += len(events.reminder(period, sheet, kind=kind, bucket=key, text=text))
    return sent


def digests(now: datetime.datetime) -> int:
    """One digest a day per person who has notifications waiting for it, from
    ``CTAI_DIGEST_HOUR`` o'clock (local time)."""
    local = timezone.localtime(now)
    if local.hour < settings.CTAI_DIGEST_HOUR:
        return 0
    waiting = (
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .values_list("recipient", flat=True)
        .distinct()
    )
    prepared = 0
    for user_id in sorted(set(waiting)):
        try:
            with transaction.atomic():
                digest = DigestSent.objects.create(user_id=user_id, day=local.date())
        except IntegrityError:  # already sent today
            continue
        transaction.on_commit(lambda pk=digest.pk: enqueue_digest_email(pk), robust=True)
        prepared += 1
    return prepared


def keep_days() -> int:
    return int(getattr(settings, "CTAI_NOTIFICATIONS_KEEP_DAYS", DEFAULT_KEEP_DAYS))


@transaction.atomic
def purge(*, now: datetime.datetime, days: int) -> int:
    """Delete the notifications read and created more than ``days`` days ago, whose e-mail is
    not waiting to leave, and the digest records of those days. Returns how many
    notifications were deleted; a second run finds nothing more."""
    if days < MIN_KEEP_DAYS:
        raise ValueError(
            f"Les notifications se gardent au moins {MIN_KEEP_DAYS} jours (durée des relances "
            f"d'un bilan en retard) : {days} jours, c'est trop peu."
        )
    cutoff = now - datetime.timedelta(days=days)
    old = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).exclude(
        email_state__in=(EmailState.PENDING, EmailState.DIGEST)
    )
    deleted, _ = old.delete()
    DigestSent.objects.filter(day__lt=timezone.localtime(cutoff).date()).delete()
    return deleted


def run(*, now: datetime.datetime | None = None, keep: int | None = None) -> RunSummary:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    return RunSummary(
        reminders=remind(today),
        digests=digests(now),
        purged=purge(now=now, days=keep_days() if keep is None else keep),
    )
