"""Reporting and memberships are in the trail: declared spending and narratives, periods,
comments, workflow steps, membership grants and revocations each leave an audit event."""

import datetime
from decimal import Decimal

import pytest

from ctai.accounts import services as accounts_services
from ctai.accounts.models import Membership
from ctai.audit.context import acting_as
from ctai.audit.models import AuditEvent
from ctai.core.roles import Role
from ctai.reporting import services
from ctai.reporting.inputs import Narrative, SpendingInput
from tests.factories import grant
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, build_world, fill
from tests.reporting.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _events(model: str, **filters):
    return AuditEvent.objects.filter(model=model, **filters)


def test_declared_spending_and_narrative_are_recorded(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    with acting_as(world.people.op_a):
        services.save_draft(
            report=report,
            actor=world.people.op_a,
            version=1,
            narrative=Narrative(done="Douze ateliers.", changes="", difficulties=""),
            spending=[SpendingInput(amount=Decimal("6500.00"), budget_line="p104_subsidy")],
        )
        report.refresh_from_db()
        services.save_draft(
            report=report,
            actor=world.people.op_a,
            version=report.version,
            spending=[SpendingInput(amount=Decimal("7000.00"), budget_line="p104_subsidy")],
        )
    created, updated = _events("reporting.SpendingLine").order_by("id")
    assert created.changes["amount"] == [None, "6500.00"]
    assert updated.changes == {"amount": ["6500.00", "7000.00"]}
    assert updated.actor_username == "porteur_a"
    assert updated.contract_id == world.contract.pk
    assert updated.action_sheet_id == world.sheet_a.pk
    narrative = _events("reporting.OperatorReport", action="update").first()
    assert narrative.changes["done"] == ["", "Douze ateliers."]


def test_a_period_creation_is_recorded(world):
    with acting_as(world.people.coord):
        period = services.set_reporting_period(
            contract=world.contract,
            year=2027,
            kind="final",
            due_date=datetime.date(2028, 3, 31),
            actor=world.people.coord,
        )
    event = _events("reporting.ReportingPeriod", object_id=str(period.pk)).get()
    assert event.action == "create"
    assert event.contract_id == world.contract.pk
    assert event.actor_username == "coordinatrice"


def test_a_comment_and_a_workflow_step_are_recorded(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    report.refresh_from_db()
    services.submit_report(report=report, actor=world.people.op_a)
    services.comment_report(report=report, actor=world.people.state, body="Très clair.")
    comment = _events("reporting.ReportComment").get()
    assert comment.changes["body"] == [None, "Très clair."]
    assert comment.contract_id == world.contract.pk
    assert _events("reporting.ReportTransition").count() == 1
    assert (
        _events("reporting.OperatorReport", action="update")
        .filter(changes__has_key="status")
        .exists()
        or _events("reporting.OperatorReport", action="bulk_update").exists()
    )


def test_membership_grant_and_revocation_are_recorded(world):
    person = UserFactory(username="nouvelle")
    membership = grant(person, world.contract, role=Role.STATE_REVIEWER)
    granted = _events("accounts.Membership", object_id=str(membership.pk)).get()
    assert granted.action == "create"
    assert granted.changes["user_id"] == [None, person.pk]
    assert granted.contract_id == world.contract.pk
    accounts_services.membership_revoke(actor=world.people.coord, membership=membership)
    revoked = _events("accounts.Membership", object_id=str(membership.pk), action="update").get()
    assert revoked.changes["revoked_at"][0] is None
    assert revoked.changes["revoked_at"][1]
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
