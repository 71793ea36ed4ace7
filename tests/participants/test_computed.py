"""Indicators computed from the register, per sheet and contract-wide (distinct people)."""

import datetime
from decimal import Decimal

import pytest

from ctai.participants.computed import (
    compare,
    contract_unique_counts,
    sheet_figures,
    suppressed,
)
from ctai.participants.enums import CefrLevel, ExitKind, ProtectionStatus, ResultKind, Sex
from ctai.participants.models import Attendance, Session
from ctai.participants.services import exit_record, result_add
from tests.factories import ActionIndicatorFactory
from tests.participants.builders import YEAR, enrol, world

pytestmark = pytest.mark.django_db


def people(w):
    """Five people on the French course of operator A, one also in operator B's action."""
    op = w.users["op_a"]
    leila = enrol(w.sheet_a, op)  # woman, BPI, born 1999: 28 in 2027
    olena = enrol(
        w.sheet_a,
        op,
        family_name="Petrenko",
        first_names="Olena",
        birth_date=datetime.date(2004, 1, 3),
        status=ProtectionStatus.BPT,
        status_year=2022,
    )
    ahmad = enrol(
        w.sheet_a,
        op,
        family_name="Karimi",
        first_names="Ahmad",
        sex=Sex.MAN,
        birth_date=datetime.date(2003, 7, 9),
        french_level=CefrLevel.A0,
    )
    samuel = enrol(
        w.sheet_a,
        op,
        family_name="Tesfaye",
        first_names="Samuel",
        sex=Sex.MAN,
        status=ProtectionStatus.EPA,
        residence_start=datetime.date(2025, 5, 1),
        birth_date=datetime.date(1985, 1, 1),
    )
    amina = enrol(
        w.sheet_a,
        op,
        family_name="Diallo",
        first_names="Amina",
        birth_date=datetime.date(1990, 2, 2),
    )
    enrol(
        w.sheet_b,
        w.users["op_b"],
        family_name="PETRENKO",
        first_names="olena",
        birth_date=datetime.date(2004, 1, 3),
        status=ProtectionStatus.BPT,
        status_year=2022,
    )
    return leila, olena, ahmad, samuel, amina


def sessions(w, hours):
    return [
        Session.objects.create(sheet=w.sheet_a, date=datetime.date(YEAR, 3, d), duration=h)
        for d, h in enumerate(hours, start=1)
    ]


def test_the_figures_of_a_sheet():
    w = world()
    leila, olena, ahmad, samuel, amina = people(w)
    s = sessions(w, [Decimal(3)] * 10)  # 30 h offered
    for enrolment, attended in ((leila, 8), (olena, 10), (ahmad, 7), (samuel, 2)):
        Attendance.objects.bulk_create(
            Attendance(session=x, enrolment=enrolment, present=i < attended)
            for i, x in enumerate(s)
        )
    # Amina's own pathway is 6 h: 2 sessions attended out of her 6 h planned.
    amina.planned_hours = Decimal(6)
    amina.save()
    Attendance.objects.bulk_create(Attendance(session=x, enrolment=amina) for x in s[:2])
    op = w.users["op_a"]
    day = datetime.date(YEAR, 6, 1)
    result_add(
        enrolment=leila,
        actor=op,
        kind=ResultKind.POSITIONING,
        date=day,
        level=CefrLevel.A1,
        tef_score=None,
    )
    result_add(
        enrolment=leila,
        actor=op,
        kind=ResultKind.CERTIFICATION,
        date=day,
        level=CefrLevel.A2,
        tef_score=None,
    )  # A1 → A2: progressed
    result_add(
        enrolment=ahmad,
        actor=op,
        kind=ResultKind.CERTIFICATION,
        date=day,
        level=CefrLevel.A0,
        tef_score=120,
    )  # A0 → A0: not progressed
    result_add(
        enrolment=olena,
        actor=op,
        kind=ResultKind.POSITIONING,
        date=day,
        level=CefrLevel.B1,
        tef_score=None,
    )  # positioned B1, then B2
    result_add(
        enrolment=olena,
        actor=op,
        kind=ResultKind.CERTIFICATION,
        date=day,
        level=None,
        tef_score=410,
    )
    exit_record(enrolment=leila, actor=op, kind=ExitKind.JOB, date=day)
    exit_record(enrolment=ahmad, actor=op, kind=ExitKind.DROPPED, date=day)
    exit_record(enrolment=samuel, actor=op, kind=ExitKind.HOUSING, date=day)

    figures = sheet_figures(w.sheet_a)
    assert figures["total"] == 5
    assert (figures["women"], figures["men"]) == (3, 2)
    assert figures["under25"] == 2  # Olena (23 in 2027), Ahmad (24)
    assert (figures["bpi"], figures["bpt"]) == (3, 1)
    assert figures["bpi_men"] == 1 and figures["bpi_under25"] == 1
    assert figures["assiduous"] == 3  # 24/30, 30/30, 6/6 yes; Ahmad 21/30, Samuel 6/30 no
    assert figures["progress"] == 1
    assert figures["certified"] == 3
    assert figures["positive_exits"] == 2


def test_the_sheet_figures_take_two_queries(django_assert_num_queries):
    """The hours offered, then every figure: never a query per person."""
    w = world()
    people(w)
    with django_assert_num_queries(2):
        sheet_figures(w.sheet_a)


def test_unique_counts_across_the_contract_count_each_person_once():
    w = world()
    people(w)
    enrol(w.sheet_a2, w.users["op_a"])  # Leïla in a second action of the same operator
    counts = contract_unique_counts(w.contract, YEAR)
    assert counts["total"] == 5
    assert counts["enrolments"] == 7
    assert counts["bpt"] == 1  # Olena, in two operators' registers
    # Another year of the same contract: nobody.
    assert contract_unique_counts(w.contract, YEAR + 1)["total"] == 0


def test_small_cells_are_suppressed():
    assert [suppressed(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]


def test_computed_values_next_to_declared_ones():
    w = world()
    people(w)
    from ctai.indicators.models import IndicatorDefinition

    total = ActionIndicatorFactory(
        action=w.sheet_a,
        definition=IndicatorDefinition.objects.get(code="ben_total"),
        label="",
        section="beneficiaires",
    )
    women = ActionIndicatorFactory(
        action=w.sheet_a,
        definition=IndicatorDefinition.objects.get(code="ben_women"),
        label="",
        section="beneficiaires",
    )
    ActionIndicatorFactory(action=w.sheet_a)  # a custom indicator: not computed
    rows = compare(w.sheet_a, {total.pk: Decimal(5), women.pk: Decimal(4)})
    assert [(r.computed, r.declared, r.differs) for r in rows] == [
        (5, Decimal(5), False),
        (3, Decimal(4), True),
    ]


def test_a_sheet_without_a_register_compares_nothing():
    """An operator who keeps no register declares its values: no "registre 0" and no gap
    beside them."""
    from ctai.indicators.models import IndicatorDefinition

    w = world()
    total = ActionIndicatorFactory(
        action=w.sheet_a,
        definition=IndicatorDefinition.objects.get(code="ben_total"),
        label="",
        section="beneficiaires",
    )
    assert compare(w.sheet_a, {total.pk: Decimal(12)}) == []
    enrol(w.sheet_a, w.users["op_a"])
    assert [(r.computed, r.differs) for r in compare(w.sheet_a, {total.pk: Decimal(12)})] == [
        (1, True)
    ]
