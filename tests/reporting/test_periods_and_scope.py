"""Reporting periods, late reports, and who sees which report (``for_user``)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ctai.reporting import services
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.errors import NotAllowed, ReportInvalid
from ctai.reporting.models import OperatorReport, ReportingPeriod
from ctai.reporting.selectors import due_reports
from tests.factories import ContractFactory
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.factories import (
    MembershipFactory,
    OperatorReportFactory,
    ReportingPeriodFactory,
    advance,
)

pytestmark = pytest.mark.django_db
S = ReportStatus
BEFORE, AFTER = datetime.date(2027, 3, 31), datetime.date(2027, 4, 1)


def report_in(world, sheet, actor, status, period=None):
    report = services.start_report(period=period or world.final, sheet=sheet, actor=actor)
    fill(report, actor, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    return advance(report, status, operator=actor, coordinator=world.people.coord)


# -- periods ------------------------------------------------------------------------------


def test_the_coordinator_sets_and_moves_a_due_date(world):
    coord = world.people.coord
    period = services.set_reporting_period(
        contract=world.contract, year=2027, kind=PeriodKind.FINAL, due_date=BEFORE, actor=coord
    )
    moved = services.set_reporting_period(
        contract=world.contract, year=2027, kind=PeriodKind.FINAL, due_date=AFTER, actor=coord
    )
    assert moved.pk == period.pk and moved.due_date == AFTER
    assert str(moved) == "Bilan final 2027"


@pytest.mark.parametrize("who", ["op_a", "state", "copil", "stranger"])
def test_nobody_else_sets_due_dates(world, who):
    with pytest.raises(NotAllowed):
        services.set_reporting_period(
            contract=world.contract,
            year=2027,
            kind=PeriodKind.FINAL,
            due_date=BEFORE,
            actor=getattr(world.people, who),
        )


def test_a_period_outside_the_contract_is_refused(world):
    with pytest.raises(ReportInvalid) as refused:
        services.set_reporting_period(
            contract=world.contract,
            year=2030,
            kind=PeriodKind.FINAL,
            due_date=BEFORE,
            actor=world.people.coord,
        )
    assert refused.value.field_errors == {
        "year": ["L'année 2030 est hors de la période du contrat (2026-2028)."]
    }
    period = ReportingPeriodFactory.build(contract=world.contract, year=2030)
    with pytest.raises(ValidationError):
        period.full_clean()


def test_one_period_of_each_kind_per_year(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            contract=world.contract, year=2026, kind=PeriodKind.FINAL, due_date=AFTER
        )
    duplicate = ReportingPeriod(
        contract=world.contract, year=2026, kind=PeriodKind.FINAL, due_date=AFTER
    )
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "Ce bilan est déjà prévu pour cette année du contrat" in str(refused.value)


def test_a_report_of_a_sheet_outside_its_period_fails_validation(world):
    other_year = ReportingPeriodFactory(contract=world.contract, year=2027)
    report = OperatorReportFactory.build(
        period=other_year, sheet=world.sheet_a, created_by=world.people.op_a
    )
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert refused.value.message_dict["sheet"] == [
        "Cette fiche n'appartient pas à la programmation 2027 de ce contrat."
    ]


# -- late reports -------------------------------------------------------------------------


def test_late_is_past_due_and_still_with_the_operator(world):
    draft = report_in(world, world.sheet_a, world.people.op_a, S.DRAFT)
    submitted = report_in(world, world.sheet_b, world.people.op_b, S.SUBMITTED)
    assert not draft.is_late(BEFORE) and draft.is_late(AFTER)
    assert not submitted.is_late(AFTER)
    assert list(OperatorReport.objects.late(AFTER)) == [draft]
    services.return_report(report=submitted, actor=world.people.coord, reason="À compléter.")
    assert set(OperatorReport.objects.late(AFTER)) == {draft, submitted}
    assert list(ReportingPeriod.objects.past_due(AFTER)) == [world.intermediate, world.final]


def test_due_reports_list_every_sheet_with_its_report_and_lateness(world):
    draft = report_in(world, world.sheet_a, world.people.op_a, S.DRAFT)
    rows = due_reports(contract=world.contract, year=2026, today=AFTER)
    final = [r for r in rows if r.period == world.final]
    assert [(r.sheet.number, r.report, r.late, r.status_label) for r in final] == [
        (1, draft, True, "Brouillon"),
        (2, None, True, "Non commencé"),
    ]
    on_time = due_reports(contract=world.contract, year=2026, today=datetime.date(2026, 10, 1))
    assert not any(r.late for r in on_time)


# -- who sees which report ----------------------------------------------------------------


@pytest.fixture
def reports(world):
    people = world.people
    return {
        "draft_a": report_in(world, world.sheet_a, people.op_a, S.DRAFT),
        "validated_a": report_in(
            world, world.sheet_a, people.op_a, S.VALIDATED, world.intermediate
        ),
        "submitted_b": report_in(world, world.sheet_b, people.op_b, S.SUBMITTED),
    }


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("coord", {"draft_a", "validated_a", "submitted_b"}),
        ("op_a", {"draft_a", "validated_a"}),
        ("op_b", {"submitted_b"}),
        ("state", {"validated_a", "submitted_b"}),
        ("copil", {"validated_a"}),
        ("stranger", set()),
    ],
)
def test_each_role_sees_its_reports(world, reports, who, visible):
    seen = set(OperatorReport.objects.for_user(getattr(world.people, who)))
    assert seen == {reports[name] for name in visible}


def test_another_contracts_coordinator_sees_nothing(world, reports):
    outsider = MembershipFactory(contract=ContractFactory(territory="Ville de Nancy")).user
    assert not OperatorReport.objects.for_user(outsider).exists()
    assert not ReportingPeriod.objects.for_user(outsider).exists()
    assert ReportingPeriod.objects.for_user(world.people.op_a).count() == 2


def test_an_anonymous_or_inactive_user_sees_nothing(world, reports):
    assert not OperatorReport.objects.for_user(AnonymousUser()).exists()
    world.people.coord.is_active = False
    assert not OperatorReport.objects.for_user(world.people.coord).exists()
