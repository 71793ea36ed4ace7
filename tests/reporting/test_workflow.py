"""The report's state machine: every legal and illegal transition, who may do what."""

import pytest
from django.db import IntegrityError, transaction

from ctai.accounts.models import Membership
from ctai.core.roles import Role
from ctai.reporting import services
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import (
    IllegalTransition,
    NotAllowed,
    ReadOnlyReport,
    ReportError,
    ReportInvalid,
)
from ctai.reporting.models import OperatorReport, ReportTransition, StatusChangeOutsideWorkflow
from ctai.reporting.workflow import RETURN, SUBMIT, VALIDATE
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.factories import advance

pytestmark = pytest.mark.django_db
S = ReportStatus


def started(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


def in_state(world, status):
    report = started(world)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    return advance(report, status, operator=world.people.op_a, coordinator=world.people.coord)


def snapshot(report):
    fresh = OperatorReport.objects.get(pk=report.pk)
    return (fresh.status, fresh.version, fresh.submitted_by_id, fresh.validated_by_id), list(
        ReportTransition.objects.filter(report=report).values_list("source", "target")
    )


# -- starting a report --------------------------------------------------------------------


def test_an_operator_member_starts_the_draft_of_its_sheet(world):
    report = started(world)
    assert report.status == S.DRAFT
    assert report.version == 1
    assert report.created_by == world.people.op_a


@pytest.mark.parametrize("who", ["op_b", "coord", "state", "copil", "stranger"])
def test_nobody_else_starts_an_operators_report(world, who):
    with pytest.raises(NotAllowed) as refused:
        services.start_report(
            period=world.final, sheet=world.sheet_a, actor=getattr(world.people, who)
        )
    assert "Seul un membre du porteur de la fiche n° 1" in str(refused.value)
    assert not OperatorReport.objects.exists()


def test_a_second_report_for_the_same_sheet_and_period_is_refused_not_duplicated(world):
    started(world)
    with pytest.raises(ReportError) as refused:
        started(world)
    assert "Un bilan existe déjà pour la fiche n° 1" in str(refused.value)
    assert OperatorReport.objects.count() == 1


def test_the_database_refuses_a_second_report_too(world):
    first = started(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        OperatorReport.objects.create(
            period=first.period, sheet=first.sheet, created_by=world.people.op_a
        )
    assert OperatorReport.objects.count() == 1


def test_one_report_per_period(world):
    started(world)
    services.start_report(period=world.intermediate, sheet=world.sheet_a, actor=world.people.op_a)
    assert OperatorReport.objects.count() == 2


def test_a_sheet_of_another_year_cannot_be_reported_in_this_period(world):
    world.sheet_a.year = 2027
    world.sheet_a.save()
    with pytest.raises(ReportInvalid) as refused:
        started(world)
    assert "n'appartient pas à la programmation 2026" in str(refused.value)


# -- the legal path -----------------------------------------------------------------------


def test_the_whole_journey_is_logged_step_by_step(world):
    people = world.people
    report = started(world)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=people.op_a)
    services.return_report(report=report, actor=people.coord, reason="  Heures manquantes.  ")
    fill(report, people.op_a, values={"fr_hours": 300})
    services.submit_report(report=report, actor=people.op_a)
    report = services.validate_report(report=report, actor=people.coord)

    assert report.status == S.VALIDATED
    assert report.validated_by == people.coord
    assert report.submitted_by == people.op_a
    log = list(report.transitions.values_list("transition", "source", "target", "by", "reason"))
    assert log == [
        ("submit", S.DRAFT, S.SUBMITTED, people.op_a.pk, ""),
        ("return", S.SUBMITTED, S.RETURNED, people.coord.pk, "Heures manquantes."),
        ("submit", S.RETURNED, S.SUBMITTED, people.op_a.pk, ""),
        ("validate", S.SUBMITTED, S.VALIDATED, people.coord.pk, ""),
    ]
    assert all(t.at is not None for t in report.transitions.all())


# -- every illegal transition -------------------------------------------------------------

ILLEGAL = [
    (status, transition)
    for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.VALIDATED)
    for transition in (SUBMIT, RETURN, VALIDATE)
    if status not in transition.sources
]


