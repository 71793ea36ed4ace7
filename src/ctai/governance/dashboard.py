"""The steering committees' block of the contract dashboard: next meeting, last ones, open
decisions. One function, one include template (``governance/includes/dashboard_block.html``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ctai.contracts.models import ActionSheet, Contract
from ctai.governance.models import Decision, Meeting

SHOWN = 3


@dataclass(frozen=True)
class GovernanceBlock:
    next_meeting: Meeting | None
    upcoming: list[Meeting]
    past: list[Meeting]
    open_decisions: list[Decision]
    open_count: int
    late_count: int
    today: datetime.date


def dashboard_governance(contract: Contract, today: datetime.date | None = None) -> GovernanceBlock:
    """Four queries whatever the number of meetings and decisions."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(contract=contract)
    upcoming = list(meetings.upcoming(today)[: SHOWN + 1])
    past = list(meetings.past(today)[:SHOWN])
    open_decisions = (
        Decision.objects.filter(meeting__contract=contract)
        .open()
        .select_related("meeting")
        .prefetch_related(Prefetch("sheets", queryset=ActionSheet.objects.only("number", "year")))
        .order_by("due_date", "pk")
    )
    shown = list(open_decisions[:SHOWN])
    counted = list(open_decisions.values_list("due_date", flat=True))
    return GovernanceBlock(
        next_meeting=upcoming[0] if upcoming else None,
        upcoming=upcoming[1:],
        past=past,
        open_decisions=shown,
        open_count=len(counted),
        late_count=sum(1 for due in counted if due is not None and due < today),
        today=today,
    )


def sheet_decisions(sheet: ActionSheet) -> list[Decision]:
    """The decisions concerning a sheet (of any meeting), newest meeting first."""
    return list(
        Decision.objects.filter(sheets=sheet)
        .select_related("meeting")
        .prefetch_related(Prefetch("sheets", queryset=ActionSheet.objects.only("number", "year")))
        .order_by("-meeting__date", "pk")
    )
