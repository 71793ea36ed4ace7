"""`ctai notifications` deletes old read notifications: idempotent, with a summary."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ctai.notifications.enums import EmailState, NotificationKind
from ctai.notifications.models import DigestSent, Notification
from ctai.notifications.services import notify


def aged(user, key: str, *, days: int, read: bool, email=EmailState.SENT) -> Notification:
    [made] = notify(
        kind=NotificationKind.REPORT_VALIDATED,
        recipients=[user],
        event_key=key,
        title=f"Bilan validé ({key})",
        url="/",
    )
    when = timezone.now() - datetime.timedelta(days=days)
    Notification.objects.filter(pk=made.pk).update(
        created_at=when, read_at=when if read else None, email_state=email
    )
    return made


def run(*args) -> str:
    out = io.StringIO()
    call_command("notifications", *args, stdout=out)
    return out.getvalue()


def test_old_read_notifications_go_the_rest_stays_and_a_second_run_finds_nothing(world):
    op_b, state = world.people.op_b, world.people.state
    gone = aged(op_b, "old-read", days=200, read=True)
    kept = [
        aged(op_b, "old-unread", days=200, read=False),
        aged(state, "recent-read", days=100, read=True),
        aged(state, "old-read-mail-waiting", days=200, read=True, email=EmailState.PENDING),
        aged(state, "old-read-in-digest", days=200, read=True, email=EmailState.DIGEST),
    ]
    old_day = timezone.localdate() - datetime.timedelta(days=400)
    DigestSent.objects.create(user=state, day=old_day)
    first = run()
    assert "1 notification(s) lue(s) de plus de 180 jours supprimée(s)." in first
    assert not Notification.objects.filter(pk=gone.pk).exists()
    assert Notification.objects.filter(pk__in=[k.pk for k in kept]).count() == 4
    assert not DigestSent.objects.filter(day=old_day).exists()
    assert "0 notification(s) lue(s)" in run()


def test_the_delay_is_chosen_but_never_shorter_than_the_late_reminders(world, settings):
    aged(world.people.op_a, "read-120", days=120, read=True)
    settings.CTAI_NOTIFICATIONS_KEEP_DAYS = 365
    assert "0 notification(s) lue(s) de plus de 365 jours" in run()
    assert "1 notification(s) lue(s) de plus de 100 jours" in run("--jours", "100")
    with pytest.raises(CommandError, match="au moins 91 jours"):
        run("--jours", "30")
