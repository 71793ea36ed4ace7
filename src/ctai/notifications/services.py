"""Notifying people: one ``notify`` for every kind; e-mails leave through the task queue.

``notify`` writes the notifications in the caller's transaction and enqueues their e-mails
only once it commits (``transaction.on_commit``): an action that is rolled back notifies
nobody, and a mail server that is down never breaks or slows the action (the worker sends,
retries and logs). An event already notified to a person is skipped: the database holds one
notification per (recipient, kind, event).
"""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from ctai.contracts.models import Contract
from ctai.notifications.enums import (
    DEFAULT_DELIVERY,
    MANDATORY,
    Delivery,
    EmailState,
    NotificationKind,
)
from ctai.notifications.models import Notification, NotificationPreference
from ctai.notifications.tasks import enqueue_notification_email

logger = logging.getLogger("ctai.notifications")


def delivery_for(user, kind: str) -> str:
    """How ``user`` receives ``kind`` by e-mail: mandatory kinds at once, else their choice."""
    if kind in MANDATORY:
        return Delivery.IMMEDIATE
    chosen = NotificationPreference.objects.filter(user=user, kind=kind).first()
    if chosen is not None:
        return chosen.delivery
    return DEFAULT_DELIVERY.get(kind, Delivery.IMMEDIATE)


def preferences(user) -> list[dict]:
    """Every kind with the person's choice, for the preferences page."""
    chosen = {p.kind: p.delivery for p in NotificationPreference.objects.filter(user=user)}
    return [
        {
            "kind": kind,
            "label": kind.label,
            "mandatory": kind in MANDATORY,
            "delivery": Delivery.IMMEDIATE
            if kind in MANDATORY
            else chosen.get(kind, DEFAULT_DELIVERY.get(kind, Delivery.IMMEDIATE)),
        }
        for kind in NotificationKind
    ]


@transaction.atomic
def set_preferences(*, user, choices: dict[str, str]) -> None:
    """Store the person's choices; mandatory kinds are not theirs to change (ignored)."""
    for kind, delivery in choices.items():
        if kind in MANDATORY or kind not in NotificationKind.values:
            continue
        if delivery not in Delivery.values:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


def notify(
    *,
    kind: str,
    recipients: Iterable,
    event_key: str,
    title: str,
    url: str,
    body: str = "",
    contract: Contract | int | None = None,
    actor=None,
    email: bool = True,
) -> list[Notification]:
    """Notify each recipient (but the actor) once of the event ``event_key``.

    Returns the notifications created now (none for people already notified of this event).
    ``email=False``: listed in the application only (the invitation has its own e-mail)."""
    contract_id = contract.pk if isinstance(contract, Contract) else contract
    created = []
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        state = EmailState.NONE
        if email and user.email:
            state = {
                Delivery.IMMEDIATE: EmailState.PENDING,
                Delivery.DIGEST: EmailState.DIGEST,
            }.get(delivery_for(user, kind), EmailState.NONE)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    event_key=event_key[:200],
                    contract_id=contract_id,
                    title=title[:300],
                    body=body,
                    url=url,
                    email_state=state,
                )
        except IntegrityError:  # this person already heard of this event
            continue
        created.append(notification)
        if state == EmailState.PENDING:
            transaction.on_commit(
                lambda pk=notification.pk: enqueue_notification_email(pk), robust=True
            )
    return created


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read (all unread ones when no id is given)."""
    unread = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
