"""« Mes tâches » per role, « relancer », the notifications page and the preferences."""

import datetime

from django.urls import reverse

from ctai.notifications.enums import Delivery, NotificationKind
from ctai.notifications.models import Notification, NotificationPreference
from ctai.notifications.services import notify
from ctai.reporting import services
from tests.reporting.views_support import as_user


def test_copil_sees_dashboards_and_evaluations_and_is_told_there_is_no_meeting_yet(world):
    page = as_user(world.people.copil).get("/").content.decode()
    assert "ne sont pas encore enregistrées" in page
    assert f"/contrats/{world.contract.pk}/?annee=" in page
    assert f"/contrats/{world.contract.pk}/evaluation/?annee=" in page


def test_the_coordination_reminds_a_late_operator_once_a_day(world):
    world.final.due_date = datetime.date(2026, 1, 31)  # long past
    world.final.save()
    page = as_user(world.people.coord).get("/").content.decode()
    remind = reverse("notifications:remind", args=[world.contract.pk, 2026, 1, world.final.kind])
    assert f'action="{remind}"' in page and "Relancer" in page
    assert as_user(world.people.op_a).post(remind).status_code == 403
    assert as_user(world.people.op_b).post(remind).status_code == 404
    coord = as_user(world.people.coord)
    assert coord.post(remind).status_code == 302
    assert coord.post(remind).status_code == 302
    told = Notification.objects.filter(recipient=world.people.op_a, kind=NotificationKind.LATE)
    assert told.filter(event_key__contains=":manual:").count() == 1
    assert (
        "Relance de la coordination"
        in as_user(world.people.op_a).get("/notifications/").content.decode()
    )


def test_a_submitted_report_is_not_late_and_is_not_reminded(world):
    world.final.due_date = datetime.date(2026, 1, 31)
    world.final.save()
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    services.submit_report(report=report, actor=world.people.op_a)
    remind = reverse("notifications:remind", args=[world.contract.pk, 2026, 1, "final"])
    assert as_user(world.people.coord).post(remind).status_code == 302
    assert not Notification.objects.filter(event_key__contains=":manual:").exists()


def test_notifications_are_ones_own_opened_and_marked_read(world):
    [mine] = notify(
        kind=NotificationKind.REPORT_VALIDATED,
        recipients=[world.people.op_a],
        event_key="v",
        title="Bilan validé : test",
        url="/contrats/",
    )
    op_a, op_b = as_user(world.people.op_a), as_user(world.people.op_b)
    assert "Bilan validé : test" in op_a.get("/notifications/").content.decode()
    assert "Bilan validé : test" not in op_b.get("/notifications/").content.decode()
    assert op_b.post(reverse("notifications:open", args=[mine.pk])).status_code == 404
    response = op_a.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/contrats/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    op_a.post("/notifications/")
    assert not Notification.objects.filter(recipient=world.people.op_a, read_at=None).exists()


def test_preferences_are_chosen_per_kind_and_mandatory_ones_are_stated(world):
    client = as_user(world.people.op_a)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert page.count("Obligatoire") == 3
    choices = {
        kind: Delivery.IMMEDIATE
        for kind in NotificationKind.values
        if kind not in ("report_returned", "late", "invitation")
    }
    choices["message_posted"] = Delivery.DIGEST
    choices["report_returned"] = Delivery.OFF  # not offered: ignored
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    stored = dict(
        NotificationPreference.objects.filter(user=world.people.op_a).values_list(
            "kind", "delivery"
        )
    )
    assert stored["message_posted"] == Delivery.DIGEST
    assert "report_returned" not in stored
