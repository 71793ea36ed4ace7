"""Notifications leave by e-mail through the task queue to a real SMTP server (aiosmtpd); a
server that is down breaks nothing: the failure is logged and the e-mail tried again."""

import datetime
import logging

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ctai.notifications.enums import Delivery, EmailState, NotificationKind
from ctai.notifications.models import Notification
from ctai.notifications.reminders import run
from ctai.notifications.services import notify, set_preferences
from ctai.reporting import services
from tests.notifications.conftest import free_port, work_the_queue


def test_a_submission_reaches_the_coordination_by_smtp_in_french_text_and_html(
    world, smtp, django_capture_on_commit_callbacks
):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=report, actor=world.people.op_a)
    assert smtp.messages == []  # nothing sent during the action: it is queued
    assert DBTaskResult.objects.count() == 2  # one e-mail per coordinator
    work_the_queue()
    [message] = smtp.to("coord@ctai.example")
    assert (
        str(message["Subject"]).strip()
        == "[CTAI] Bilan soumis à examiner : Bilan final 2026, fiche n° 1 (2026)"
    )
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = "https://ctai.example.org/contrats/"
    assert "Bonjour" in text and link in text and "Le porteur a soumis" in text
    assert 'lang="fr"' in html and link in html
    assert Notification.objects.get(recipient=world.people.coord).email_state == EmailState.SENT
    assert smtp.to("op_a@ctai.example") == []  # the actor is not told of their own action
    work_the_queue()  # a second pass sends nothing again
    assert len(smtp.to("coord@ctai.example")) == 1


def test_a_mail_server_down_is_logged_and_retried_later(
    world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(
            kind=NotificationKind.REPORT_VALIDATED,
            recipients=[world.people.op_a],
            event_key="test:down",
            title="Bilan validé",
            url="/",
        )
    with caplog.at_level(logging.WARNING, logger="ctai.notifications"):
        work_the_queue()  # the action was done long ago; only the e-mail fails
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING and notification.email_attempts == 1
    assert "non envoyé (ConnectionRefusedError) : nouvel essai dans 1 min" in caplog.text
    assert "op_a@ctai.example" not in caplog.text  # no address in the logs
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now()


def test_digest_and_off_preferences_and_a_mandatory_kind(
    world, smtp, django_capture_on_commit_callbacks
):
    op_a = world.people.op_a
    set_preferences(
        user=op_a,
        choices={
            NotificationKind.REPORT_VALIDATED: Delivery.DIGEST,
            NotificationKind.MESSAGE_POSTED: Delivery.OFF,
            NotificationKind.REPORT_RETURNED: Delivery.OFF,  # mandatory: ignored
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        for kind, key in [
            (NotificationKind.REPORT_VALIDATED, "a"),
            (NotificationKind.REPORT_VALIDATED, "b"),
            (NotificationKind.MESSAGE_POSTED, "c"),
            (NotificationKind.REPORT_RETURNED, "d"),
        ]:
            notify(kind=kind, recipients=[op_a], event_key=key, title=f"Titre {key}", url="/")
    work_the_queue()
    assert smtp.subjects("op_a@ctai.example") == ["[CTAI] Titre d"]
    morning = timezone.make_aware(datetime.datetime(2026, 6, 2, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert run(now=morning).digests == 1
        assert run(now=morning + datetime.timedelta(hours=1)).digests == 0  # once a day
    work_the_queue()
    digest = smtp.to("op_a@ctai.example")[-1]
    assert str(digest["Subject"]).strip() == "[CTAI] Résumé du jour : 2 notifications"
    assert "Titre a" in digest.get_body(("plain",)).get_content()
    listed = Notification.objects.filter(recipient=op_a, event_key__in=["a", "b", "c", "d"])
    assert listed.count() == 4  # all listed in the application
    assert not Notification.objects.filter(recipient=op_a, email_state=EmailState.DIGEST).exists()


def test_an_event_notifies_a_person_once(world):
    first = notify(
        kind=NotificationKind.LATE,
        recipients=[world.people.op_a],
        event_key="k",
        title="t",
        url="/",
    )
    again = notify(
        kind=NotificationKind.LATE,
        recipients=[world.people.op_a],
        event_key="k",
        title="t",
        url="/",
    )
    assert len(first) == 1 and again == []


@pytest.mark.parametrize("missing", ["EMAIL_HOST", "DEFAULT_FROM_EMAIL"])
def test_production_refuses_e_mail_without_its_server(monkeypatch, missing):
    from django.core.exceptions import ImproperlyConfigured

    from ctai.settings.mail import smtp_settings

    monkeypatch.setenv("EMAIL_HOST", "smtp.example.org")
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "ctai@example.org")
    monkeypatch.delenv(missing)
    with pytest.raises(ImproperlyConfigured, match=missing):
        smtp_settings()
    monkeypatch.setenv("CTAI_EMAIL", "false")
    assert smtp_settings()["EMAIL_BACKEND"].endswith("dummy.EmailBackend")
