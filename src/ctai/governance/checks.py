"""The COPIL rule fed from the database: registered as a findings source of ``ctai.checks``
(which sits below governance in the package order and cannot read meetings itself)."""

from django.utils import timezone

from ctai.checks.findings import Finding
from ctai.contracts.models import Contract
from ctai.governance.models import Meeting
from ctai.governance.rules import MeetingFact, check_meetings


def meeting_findings(contract_id: int) -> list[Finding]:
    contract = Contract.objects.filter(pk=contract_id).only("start", "end").first()
    if contract is None:
        return []
    facts = [
        MeetingFact(date, kind, status)
        for date, kind, status in Meeting.objects.filter(contract_id=contract_id).values_list(
            "date", "kind", "status"
        )
    ]
    return check_meetings(facts, start=contract.start, end=contract.end, today=timezone.localdate())
