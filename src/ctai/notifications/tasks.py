"""Sending e-mails from the task queue (Django's tasks API, ``django-tasks`` with the
``django-tasks-db`` backend: the queue is a table, worked by ``ctai db_worker``).

A failed send is logged (ids only: no address in the logs) and tried again later, up to
``CTAI_EMAIL_MAX_ATTEMPTS`` times with a growing delay; then the e-mail is marked failed (the
notification stays in the application). A task that finds its e-mail already sent does nothing:
running it twice sends once.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from ctai.notifications.enums import EmailState
from ctai.notifications.mail import digest_email, notification_email
from ctai.notifications.models import DigestSent, Notification

logger = logging.getLogger("ctai.notifications")


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8... minutes after the failed attempt."""
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


def enqueue_notification_email(notification_id: int) -> None:
    try:
        send_notification_email.enqueue(notification_id)
    except Exception:  # the queue unreachable: the action stays done; say so in the logs
        logger.exception("Courriel de la notification %s non mis en file", notification_id)


def enqueue_digest_email(digest_id: int) -> None:
    try:
        send_digest_email.enqueue(digest_id)
    except Exception:
        logger.exception("Résumé quotidien %s non mis en file", digest_id)


@task()
def send_notification_email(notification_id: int) -> str:
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, email_state=EmailState.PENDING)
        .first()
    )
    if notification is None:
        return "rien à envoyer"
    pending = Notification.objects.filter(pk=notification_id, email_state=EmailState.PENDING)
    try:
        notification_email(notification).send()
    except Exception as error:
        attempts = notification.email_attempts + 1
        if attempts >= settings.CTAI_EMAIL_MAX_ATTEMPTS:
            pending.update(email_state=EmailState.FAILED, email_attempts=attempts)
            logger.error(
                "Courriel de la notification %s abandonné après %s tentatives (%s)",
                notification_id,
                attempts,
                type(error).__name__,
            )
        else:
            pending.update(email_attempts=attempts)
            delay = retry_delay(attempts)
            logger.warning(
                "Courriel de la notification %s non envoyé (%s) : nouvel essai dans %s min",
                notification_id,
                type(error).__name__,
                int(delay.total_seconds() // 60),
            )
            send_notification_email.using(run_after=timezone.now() + delay).enqueue(notification_id)
        raise
    pending.update(
        email_state=EmailState.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    logger.info("Courriel de la notification %s envoyé", notification_id)
    return "envoyé"


@task()
def send_digest_email(digest_id: int) -> str:
    digest = DigestSent.objects.select_related("user").filter(pk=digest_id).first()
    if digest is None or digest.sent_at is not None:
        return "rien à envoyer"
    waiting = Notification.objects.filter(recipient=digest.user, email_state=EmailState.DIGEST)
    notifications = list(waiting.order_by("created_at", "id"))
    if not notifications or not digest.user.email:
        DigestSent.objects.filter(pk=digest_id).update(sent_at=timezone.now())
        return "rien à envoyer"
    try:
        digest_email(digest.user, notifications).send()
    except Exception as error:
        attempts = digest.email_attempts + 1
        DigestSent.objects.filter(pk=digest_id).update(email_attempts=attempts)
        if attempts < settings.CTAI_EMAIL_MAX_ATTEMPTS:
            delay = retry_delay(attempts)
            send_digest_email.using(run_after=timezone.now() + delay).enqueue(digest_id)
        logger.warning(
            "Résumé quotidien %s non envoyé (%s), tentative %s",
            digest_id,
            type(error).__name__,
            attempts,
        )
        raise
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        email_state=EmailState.SENT, emailed_at=now
    )
    DigestSent.objects.filter(pk=digest_id).update(sent_at=now)
    logger.info("Résumé quotidien %s envoyé (%s notifications)", digest_id, len(notifications))
    return "envoyé"
