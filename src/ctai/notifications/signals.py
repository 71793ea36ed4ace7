"""Listening to the domain: rows written by the reporting, programmation and accounts services.

A notification that cannot be written (a bug, a database error) never breaks the action: the
handler runs in a savepoint, and the failure is logged.
"""

import functools
import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from ctai.accounts.models import Invitation
from ctai.amendments.enums import AmendmentStatus
from ctai.amendments.models import Amendment
from ctai.contracts.models import AnnualEnvelope
from ctai.governance.enums import MeetingStatus
from ctai.governance.models import Meeting
from ctai.notifications import events
from ctai.reporting.models import (
    ContradictoryEvaluation,
    ReportComment,
    ReportingPeriod,
    ReportTransition,
    SheetComment,
)

logger = logging.getLogger("ctai.notifications")


def never_breaks(handler):
    @functools.wraps(handler)
    def wrapper(sender, instance, **kwargs):
        try:
            with transaction.atomic():
                handler(sender, instance, **kwargs)
        except Exception:
            logger.exception(
                "Notification non créée (%s %s)", sender._meta.label, getattr(instance, "pk", "")
            )

    return wrapper


@receiver(post_save, sender=ReportingPeriod, dispatch_uid="notify_period_opened")
@never_breaks
def on_period(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        events.period_opened(instance)


@receiver(post_save, sender=ReportTransition, dispatch_uid="notify_report_moved")
@never_breaks
def on_transition(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        events.report_moved(instance)


@receiver(post_save, sender=ReportComment, dispatch_uid="notify_message_posted")
@receiver(post_save, sender=SheetComment, dispatch_uid="notify_sheet_message_posted")
@never_breaks
def on_comment(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        events.message_posted(instance)


@receiver(post_save, sender=AnnualEnvelope, dispatch_uid="notify_programmation_validated")
@never_breaks
def on_envelope(sender, instance, raw=False, update_fields=None, **kwargs):
    validated = update_fields is None or "programmation_validated_at" in update_fields
    if not raw and validated and instance.programmation_validated_at is not None:
        events.programmation_validated(instance)


@receiver(post_save, sender=Invitation, dispatch_uid="notify_invitation")
@never_breaks
def on_invitation(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        events.invited(instance)


@receiver(post_save, sender=ContradictoryEvaluation, dispatch_uid="notify_contradictory_signed")
@never_breaks
def on_contradictory(sender, instance, raw=False, **kwargs):
    if not raw:
        events.contradictory_signed(instance)


@receiver(post_save, sender=Meeting, dispatch_uid="notify_meeting")
@never_breaks
def on_meeting(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        events.meeting_planned(instance)
    elif instance.status == MeetingStatus.MINUTES_APPROVED and (
        update_fields is None or "status" in update_fields
    ):
        events.minutes_available(instance)


@receiver(post_save, sender=Amendment, dispatch_uid="notify_amendment_drafted")
@never_breaks
def on_amendment(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and instance.status == AmendmentStatus.DRAFT:
        events.amendment_drafted(instance)