@pytest.mark.parametrize(("status", "transition"), ILLEGAL, ids=lambda v: getattr(v, "code", v))
def test_an_illegal_transition_changes_nothing_and_says_why(world, status, transition):
    report = in_state(world, status)
    before = snapshot(report)
    people = world.people
    call = {
        "submit": lambda: services.submit_report(report=report, actor=people.op_a),
        "return": lambda: services.return_report(report=report, actor=people.coord2, reason="x"),
        "validate": lambda: services.validate_report(report=report, actor=people.coord2),
    }[transition.code]
    with pytest.raises(IllegalTransition) as refused:
        call()
    assert str(refused.value).startswith(f"Impossible de {transition.verb} ce bilan")
    assert snapshot(report) == before


def test_the_transition_table_is_the_documented_one():
    assert {t.code: (set(t.sources), t.target) for t in (SUBMIT, RETURN, VALIDATE)} == {
        "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
        "return": ({S.SUBMITTED}, S.RETURNED),
        "validate": ({S.SUBMITTED}, S.VALIDATED),
    }


# -- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["op_b", "coord", "state", "copil", "stranger"])
def test_only_a_member_of_the_operator_submits(world, who):
    report = in_state(world, S.DRAFT)
    with pytest.raises(NotAllowed):
        services.submit_report(report=report, actor=getattr(world.people, who))
    assert snapshot(report)[0][0] == S.DRAFT


@pytest.mark.parametrize("who", ["op_a", "op_b", "state", "copil", "stranger"])
def test_only_the_coordination_returns_or_validates(world, who):
    report = in_state(world, S.SUBMITTED)
    before = snapshot(report)
    actor = getattr(world.people, who)
    with pytest.raises(NotAllowed):
        services.return_report(report=report, actor=actor, reason="À revoir")
    with pytest.raises(NotAllowed):
        services.validate_report(report=report, actor=actor)
    assert snapshot(report) == before


def test_a_revoked_membership_no_longer_submits(world):
    report = in_state(world, S.DRAFT)
    Membership.objects.get(user=world.people.op_a).revoke()
    world.people.op_a._ctai_memberships = None  # a new request reads memberships again
    with pytest.raises(NotAllowed):
        services.submit_report(report=report, actor=world.people.op_a)


def test_a_return_needs_a_reason(world):
    report = in_state(world, S.SUBMITTED)
    before = snapshot(report)
    with pytest.raises(ReportInvalid) as refused:
        services.return_report(report=report, actor=world.people.coord, reason="   ")
    assert refused.value.field_errors == {
        "reason": ["Indiquez le motif du renvoi : ce que le porteur doit corriger."]
    }
    assert snapshot(report) == before


def test_nobody_validates_a_report_they_submitted(world):
    people = world.people
    # The coordinator also belongs to operator A (the CCAS carrying an action, say).
    Membership.objects.create(
        user=people.coord,
        organisation=world.operator_a,
        contract=world.contract,
        role=Role.OPERATOR,
    )
    report = started(world)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=people.coord)
    with pytest.raises(NotAllowed) as refused:
        services.validate_report(report=report, actor=people.coord)
    assert "personne ne valide son propre bilan" in str(refused.value)
    assert services.validate_report(report=report, actor=people.coord2).status == S.VALIDATED


def test_an_earlier_submitter_cannot_validate_either(world):
    people = world.people
    Membership.objects.create(
        user=people.coord,
        organisation=world.operator_a,
        contract=world.contract,
        role=Role.OPERATOR,
    )
    report = started(world)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=people.coord)
    services.return_report(report=report, actor=people.coord2, reason="Précisez les heures.")
    services.submit_report(report=report, actor=people.op_a)
    with pytest.raises(NotAllowed):
        services.validate_report(report=report, actor=people.coord)


