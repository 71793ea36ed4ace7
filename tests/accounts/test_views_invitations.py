"""The "Membres" pages: the coordinator invites, the invitee chooses a password, access is
withdrawn at once. Only the contract's coordinator sees these pages; anyone else gets a 404."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ctai.accounts import permissions
from ctai.accounts.models import Invitation, Membership
from ctai.contracts.models import Organisation
from ctai.core.roles import Role
from tests.accounts.views_support import PASSWORD, URLS, build_world
from tests.notifications.conftest import work_the_queue

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
STRONG = "Integration-Metz-2026"


@pytest.fixture
def world(settings):
    settings.CTAI_SITE_URL = "http://testserver"  # the links of the e-mails
    return build_world()


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator)
    return client


def members_url(world) -> str:
    return reverse("accounts:members", args=[world.contract.pk])


def invite_url(world) -> str:
    return reverse("accounts:invite", args=[world.contract.pk])


def invite(client, world, capture, **data):
    fields = {"email": "Benoit@Alpha.example", "role": Role.OPERATOR}
    fields["organisation"] = str(world.operator_a.pk)
    fields.update(data)
    with capture(execute=True):
        response = client.post(invite_url(world), fields)
    work_the_queue()  # the e-mail leaves from the task queue
    return response


def link_in_last_mail() -> str:
    return re.search(r"(http://testserver/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_only_the_coordinator_of_the_contract_sees_the_members_pages(client, world):
    membership = Membership.objects.get(user=world.operator)
    urls = [
        members_url(world),
        invite_url(world),
        reverse("accounts:revoke", args=[world.contract.pk, membership.pk]),
    ]
    for user in (world.operator, world.state, world.copil, world.stranger):
        client.force_login(user)
        for url, method in [(url, method) for url in urls for method in (client.get, client.post)]:
            response = method(url)
            expected = 405 if (url, method) == (urls[0], client.post) else 404  # GET-only page
            assert response.status_code == expected, (user, url)
            assert "Association Alpha" not in response.content.decode()
    client.force_login(world.other_coordinator)
    assert client.get(members_url(world)).status_code == 404
    assert Membership.objects.get(pk=membership.pk).revoked_at is None
    assert not Invitation.objects.exists()


def test_another_contract_s_membership_cannot_be_reached_through_mine(coordinator_client, world):
    theirs = Membership.objects.get(user=world.other_coordinator)
    url = reverse("accounts:revoke", args=[world.contract.pk, theirs.pk])
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url).status_code == 404
    assert Membership.objects.get(pk=theirs.pk).revoked_at is None


def test_the_members_page_lists_active_memberships_and_pending_invitations(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    invite(coordinator_client, world, django_capture_on_commit_callbacks)
    Membership.objects.get(user=world.copil).revoke()
    response = coordinator_client.get(members_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "INVALID" not in html
    for text in ("olga@alpha.example", "etienne@ddets.example", "Service de l&#x27;État"):
        assert text in html
    assert "colette@metz.example" not in html, "a revoked membership is gone"
    assert "benoit@alpha.example" in html and "Invitations en attente" in html
    assert "nina@ccas-nancy.fr" not in html, "another contract's people"


def test_inviting_sends_a_mail_with_a_link_to_the_site(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    response = invite(coordinator_client, world, django_capture_on_commit_callbacks)
    assert response["Location"] == members_url(world)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.role) == (
        "benoit@alpha.example",
        world.operator_a,
        Role.OPERATOR,
    )
    assert mail.outbox[-1].to == ["benoit@alpha.example"]
    link = link_in_last_mail()
    assert "{token}" not in link and "jeton" not in link
    follow = coordinator_client.get(members_url(world))
    assert "Invitation enregistrée pour benoit@alpha.example" in follow.content.decode()


def test_the_organisation_list_offers_the_contract_s_organisations_only(coordinator_client, world):
    html = coordinator_client.get(invite_url(world)).content.decode()
    assert '<optgroup label="Porteurs d&#x27;actions">' in html
    for name in ("CCAS de Metz", "Association Alpha", "Association Bêta", "DDETS de la Moselle"):
        assert name in html
    assert "CCAS de Nancy" not in html
    assert 'value="nouvelle"' in html


def test_a_new_organisation_is_created_by_name(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    response = invite(
        coordinator_client,
        world,
        django_capture_on_commit_callbacks,
        organisation="nouvelle",
        new_organisation_name="Préfecture de la Moselle",
        new_organisation_kind="etat",
        role=Role.STATE_REVIEWER,
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Préfecture de la Moselle")
    assert organisation.kind == "etat"
    assert Invitation.objects.get().organisation == organisation


def test_form_errors_are_french_and_linked_to_their_field(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    response = invite(
        coordinator_client,
        world,
        django_capture_on_commit_callbacks,
        email="pas-une-adresse",
        organisation="nouvelle",
        new_organisation_name="",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in html
    assert "Indiquez le nom de la nouvelle organisation." in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="erreurs" tabindex="-1"' in html, "the summary receives the focus"
    assert not Invitation.objects.exists() and not mail.outbox


def test_coordination_goes_to_the_coordinating_organisation_only(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    response = invite(
        coordinator_client,
        world,
        django_capture_on_commit_callbacks,
        role=Role.COORDINATOR,
        organisation="nouvelle",
        new_organisation_name="Nouvelle association",
    )
    assert "La coordination revient à l&#x27;organisation coordinatrice" in (
        response.content.decode()
    )
    assert not Organisation.objects.filter(name="Nouvelle association").exists()
    assert not Invitation.objects.exists()


def test_a_person_who_already_holds_the_role_is_not_invited_again(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    response = invite(
        coordinator_client, world, django_capture_on_commit_callbacks, email="olga@alpha.example"
    )
    assert "Cette personne a déjà ce rôle pour cette organisation." in response.content.decode()


def test_the_invitee_sees_the_contract_and_role_then_chooses_a_password(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    invite(coordinator_client, world, django_capture_on_commit_callbacks)
    link = link_in_last_mail()
    client.logout()
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert "INVALID" not in html
    for text in ("Ville de Metz", "Membre d&#x27;un porteur d&#x27;action", "Association Alpha"):
        assert text in html
    assert page["Referrer-Policy"] == "no-referrer"
    response = client.post(link, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="benoit@alpha.example")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert permissions.is_operator_member(user, world.sheet_a)
    assert not permissions.is_operator_member(user, world.sheet_b)
    assert client.get(link).status_code == 404, "a link serves once"


def test_weak_or_mismatched_passwords_are_refused_in_french(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    invite(coordinator_client, world, django_capture_on_commit_callbacks)
    link = link_in_last_mail()
    client.logout()
    html = client.post(link, {"password1": "court", "password2": "court"}).content.decode()
    assert "au moins 12 caractères" in html
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in html
    html = client.post(link, {"password1": STRONG, "password2": STRONG + "x"}).content.decode()
    assert "Les deux mots de passe ne sont pas identiques." in html
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="benoit@alpha.example").exists()


def test_an_unknown_or_expired_link_says_so_without_details(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    invite(coordinator_client, world, django_capture_on_commit_callbacks)
    link = link_in_last_mail()
    client.logout()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    for url in (link, reverse("accounts:invitation_accept", args=["inconnu"])):
        response = client.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "n'est plus valable" in html
        assert "Ville de Metz" not in html
    assert client.post(link, {"password1": STRONG, "password2": STRONG}).status_code == 404


def test_revoking_asks_for_confirmation_then_ends_access_and_session(client, world):
    membership = Membership.objects.get(user=world.operator)
    operator_client = client.__class__()
    operator_client.force_login(world.operator)
    client.force_login(world.coordinator)
    url = reverse("accounts:revoke", args=[world.contract.pk, membership.pk])
    confirm = client.get(url)
    assert "Confirmer le retrait de l'accès" in confirm.content.decode()
    assert Membership.objects.get(pk=membership.pk).revoked_at is None, "GET changes nothing"
    response = client.post(url)
    assert response["Location"] == members_url(world)
    assert Membership.objects.get(pk=membership.pk).revoked_at is not None
    assert "_auth_user_id" not in operator_client.session, "their session ended"
    assert "Accès retiré" in client.get(members_url(world)).content.decode()
    assert client.post(url).status_code == 404, "already revoked"


def test_the_coordinator_cannot_remove_their_own_access(client, world):
    own = Membership.objects.get(user=world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("accounts:revoke", args=[world.contract.pk, own.pk])
    assert "Confirmer" not in client.get(url).content.decode()
    client.post(url)
    assert Membership.objects.get(pk=own.pk).revoked_at is None


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(members_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_security_log_records_invitations_and_revocations_without_names(
    client, world, caplog, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with caplog.at_level(logging.INFO, logger="ctai.security"):
        invite(client, world, django_capture_on_commit_callbacks)
        link = link_in_last_mail()
        membership = Membership.objects.get(user=world.operator)
        client.post(reverse("accounts:revoke", args=[world.contract.pk, membership.pk]))
        client.logout()
        client.post(link, {"password1": STRONG, "password2": STRONG})
    log = caplog.text
    assert "invitation n°" in log and "retirée par" in log and "acceptée" in log
    for name in ("benoit", "olga", "claire", "Alpha"):
        assert name not in log


def test_the_login_still_works_with_the_chosen_password(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    invite(coordinator_client, world, django_capture_on_commit_callbacks)
    link = link_in_last_mail()
    client.logout()
    client.post(link, {"password1": STRONG, "password2": STRONG})
    client.logout()
    assert client.login(username="benoit@alpha.example", password=STRONG)
    assert not client.login(username="benoit@alpha.example", password=PASSWORD)
