"""A coordinator invites by e-mail; the invitee sets a password; revoking ends access."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ctai.accounts import permissions
from ctai.accounts.models import Invitation, Membership
from ctai.accounts.services import (
    invitation_accept,
    invitation_send,
    membership_revoke,
)
from ctai.core.roles import Role
from tests.factories import ActionSheetFactory, ContractFactory, OrganisationFactory
from tests.notifications.conftest import work_the_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_and_contract():
    contract = ContractFactory()
    user = get_user_model().objects.create_user("coord")
    Membership.objects.create(
        user=user, organisation=contract.coordinator, contract=contract, role=Role.COORDINATOR
    )
    return user, contract


def send(coordinator, contract, organisation, role=Role.OPERATOR):
    invitation, _ = invitation_send(
        inviter=coordinator,
        contract=contract,
        email="Benevole@Asso.example",
        organisation=organisation,
        role=role,
    )
    return invitation


def test_the_invitation_mail_carries_a_link_whose_token_is_not_stored(
    coordinator_and_contract, django_capture_on_commit_callbacks, settings
):
    settings.CTAI_SITE_URL = "https://ctai.example"
    coordinator, contract = coordinator_and_contract
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(coordinator, contract, OrganisationFactory())
    assert mail.outbox == []  # queued, not sent during the request
    work_the_queue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["benevole@asso.example"]
    token = re.search(r"https://ctai.example/invitation/([^/]+)/", message.body).group(1)
    assert invitation_accept(token=token, password="Accueil-Metz-2026").pk
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert all(token not in str(queued.args_kwargs) for queued in DBTaskResult.objects.all())
    sent.refresh_from_db()
    assert sent.email_state == "sent" and sent.emailed_at is not None


def test_accepting_creates_the_account_and_the_membership(coordinator_and_contract):
    coordinator, contract = coordinator_and_contract
    operator = OrganisationFactory()
    sheet = ActionSheetFactory(contract=contract, operator=operator)
    sent = send(coordinator, contract, operator)
    user = invitation_accept(token=sent.new_token(), password="Accueil-Metz-2026")
    assert user.username == "benevole@asso.example"
    assert user.check_password("Accueil-Metz-2026")
    assert permissions.is_operator_member(user, sheet)
    with pytest.raises(ValidationError, match="plus valable"):
        invitation_accept(token=sent.new_token(), password="Accueil-Metz-2026")


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(coordinator_and_contract):
    coordinator, contract = coordinator_and_contract
    sent = send(coordinator, contract, OrganisationFactory())
    with pytest.raises(ValidationError):
        invitation_accept(token=sent.new_token(), password="court")
    assert not get_user_model().objects.filter(username="benevole@asso.example").exists()
    invitation_accept(token=sent.new_token(), password="Accueil-Metz-2026")


def test_an_expired_invitation_is_refused(coordinator_and_contract):
    coordinator, contract = coordinator_and_contract
    sent = send(coordinator, contract, OrganisationFactory())
    Invitation.objects.filter(pk=sent.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="plus valable"):
        invitation_accept(token=sent.new_token(), password="Accueil-Metz-2026")


def test_only_the_coordinator_invites(coordinator_and_contract):
    _, contract = coordinator_and_contract
    stranger = get_user_model().objects.create_user("stranger")
    with pytest.raises(PermissionDenied):
        send(stranger, contract, OrganisationFactory())


def test_revoking_ends_access_and_sessions_at_once(coordinator_and_contract, client):
    coordinator, contract = coordinator_and_contract
    operator = OrganisationFactory()
    sheet = ActionSheetFactory(contract=contract, operator=operator)
    user = invitation_accept(
        token=send(coordinator, contract, operator).new_token(), password="Accueil-Metz-2026"
    )
    client.force_login(user)
    membership = Membership.objects.get(user=user)
    membership_revoke(actor=coordinator, membership=membership)
    fresh = get_user_model().objects.get(pk=user.pk)
    assert not permissions.can_view_sheet(fresh, sheet)
    assert "_auth_user_id" not in client.session
