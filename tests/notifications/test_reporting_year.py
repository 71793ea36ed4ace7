"""A reporting year, told to everyone (issue 12's « Done when », at the service and web-client
level): period opened → reminder → the operator submits → the coordination returns it (the
operator is told why) → the operator answers the State's question and resubmits → validated.
E-mails are read back from a real SMTP server; « Mes tâches » is checked at each step;
``ctai notifications`` run twice sends once."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ctai.reporting import services
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import OperatorReport, ReportComment
from tests.notifications.conftest import work_the_queue
from tests.reporting.views_support import as_user, form_data, report_url

FINAL_1 = "Bilan final 2026 — Fiche n° 1"


def tasks_page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def section(page: str, key: str) -> str:
    """The text of one section of « Mes tâches » (up to the next section)."""
    start = page.index(f'id="taches-{key}"')
    end = page.find('<section class="card', start + 1)
    return page[start : end if end > 0 else None]


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def year(world, smtp):
    world.final.delete()  # the coordination opens it in the test
    return world


def test_a_reporting_year_told_to_everyone(year, smtp, django_capture_on_commit_callbacks):
    world, people = year, year.people
    coord, op_a, state = as_user(people.coord), as_user(people.op_a), as_user(people.state)
    today = timezone.localdate()

    # The coordination opens the final report period: each operator is told.
    with django_capture_on_commit_callbacks(execute=True):
        world.final = services.set_reporting_period(
            contract=world.contract,
            year=2026,
            kind=PeriodKind.FINAL,
            due_date=today + datetime.timedelta(days=10),
            actor=people.coord,
        )
    work_the_queue()
    [opened] = smtp.to("op_a@ctai.example")
    assert "Bilan final 2026 à remettre pour la fiche n° 1 (2026)" in opened["Subject"]
    assert "fiches/2026/1/bilans/final/" in body(opened)
    assert FINAL_1 in section(tasks_page(op_a), "a_remplir")

    # The hourly command: a reminder 15 days before, once however often it runs.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications", stdout=io.StringIO())
        call_command("notifications", stdout=io.StringIO())
    work_the_queue()
    reminders = [s for s in smtp.subjects("op_a@ctai.example") if "à remettre dans 10 jours" in s]
    assert len(reminders) == 1
    assert ["à remettre dans 10 jours" in s for s in smtp.subjects("op_b@ctai.example")].count(
        True
    ) == 1  # sheet 2's operator too (and the late intermediate report's reminder)

    # The operator starts and submits: the coordination is told and has it to review.
    op_a.post(report_url(world, "start"))
    report = OperatorReport.objects.get(period=world.final, sheet=world.sheet_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = op_a.post(report_url(world, "submit"), form_data(report))
    assert response.status_code == 302
    work_the_queue()
    assert any("Bilan soumis à examiner" in s for s in smtp.subjects("coord@ctai.example"))
    assert FINAL_1 in section(tasks_page(coord), "a_examiner")
    assert FINAL_1 not in section(tasks_page(op_a), "a_remplir")
    assert FINAL_1 in section(tasks_page(state), "a_lire")

    # The State asks a question; the operator hears of it.
    with django_capture_on_commit_callbacks(execute=True):
        state.post(report_url(world, "comment"), {"body": "Combien de femmes ont suivi ?"})
    question = ReportComment.objects.get()
    assert question.author_role == "state_reviewer"
    work_the_queue()
    assert any("a écrit sur le bilan" in s for s in smtp.subjects("op_a@ctai.example"))
    assert FINAL_1 not in section(tasks_page(state), "a_lire")  # read and written on

    # The coordination returns it with its reason: the operator is told why.
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(
            report_url(world, "return"),
            {"reason": "Ajoutez les heures de formation.", "version": report.version},
        )
    assert response.status_code == 302
    work_the_queue()
    returned = next(m for m in smtp.to("op_a@ctai.example") if "à corriger" in m["Subject"])
    assert "Motif : Ajoutez les heures de formation." in body(returned)
    to_fix = section(tasks_page(op_a), "a_corriger")
    assert FINAL_1 in to_fix and "Motif : Ajoutez les heures de formation." in to_fix
    assert FINAL_1 not in section(tasks_page(coord), "a_examiner")

    # The operator answers the State's question, then resubmits.
    with django_capture_on_commit_callbacks(execute=True):
        response = op_a.post(
            report_url(world, "comment"),
            {"body": "22 femmes, détail joint.", "reply_to": question.pk},
        )
    answer = ReportComment.objects.latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"#message-{answer.pk}")
    assert (answer.reply_to, answer.author_role) == (question, "operator")
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        op_a.post(report_url(world, "submit"), form_data(report))
    work_the_queue()
    assert any("a répondu sur le bilan" in s for s in smtp.subjects("state@ctai.example"))
    assert any("a répondu sur le bilan" in s for s in smtp.subjects("coord@ctai.example"))
    assert FINAL_1 in section(tasks_page(coord), "a_examiner")

    # Validated: the operator and the State are told; nothing left for this report.
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        coord.post(report_url(world, "validate"), {"version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    work_the_queue()
    assert any("Bilan validé" in s for s in smtp.subjects("op_a@ctai.example"))
    assert any("Bilan validé" in s for s in smtp.subjects("state@ctai.example"))
    page = tasks_page(op_a)
    assert FINAL_1 not in section(page, "a_remplir")
    assert FINAL_1 not in section(page, "a_corriger")
    assert FINAL_1 not in section(tasks_page(coord), "a_examiner")

    # The thread is kept, in order, on the report page; the operator's answer says to what.
    text = op_a.get(report_url(world)).content.decode()
    assert text.index("Combien de femmes") < text.index("22 femmes")
    assert f'href="#message-{question.pk}"' in text
    # ... and in the sheet's history (audit trail), for the coordination and the State.
    history = reverse("audit:sheet", args=[world.contract.pk, 2026, 1])
    assert "22 femmes, détail joint." in coord.get(history).content.decode()

    # Nothing is sent twice: a last run of the worker and of the command add nothing.
    sent = len(smtp.messages)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications", stdout=io.StringIO())
    work_the_queue()
    assert len(smtp.messages) == sent
    # The bell counts the operator's unread notifications.
    assert "non lue" in op_a.get("/notifications/").content.decode()
