"""The invitation e-mail leaves through the task queue: a mail server that is down never
answers 500 nor loses the invitation; the members page says where the e-mail stands; inviting
again sends the same invitation again, never a duplicate (finding 10 of issue 14)."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ctai.accounts.models import Invitation, InvitationEmail
from tests.accounts.views_support import URLS, build_world
from tests.notifications.conftest import free_port, work_the_queue

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
EMAIL = "benoit@foyer-lorrain.example"


@pytest.fixture
def world():
    return build_world()


def invite(client, world, captured):
    with captured(execute=True):
        return client.post(
            reverse("accounts:invite", args=[world.contract.pk]),
            {"email": EMAIL, "organisation": str(world.operator_b.pk), "role": "operator"},
            follow=True,
        )


def mail_server_down(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def test_a_mail_server_down_gives_a_french_message_and_a_retry_without_duplicate(
    client, world, settings, caplog, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    mail_server_down(settings)
    page = invite(client, world, django_capture_on_commit_callbacks)
    assert page.status_code == 200
    assert f"Invitation enregistrée pour {EMAIL}" in page.text
    assert "Le courriel part dans quelques instants" in page.text
    with caplog.at_level(logging.WARNING, logger="ctai.security"):
        work_the_queue()  # the worker meets the server down
    invitation = Invitation.objects.get(email=EMAIL)
    assert invitation.email_state == InvitationEmail.PENDING and invitation.email_attempts == 1
    assert "non envoyé (ConnectionRefusedError) : nouvel essai dans 1 min" in caplog.text
    assert EMAIL not in caplog.text
    members = client.get(reverse("accounts:members", args=[world.contract.pk])).text
    assert "pas encore parti" in members and "nouvel essai automatique" in members
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry, later

    # The coordinator tries again: the same invitation is sent again, not a second one.
    page = invite(client, world, django_capture_on_commit_callbacks)
    assert f"Invitation renvoyée à {EMAIL}" in page.text and "sans doublon" in page.text
    assert Invitation.objects.filter(email=EMAIL).count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back up
    work_the_queue()
    [message] = mail.outbox
    token = re.search(r"/invitation/([^/\s]+)/", message.body).group(1)
    invitation.refresh_from_db()
    assert invitation.email_state == InvitationEmail.SENT
    page = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert page.status_code == 200 and "Association Bêta" in page.text


def test_after_the_last_attempt_the_members_page_says_the_e_mail_failed(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.CTAI_EMAIL_MAX_ATTEMPTS = 1
    client.force_login(world.coordinator)
    mail_server_down(settings)
    invite(client, world, django_capture_on_commit_callbacks)
    work_the_queue()
    invitation = Invitation.objects.get(email=EMAIL)
    assert invitation.email_state == InvitationEmail.FAILED
    members = client.get(reverse("accounts:members", args=[world.contract.pk])).text
    assert "échec de l'envoi" in members and "invitez de nouveau la même personne" in members
