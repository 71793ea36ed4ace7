"""E-mails from the task queue (django-tasks, ``django-tasks-db``: a table worked by
``ctai db_worker``): what every e-mail task does when a send fails or the queue is unreachable.

A failed send is logged (ids only, never an address) and tried again later, up to
``CTAI_EMAIL_MAX_ATTEMPTS`` times with a growing delay; then the row is marked failed. Used by
the notifications' e-mails and by the invitations'.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8... minutes after the failed attempt."""
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def enqueue_or_log(task, *args, what: str, logger: logging.Logger) -> None:
    """Queue ``task``; the queue unreachable leaves the action done and says so in the logs."""
    try:
        task.enqueue(*args)
    except Exception:
        logger.exception("%s non mis en file", what)


def after_send_failure(
    *,
    error: Exception,
    attempts: int,
    pending,
    failed: dict,
    task,
    args: tuple,
    what: str,
    logger: logging.Logger,
) -> None:
    """A send failed (``attempts`` made, this one included): record it on ``pending`` (a
    QuerySet of the row, still pending), then either give up (``failed``: the fields that
    say so) or queue ``task(*args)`` again after ``retry_delay``."""
    if attempts >= settings.CTAI_EMAIL_MAX_ATTEMPTS:
        pending.update(email_attempts=attempts, **failed)
        logger.error("%s abandonné après %s tentatives (%s)", what, attempts, type(error).__name__)
        return
    pending.update(email_attempts=attempts)
    delay = retry_delay(attempts)
    logger.warning(
        "%s non envoyé (%s) : nouvel essai dans %s min",
        what,
        type(error).__name__,
        int(delay.total_seconds() // 60),
    )
    task.using(run_after=timezone.now() + delay).enqueue(*args)
