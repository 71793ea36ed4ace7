"""A reporting year told to everyone, in a real browser, e-mails read back from a real SMTP
server: period opened → reminder (``ctai notifications`` twice: once) → the operator submits
from « Mes tâches » → the coordinator returns it (the operator is told why) → the operator
answers the State's question in the report's conversation and resubmits → validated."""

import datetime
import io
import re

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from ctai.contracts.models import ActionSheet
from ctai.core.roles import Role
from ctai.reporting import services
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import OperatorReport
from tests.browser.conftest import PASSWORD, check_accessibility
from tests.browser.test_reporting_journey import log_in
from tests.factories import OrganisationFactory, grant
from tests.notifications.conftest import Inbox, free_port, work_the_queue

pytestmark = pytest.mark.browser
NUMBER = 9


@pytest.fixture
def smtp(settings):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def command_twice() -> None:
    for _ in range(2):
        call_command("notifications", stdout=io.StringIO())
    work_the_queue()


def test_a_reporting_year_in_the_browser(logged_in, browser, live_server, metz, coordinator, smtp):
    coord_page = logged_in
    sheet = ActionSheet.objects.get(contract=metz, year=2026, number=NUMBER)
    people = get_user_model().objects
    coordinator.email = "coordination@ctai.example"
    coordinator.save()
    operator_user = people.create_user("porteur", "porteur@ctai.example", PASSWORD)
    grant(operator_user, metz, Role.OPERATOR, sheet.operator)
    state_user = people.create_user("ddets", "ddets@ctai.example", PASSWORD)
    grant(state_user, metz, Role.STATE_REVIEWER, OrganisationFactory(name="DDETS"))

    # The coordination opens the period (due in 10 days): the operator is told by e-mail.
    period = services.set_reporting_period(
        contract=metz,
        year=2026,
        kind=PeriodKind.FINAL,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        actor=coordinator,
    )
    work_the_queue()
    assert any("Bilan final 2026 à remettre" in s for s in smtp.subjects("porteur@ctai.example"))
    command_twice()
    reminders = [s for s in smtp.subjects("porteur@ctai.example") if "dans 10 jours" in s]
    assert len(reminders) == 1

    # The operator lands on « Mes tâches », opens the report from there and submits it.
    operator = log_in(browser, live_server, "porteur")
    operator.goto(f"{live_server.url}/")
    item = operator.get_by_role("link", name=re.compile(rf"Bilan final 2026 — Fiche n° {NUMBER}"))
    item.first.click()
    operator.get_by_role("button", name="Commencer le bilan").click()
    operator.get_by_role("button", name="Soumettre").click()
    operator.get_by_text("Bilan soumis : la coordination va l'examiner.").wait_for()
    work_the_queue()
    assert any("Bilan soumis à examiner" in s for s in smtp.subjects("coordination@ctai.example"))

    # The State asks a question in the conversation; the coordination returns the report.
    state = log_in(browser, live_server, "ddets")
    report_url = f"{live_server.url}/contrats/{metz.pk}/fiches/2026/{NUMBER}/bilans/final/"
    state.goto(report_url)
    state.get_by_label("Message").fill("Combien de ménages ont été relogés ?")
    state.get_by_role("button", name="Envoyer le message").click()
    state.get_by_text("Message publié.").wait_for()
    coord_page.goto(report_url)
    coord_page.get_by_label("Motif du renvoi").fill("Précisez le nombre de ménages relogés.")
    coord_page.get_by_role("button", name="Renvoyer pour correction").click()
    coord_page.get_by_text("Bilan renvoyé au porteur pour correction.").wait_for()
    work_the_queue()
    returned = next(m for m in smtp.to("porteur@ctai.example") if "à corriger" in m["Subject"])
    assert "Précisez le nombre de ménages relogés." in returned.get_body(("plain",)).get_content()

    # The operator: the bell counts, « Mes tâches » shows the reason; they answer and resubmit.
    operator.goto(f"{live_server.url}/")
    assert operator.get_by_text("Motif : Précisez le nombre de ménages relogés.").is_visible()
    assert "non lue" in operator.get_by_role("link", name=re.compile("Notifications")).inner_html()
    operator.goto(report_url)
    operator.get_by_text("Répondre", exact=True).first.click()
    operator.get_by_label("Votre réponse").first.fill("Huit ménages relogés.")
    operator.get_by_role("button", name="Répondre").first.click()
    operator.get_by_text("Message publié.").wait_for()
    check_accessibility(operator, "bilan-echange")
    operator.get_by_role("button", name="Soumettre").click()
    operator.get_by_text("Bilan soumis : la coordination va l'examiner.").wait_for()
    work_the_queue()
    assert any("a répondu sur le bilan" in s for s in smtp.subjects("ddets@ctai.example"))

    # The coordination validates: the operator is told; nothing is left for this report.
    coord_page.goto(report_url)
    coord_page.get_by_role("button", name="Valider", exact=True).click()
    coord_page.get_by_text("Bilan validé").first.wait_for()
    report = OperatorReport.objects.get(period=period, sheet=sheet)
    assert report.status == ReportStatus.VALIDATED
    work_the_queue()
    assert any("Bilan validé" in s for s in smtp.subjects("porteur@ctai.example"))
    operator.goto(f"{live_server.url}/")
    assert operator.get_by_text(f"Bilan final 2026 — Fiche n° {NUMBER}").count() == 0
    sent = len(smtp.messages)
    command_twice()
    assert len(smtp.messages) == sent
    for page in (operator, state):
        page.context.close()
