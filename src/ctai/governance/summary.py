"""The governance part of the State evaluation of one programme year (for ``ctai.reporting``'s
evaluation files): plain values with French labels, no model objects."""

from django.db.models import Count, Prefetch

from ctai.contracts.models import ActionSheet, Contract
from ctai.governance.models import Decision, Meeting
from ctai.reporting.evaluation import render_evaluation


def meetings_about(contract: Contract, year: int) -> list[Meeting]:
    """The meetings that looked at ``year``: the December one of the year, the June one of
    the next (evaluation of N-1), the extraordinary ones of the year; by date."""
    candidates = (
        Meeting.objects.filter(contract=contract, date__year__in=[year, year + 1])
        .select_related("contract")
        .annotate(decision_count=Count("decisions"))
        .order_by("date", "pk")
    )
    return [meeting for meeting in candidates if year in meeting.years]


def decisions_of(meetings: list[Meeting]) -> list[Decision]:
    return list(
        Decision.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .prefetch_related(Prefetch("sheets", queryset=ActionSheet.objects.only("number")))
        .order_by("meeting__date", "pk")
    )


def decision_row(decision: Decision) -> dict:
    return {
        "text": decision.text,
        "kind": decision.get_kind_display(),
        "sheets": decision.sheet_numbers(),
        "owner": decision.owner,
        "due_date": decision.due_date,
        "status": decision.get_follow_up_display(),
        "follow_up": decision.follow_up_notes,
    }


def governance_for_evaluation(contract: Contract, year: int) -> dict:
    """``{"meetings": [{"date", "kind", "status", "decisions"}], "decisions": [{"text",
    "kind", "sheets", "owner", "due_date", "status", "follow_up"}]}``, French labels."""
    meetings = meetings_about(contract, year)
    return {
        "meetings": [
            {
                "date": meeting.date,
                "kind": meeting.get_kind_display(),
                "status": meeting.get_status_display(),
                "decisions": meeting.decision_count,
            }
            for meeting in meetings
        ],
        "decisions": [decision_row(d) for d in decisions_of(meetings)],
    }


def evaluation_file(*, contract: Contract, year: int, format: str) -> bytes:
    """The State evaluation of ``year`` with its governance part: what the download, the
    ``ctai evaluation`` command and any background job give."""
    governance = governance_for_evaluation(contract, year)
    return render_evaluation(contract=contract, year=year, format=format, governance=governance)
