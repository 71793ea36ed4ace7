"""The rule "the COPIL meets at least twice a year, in June and in December" (article 6).

A pure function over plain data (no database), like the rules of ``ctai.checks``: it gets the
contract's meetings as ``MeetingFact`` and the day to judge on. For every year of the contract's
period:

- **June** (evaluation of N-1): a meeting of kind "june" held by 30 June of the year; expected
  when the contract has started by then.
- **December** (progress of N): a meeting of kind "december" held by 31 December; expected when
  the contract still runs on 1 December. One held in the first quarter of N+1 counts, late.

``governance.copil_missing`` (alerte): the deadline has passed and no such meeting was held (a
planned one that was never marked held counts as not held). ``governance.copil_late`` (alerte):
it was held, after its deadline. A deadline not yet reached is no finding. Extraordinary
meetings do not stand in for either. Alerts, not errors: they never block the validation of a
programmation.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import contract_finding
from ctai.governance.enums import HELD_STATUSES, MeetingKind


@dataclass(frozen=True)
class MeetingFact:
    date: datetime.date
    kind: str
    status: str


def _french(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Expected:
    year: int
    kind: str
    deadline: datetime.date
    label: str  # "de juin 2027 (évaluation de l'année 2026)"

    def counts(self, meeting: MeetingFact) -> bool:
        if meeting.kind != self.kind:
            return False
        if self.kind == MeetingKind.JUNE:
            return meeting.date.year == self.year
        return meeting.date.year == self.year or (
            meeting.date.year == self.year + 1 and meeting.date.month <= 3
        )


def expected_meetings(start: datetime.date, end: datetime.date) -> list[Expected]:
    expected = []
    for year in range(start.year, end.year + 1):
        june = datetime.date(year, 6, 30)
        if start <= june:
            label = f"de juin {year} (évaluation de l'année {year - 1})"
            expected.append(Expected(year, MeetingKind.JUNE, june, label))
        if end >= datetime.date(year, 12, 1):
            label = f"de décembre {year} (point d'étape de l'année {year})"
            expected.append(
                Expected(year, MeetingKind.DECEMBER, datetime.date(year, 12, 31), label)
            )
    return expected


def check_meetings(
    meetings: Iterable[MeetingFact],
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> list[Finding]:
    meetings = list(meetings)
    findings = []
    for expected in expected_meetings(start, end):
        held = sorted(m.date for m in meetings if expected.counts(m) and m.status in HELD_STATUSES)
        if any(day <= expected.deadline for day in held):
            continue
        if held:
            findings.append(
                contract_finding(
                    "governance.copil_late",
                    Severity.ALERTE,
                    f"Le comité de pilotage {expected.label} s'est tenu le {_french(held[0])}, "
                    f"après le {_french(expected.deadline)} : l'article 6 du contrat le prévoit "
                    f"en {'juin' if expected.kind == MeetingKind.JUNE else 'décembre'}.",
                    figures={
                        "held": held[0].isoformat(),
                        "deadline": expected.deadline.isoformat(),
                    },
                    year=expected.year,
                )
            )
        elif today > expected.deadline:
            planned = sorted(m.date for m in meetings if expected.counts(m))
            detail = (
                f" Celui prévu le {_french(planned[0])} n'a pas été enregistré comme tenu."
                if planned
                else ""
            )
            findings.append(
                contract_finding(
                    "governance.copil_missing",
                    Severity.ALERTE,
                    f"Aucun comité de pilotage {expected.label} n'a été tenu (échéance le "
                    f"{_french(expected.deadline)}) : l'article 6 du contrat demande un comité "
                    f"au moins en juin et en décembre.{detail} Enregistrez-le comme tenu, ou "
                    f"planifiez-le sur la page « Comités de pilotage ».",
                    figures={"deadline": expected.deadline.isoformat()},
                    year=expected.year,
                )
            )
    return findings
