"""The rule "a COPIL in June and in December" (article 6): pure, judged on a given day."""

import datetime

import pytest

from ctai.governance.rules import MeetingFact, check_meetings

START, END = datetime.date(2026, 1, 1), datetime.date(2028, 12, 31)
D = datetime.date


def codes(meetings, today, start=START, end=END):
    return [
        (f.code, f.year, f.severity)
        for f in check_meetings(meetings, start=start, end=end, today=today)
    ]


def test_a_year_not_yet_reached_is_no_finding():
    assert codes([], today=D(2026, 6, 30)) == []


def test_missing_june_and_december_once_their_deadline_passed():
    assert codes([], today=D(2027, 1, 2)) == [
        ("governance.copil_missing", 2026, "alerte"),
        ("governance.copil_missing", 2026, "alerte"),
    ]


def test_held_in_time_is_no_finding_planned_is_not_held():
    meetings = [
        MeetingFact(D(2026, 6, 12), "june", "minutes_approved"),
        MeetingFact(D(2026, 12, 4), "december", "planned"),
    ]
    findings = check_meetings(meetings, start=START, end=END, today=D(2027, 1, 10))
    assert [f.code for f in findings] == ["governance.copil_missing"]
    assert "décembre 2026" in findings[0].message
    assert "prévu le 04/12/2026 n'a pas été enregistré comme tenu" in findings[0].message


def test_late_meetings_and_extraordinary_ones_do_not_count():
    meetings = [
        MeetingFact(D(2026, 7, 8), "june", "held"),
        MeetingFact(D(2027, 1, 15), "december", "held"),
        MeetingFact(D(2026, 12, 10), "extraordinary", "held"),
    ]
    findings = check_meetings(meetings, start=START, end=END, today=D(2027, 2, 1))
    assert [(f.code, f.year) for f in findings] == [
        ("governance.copil_late", 2026),
        ("governance.copil_late", 2026),
    ]
    assert "s'est tenu le 08/07/2026, après le 30/06/2026" in findings[0].message


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Started in September: no June meeting that first year; ends in August: no December.
        (D(2025, 9, 1), D(2027, 8, 31), [2025, 2026, 2026, 2027]),
        # Ends in October of its last year: June is due, December is not.
        (D(2026, 1, 1), D(2026, 10, 31), [2026]),
    ],
)
def test_the_contract_period_decides_which_meetings_are_due(start, end, expected):
    found = check_meetings([], start=start, end=end, today=D(2030, 1, 1))
    assert [f.year for f in found] == expected
