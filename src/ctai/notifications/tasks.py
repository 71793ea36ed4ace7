"""Sending e-mails from the task queue (Django's tasks API, ``django-tasks`` with the
``django-tasks-db`` backend: the queue is a table, worked by ``ctai db_worker``).

A failed send is logged and tried again later (``ctai.core.mailqueue``); then the e-mail is
marked failed (the notification stays in the application). A task that finds its e-mail
already sent does nothing: running it twice sends once.
"""

import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from ctai.core.mailqueue import after_send_failure, enqueue_or_log, retry_delay
from ctai.notifications.enums import EmailState
from ctai.notifications.mail import digest_email, notification_email
from ctai.notifications.models import DigestSent, Notification

logger = logging.getLogger("ctai.notifications")


def enqueue_notification_email(notification_id: int) -> None:
    enqueue_or_log(
        send_notification_email,
        notification_id,
        what=f"Courriel de la notification {notification_id}",
        logger=logger,
    )


def enqueue_digest_email(digest_id: int) -> None:
    enqueue_or_log(
        send_digest_email, digest_id, what=f"Résumé quotidien {digest_id}", logger=logger
    )


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
        after_send_failure(
            error=error,
            attempts=notification.email_attempts + 1,
            pending=pending,
            failed={"email_state": EmailState.FAILED},
            task=send_notification_email,
            args=(notification_id,),
            what=f"Courriel de la notification {notification_id}",
            logger=logger,
        )
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
