"""An invitation never re-enables a disabled account nor changes an existing account's
password: a platform admin decides those (finding 1 of issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from ctai.accounts import permissions
from ctai.accounts.models import Membership
from ctai.accounts.services import invitation_accept, invitation_send
from ctai.core.roles import Role
from tests.accounts.views_support import PASSWORD, URLS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
NEW_PASSWORD = "Nancy-Accueil-2027!"


@pytest.fixture
def world():
    return build_world()


def invite(world, email: str) -> str:
    """The Nancy coordinator invites ``email`` as operator of Alpha on Nancy's contract."""
    invitation, _ = invitation_send(
        inviter=world.other_coordinator,
        contract=world.other_contract,
        email=email,
        organisation=world.operator_a,
        role=Role.OPERATOR,
    )
    return invitation.new_token()  # as the e-mail does when it leaves


def test_an_invitation_does_not_re_enable_a_disabled_account(client, world):
    disabled = world.operator  # disabled by a platform admin on Metz's contract
    disabled.is_active = False
    disabled.save()
    token = invite(world, disabled.username)
    with pytest.raises(ValidationError, match="désactivé"):
        invitation_accept(token=token, password=NEW_PASSWORD)
    page = client.post(reverse("accounts:invitation_accept", args=[token]), {"password1": PASSWORD})
    assert page.status_code == 200
    assert "seule l&#x27;administration de la plateforme peut le réactiver" in page.text
    disabled.refresh_from_db()
    assert not disabled.is_active and disabled.check_password(PASSWORD)
    assert not Membership.objects.filter(user=disabled, contract=world.other_contract).exists()
    assert "_auth_user_id" not in client.session
    assert not client.login(username=disabled.username, password=PASSWORD)


def test_an_invitation_never_resets_an_existing_account_s_password(client, world):
    person = world.operator
    token = invite(world, person.username)
    page = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert "Mot de passe de votre compte" in page.text and "password2" not in page.text
    page = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert page.status_code == 200 and "Mot de passe incorrect" in page.text
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and not person.check_password(NEW_PASSWORD)
    assert not Membership.objects.filter(user=person, contract=world.other_contract).exists()
    # With the account's own password, the membership is added; the password is unchanged.
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]), {"password1": PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    fresh = get_user_model().objects.get(pk=person.pk)
    assert permissions.roles_on(fresh, world.other_contract) == {Role.OPERATOR}
    assert permissions.roles_on(fresh, world.contract) == {Role.OPERATOR}


def test_a_new_person_still_chooses_a_password(client, world):
    token = invite(world, "Nouvelle@Asso-Nancy.example")
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="nouvelle@asso-nancy.example")
    assert user.is_active and user.check_password(NEW_PASSWORD)