def test_the_database_refuses_a_validation_by_the_submitter(world):
    report = in_state(world, S.SUBMITTED)
    locked = OperatorReport.objects.get(pk=report.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        locked.apply_transition(VALIDATE, by=world.people.op_a)
    assert OperatorReport.objects.get(pk=report.pk).status == S.SUBMITTED


# -- read-only states ---------------------------------------------------------------------


def test_a_validated_report_is_read_only(world):
    report = in_state(world, S.VALIDATED)
    before = snapshot(report)
    with pytest.raises(ReadOnlyReport) as refused:
        fill(report, world.people.op_a, values={"ben_total": 1})
    assert str(refused.value) == "Ce bilan est validé : il ne peut plus être modifié."
    fresh = OperatorReport.objects.get(pk=report.pk)
    fresh.done = "réécrit"
    with pytest.raises(ReadOnlyReport):
        fresh.save()
    assert snapshot(report) == before
    assert OperatorReport.objects.get(pk=report.pk).done == ""


def test_a_submitted_report_waits_for_the_coordination(world):
    report = in_state(world, S.SUBMITTED)
    with pytest.raises(ReadOnlyReport) as refused:
        fill(report, world.people.op_a, values={"ben_total": 1})
    assert "attend la décision de la coordination" in str(refused.value)


def test_a_returned_report_can_be_corrected(world):
    report = in_state(world, S.RETURNED)
    fill(report, world.people.op_a, values={"ben_total": 45})
    assert report.achievements.get(indicator__definition__code="ben_total").value == 45


# -- status is never assigned by hand -----------------------------------------------------


def test_status_cannot_be_assigned_outside_a_transition(world):
    report = in_state(world, S.SUBMITTED)
    report.status = S.VALIDATED
    with pytest.raises(StatusChangeOutsideWorkflow):
        report.save()
    with pytest.raises(StatusChangeOutsideWorkflow):
        OperatorReport.objects.filter(pk=report.pk).update(status=S.VALIDATED)
    with pytest.raises(StatusChangeOutsideWorkflow):
        OperatorReport.objects.bulk_update([report], ["status"])
    with pytest.raises(StatusChangeOutsideWorkflow):
        OperatorReport.objects.create(
            period=world.intermediate,
            sheet=world.sheet_a,
            created_by=world.people.op_a,
            status=S.VALIDATED,
        )
    assert OperatorReport.objects.get(pk=report.pk).status == S.SUBMITTED


def test_the_transition_log_is_append_only(world):
    report = in_state(world, S.SUBMITTED)
    entry = report.transitions.get()
    entry.reason = "réécrit"
    with pytest.raises(StatusChangeOutsideWorkflow):
        entry.save()


def test_a_report_loaded_without_its_status_is_still_guarded(world):
    report = in_state(world, S.VALIDATED)
    partial = OperatorReport.objects.only("pk", "done").get(pk=report.pk)
    partial.done = "réécrit"
    with pytest.raises(ReadOnlyReport):
        partial.save()
    assert OperatorReport.objects.get(pk=report.pk).done == ""


# -- comments -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coord", "state"])
def test_coordination_and_state_reviewers_comment(world, who):
    report = in_state(world, S.VALIDATED)
    comment = services.comment_report(
        report=report, actor=getattr(world.people, who), body=" Bon bilan. "
    )
    assert comment.body == "Bon bilan."
    assert report.comments.count() == 1


@pytest.mark.parametrize("who", ["op_b", "copil", "stranger"])
def test_those_who_cannot_read_it_do_not_comment(world, who):
    report = in_state(world, S.SUBMITTED)
    with pytest.raises(NotAllowed):
        services.comment_report(report=report, actor=getattr(world.people, who), body="Bien.")
    assert not report.comments.exists()


def test_a_draft_is_not_commented_and_an_empty_comment_is_refused(world):
    report = in_state(world, S.DRAFT)
    with pytest.raises(ReportError):
        services.comment_report(report=report, actor=world.people.coord, body="Bien.")
    services.submit_report(report=report, actor=world.people.op_a)
    with pytest.raises(ReportInvalid):
        services.comment_report(report=report, actor=world.people.coord, body="  ")
    assert not report.comments.exists()


def test_the_contents_of_a_validated_report_are_frozen_too(world):
    report = in_state(world, S.VALIDATED)
    achievement = report.achievements.select_related("report").first()
    achievement.value = 1
    with pytest.raises(ReadOnlyReport):
        achievement.save()
    with pytest.raises(ReadOnlyReport):
        achievement.delete()
    line = report.spending_lines.select_related("report").first()
    with pytest.raises(ReadOnlyReport):
        line.delete()
    assert report.achievements.count() == len(COMPLETE_VALUES)
    assert report.spending_lines.count() == len(COMPLETE_SPENDING)
