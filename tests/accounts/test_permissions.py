"""Named predicates over memberships: each role sees and does what is its own."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ctai.accounts import permissions
from ctai.accounts.models import Membership
from ctai.core.roles import Role
from tests.factories import ActionSheetFactory, ContractFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    contract = ContractFactory()
    operator_a, operator_b = OrganisationFactory(), OrganisationFactory()
    sheet_a = ActionSheetFactory(contract=contract, operator=operator_a)
    sheet_b = ActionSheetFactory(contract=contract, operator=operator_b, axis=sheet_a.axis)
    users = {
        name: get_user_model().objects.create_user(name) for name in ("coord", "op_a", "state")
    }
    Membership.objects.create(
        user=users["coord"],
        organisation=contract.coordinator,
        contract=contract,
        role=Role.COORDINATOR,
    )
    Membership.objects.create(
        user=users["op_a"], organisation=operator_a, contract=contract, role=Role.OPERATOR
    )
    Membership.objects.create(
        user=users["state"],
        organisation=OrganisationFactory(name="DDETS de la Moselle"),
        contract=contract,
        role=Role.STATE_REVIEWER,
    )
    return contract, sheet_a, sheet_b, users


def test_coordinator_sees_and_edits_everything(world):
    contract, _sheet_a, sheet_b, users = world
    assert permissions.can_edit_programmation(users["coord"], contract)
    assert permissions.can_view_sheet(users["coord"], sheet_b)


def test_operator_sees_only_its_own_sheets_and_edits_no_budget(world):
    contract, sheet_a, sheet_b, users = world
    op = users["op_a"]
    assert permissions.can_view_sheet(op, sheet_a)
    assert not permissions.can_view_sheet(op, sheet_b)
    assert permissions.is_operator_member(op, sheet_a)
    assert not permissions.can_edit_programmation(op, contract)


def test_state_reviewer_reads_and_comments_but_does_not_edit(world):
    contract, _sheet_a, sheet_b, users = world
    assert permissions.can_view_sheet(users["state"], sheet_b)
    assert permissions.can_comment(users["state"], contract)
    assert not permissions.can_edit_programmation(users["state"], contract)


def test_a_revoked_membership_gives_nothing(world):
    contract, sheet_a, _, users = world
    Membership.objects.get(user=users["op_a"]).revoke()
    fresh = get_user_model().objects.get(pk=users["op_a"].pk)
    assert not permissions.can_view_sheet(fresh, sheet_a)
    assert not permissions.can_view_contract(fresh, contract)


def test_only_the_coordinator_organisation_can_hold_the_coordinator_role(world):
    contract, _, _, users = world
    membership = Membership(
        user=users["op_a"],
        organisation=OrganisationFactory(),
        contract=contract,
        role=Role.COORDINATOR,
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "organisation" in error.value.message_dict
