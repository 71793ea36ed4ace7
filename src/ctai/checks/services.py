"""Findings stored per contract, recomputed from the contract's ctai/1 export."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from ctai.audit.stamps import bump
from ctai.checks.engine import run_checks, sort_key
from ctai.checks.findings import Finding
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet, Contract
from ctai.exchange.export import contract_queryset, contract_to_document

FindingKey = tuple[str, int | None, int | None, str]


@dataclass
class FindingsDelta:
    """What a recomputation changed: findings that appeared and that disappeared."""

    appeared: list[StoredFinding] = field(default_factory=list)
    disappeared: list[StoredFinding] = field(default_factory=list)


def _key(code: str, action: int | None, year: int | None, message: str) -> FindingKey:
    return (code, action, year, message)


# Findings about data the ctai/1 document does not hold (steering committees...), computed by
# a package above this one in the package order: it registers a source at start-up (ADR 0014).
FindingsSource = Callable[[int], Iterable[Finding]]
SOURCES: list[FindingsSource] = []


def register_findings_source(source: FindingsSource) -> None:
    """``source(contract_id)`` gives more findings of the contract; registered once."""
    if source not in SOURCES:
        SOURCES.append(source)


def check_contract(contract_id: int) -> list[Finding]:
    findings = run_checks(contract_to_document(contract_queryset().get(pk=contract_id)))
    extra = [finding for source in SOURCES for finding in source(contract_id)]
    return sorted(findings + extra, key=sort_key) if extra else findings


@transaction.atomic
def refresh_findings(*, contract: Contract) -> FindingsDelta:
    """Recompute and store the findings of ``contract``; say which appeared or disappeared.

    Each finding keeps its programme year and, when it is about a sheet, the sheet of that
    number and year."""
    findings = check_contract(contract.pk)
    before = {_key(f.code, f.action_number, f.year, f.message): f for f in contract.findings.all()}
    after = {_key(f.code, f.action, f.year, f.message): f for f in findings}
    sheets = dict(
        ((number, year), pk)
        for pk, number, year in ActionSheet.objects.filter(contract=contract).values_list(
            "pk", "number", "year"
        )
    )
    contract.findings.all().delete()
    bump(contract.pk)  # bulk_create sends no signal
    stored = StoredFinding.objects.bulk_create(
        StoredFinding(
            contract=contract,
            code=finding.code,
            severity=str(finding.severity),
            action_number=finding.action,
            year=finding.year,
            sheet_id=sheets.get((finding.action, finding.year)),
            message=finding.message,
            figures=finding.figures,
            lines=list(finding.lines),
            position=position,
        )
        for position, finding in enumerate(findings)
    )
    return FindingsDelta(
        appeared=[
            s for s in stored if _key(s.code, s.action_number, s.year, s.message) not in before
        ],
        disappeared=[f for k, f in before.items() if k not in after],
    )
