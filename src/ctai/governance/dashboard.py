"""The steering committees' block of the contract dashboard: next meeting, last ones, open
decisions. One function, one include template (``governance/includes/dashboard_block.html``)."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch
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
    """Two queries (three with open decisions): a contract holds a few meetings a year, so all
    of them are read and split in Python; so are its open decisions."""
    today = today or timezone.localdate()
    meetings = list(Meeting.objects.filter(contract=contract).order_by("date", "pk"))
    upcoming = [m for m in meetings if m.date >= today]
    past = [m for m in reversed(meetings) if m.date < today]
    open_decisions = list(
        Decision.objects.filter(meeting__contract=contract)
        .open()
        .select_related("meeting", "amendment")
        .prefetch_related(Prefetch("sheets", queryset=ActionSheet.objects.only("number", "year")))
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return GovernanceBlock(
        next_meeting=upcoming[0] if upcoming else None,
        upcoming=upcoming[1 : SHOWN + 1],
        past=past[:SHOWN],
        open_decisions=open_decisions[:SHOWN],
        open_count=len(open_decisions),
        late_count=sum(1 for d in open_decisions if d.due_date and d.due_date < today),
        today=today,
    )


def sheet_decisions(sheet: ActionSheet) -> list[Decision]:
    """The decisions concerning a sheet (of any meeting), newest meeting first."""
    return list(
        Decision.objects.filter(sheets=sheet)
        .select_related("meeting", "amendment")
        .prefetch_related(Prefetch("sheets", queryset=ActionSheet.objects.only("number", "year")))
        .order_by("-meeting__date", "pk")
    )
