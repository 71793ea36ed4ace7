"""The report page: French errors on bad input, the report intact, one submission recorded."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ctai.reporting import services
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import OperatorReport, ReportTransition
from tests.reporting.builders import indicator
from tests.reporting.views_support import as_user, form_data, report_url
from tests.web.pages import text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def draft(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


@pytest.fixture
def operator(world):
    return as_user(world.people.op_a)


def field(world, code: str) -> str:
    return f"indicator_{indicator(world.sheet_a, code).pk}"


def test_the_operator_starts_then_fills_the_report_the_french_way(world, operator):
    page = text(operator.get(report_url(world)))
    assert "Commencer le bilan" in page
    response = operator.post(report_url(world, "start"))
    assert response.status_code == 302
    report = OperatorReport.objects.get(sheet=world.sheet_a, period=world.final)
    page = text(operator.get(report_url(world)))
    assert "Enregistrer le brouillon" in page and "Soumettre" in page
    response = operator.post(
        report_url(world),
        form_data(
            report,
            **{
                field(world, "fr_hours"): "1 234,5",
                f"comment_{indicator(world.sheet_a, 'fr_hours').pk}": "Au-delà",
            },
            line_p104_subsidy="6 500,00",
            done="Ateliers hebdomadaires.",
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    achieved = report.achievements.get()
    assert (achieved.value, achieved.comment) == (Decimal("1234.5"), "Au-delà")
    assert report.spending_lines.get().amount == Decimal("6500.00")
    assert report.done == "Ateliers hebdomadaires."
    page = text(operator.get(report_url(world)))
    assert 'value="1\u202f234,50"' in page or "1\u202f234,5" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3", "la valeur ne peut pas être négative (-3)."),
        ("douze", "n'est pas un nombre ; saisissez par exemple 12 ou 1 234,50"),
    ],
)
def test_a_negative_or_non_numeric_value_is_refused_in_french(
    world, draft, operator, typed, message
):
    name = field(world, "ben_total")
    response = operator.post(report_url(world), form_data(draft, **{name: typed}))
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert f'href="#id_{name}"' in page  # the summary links to the field
    assert f'id="id_{name}_error"' in page and 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.achievements.exists()


def test_spending_above_granted_is_saved_shown_and_blocks_the_submission(world, draft, operator):
    data = form_data(draft, line_p104_subsidy="9 500,00")
    assert operator.post(report_url(world), data).status_code == 302
    page = text(operator.get(report_url(world)))
    assert "Erreur" in page and "9\u202f500,00" in page
    draft.refresh_from_db()
    response = operator.post(
        report_url(world, "submit"), form_data(draft, line_p104_subsidy="9 500,00")
    )
    assert response.status_code == 302
    page = text(operator.get(report_url(world)))
    assert "ne peut pas être soumis tant que ces erreurs demeurent" in page
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT
    assert not ReportTransition.objects.exists()


def test_a_double_click_on_submit_records_one_submission(world, draft, operator):
    data = form_data(draft, **{field(world, "ben_total"): "40"}, line_p104_subsidy="6 000")
    first = operator.post(report_url(world, "submit"), data)
    second = operator.post(report_url(world, "submit"), data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "Ce bilan est soumis" in text(second)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    assert ReportTransition.objects.filter(report=draft, transition="submit").count() == 1


def test_the_submit_button_sends_its_form_once(world, draft, operator):
    page = text(operator.get(report_url(world)))
    assert "data-submit-once" in page and "reporting/report.js" in page


def upload(client, world, name: str, content: bytes):
    return client.post(
        report_url(world, "attachment_add"), {"file": SimpleUploadedFile(name, content)}
    )


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_attachments_are_checked_and_the_report_stays_intact(world, draft, operator, settings):
    settings.CTAI_REPORT_ATTACHMENT_MAX_BYTES = 200
    response = upload(operator, world, "gros.pdf", PDF + b"x" * 500)
    assert response.status_code == 200
    assert "est trop volumineux" in text(response)
    response = upload(operator, world, "photo.pdf", PNG)
    assert response.status_code == 200
    assert "porte l'extension .pdf mais son contenu est un fichier image PNG" in text(response)
    response = upload(operator, world, "outil.exe", b"MZ" + b"\x00" * 40)
    assert "type de fichier non accepté" in text(response)
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.attachments.exists()

    settings.CTAI_REPORT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    assert upload(operator, world, "tableau.xlsx", xlsx_bytes()).status_code == 302
    attachment = draft.attachments.get()
    response = operator.get(report_url(world, "attachment", extra=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="tableau.xlsx"' in response["Content-Disposition"]
    assert (
        as_user(world.people.op_b)
        .get(report_url(world, "attachment", extra=[attachment.pk]))
        .status_code
        == 404
    )
    assert (
        operator.post(report_url(world, "attachment_remove", extra=[attachment.pk])).status_code
        == 302
    )
    assert not draft.attachments.exists()


def test_return_needs_a_reason_then_the_operator_corrects_and_the_coordinator_validates(
    world, draft, operator
):
    data = form_data(draft, **{field(world, "ben_total"): "40"}, line_p104_subsidy="6 000")
    operator.post(report_url(world, "submit"), data)
    draft.refresh_from_db()
    coordinator = as_user(world.people.coord)
    page = text(coordinator.get(report_url(world)))
    assert "Renvoyer pour correction" in page and "Valider" in page

    response = coordinator.post(
        report_url(world, "return"), {"version": draft.version, "reason": "  "}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in text(response)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED

    reason = "Les heures de formation manquent."
    response = coordinator.post(
        report_url(world, "return"), {"version": draft.version, "reason": reason}
    )
    assert response.status_code == 302
    page = text(operator.get(report_url(world)))
    assert "Renvoyé pour correction" in page and reason in page and "À corriger" in page

    draft.refresh_from_db()
    data = form_data(
        draft,
        **{field(world, "ben_total"): "40", field(world, "fr_hours"): "280"},
        line_p104_subsidy="6 000",
    )
    assert operator.post(report_url(world, "submit"), data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED

    assert (
        coordinator.post(report_url(world, "validate"), {"version": draft.version}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.VALIDATED
    page = text(operator.get(report_url(world)))
    assert "lecture seule" in page and "Enregistrer le brouillon" not in page
    assert [t.transition for t in draft.transitions.all()] == [
        "submit",
        "return",
        "submit",
        "validate",
    ]
    assert "Journal des transitions" in page and reason in page
    # A validated report refuses a late save, in French, unchanged.
    response = operator.post(
        report_url(world), form_data(draft, **{field(world, "ben_total"): "1"})
    )
    assert response.status_code == 200
    assert "Ce bilan est validé" in text(response)
    assert draft.achievements.get(indicator__definition__code="ben_total").value == 40


def test_nobody_validates_their_own_submission_in_french(world, draft, operator):
    from ctai.core.roles import Role
    from tests.factories import grant

    grant(world.people.coord, world.contract, Role.OPERATOR, world.operator_a)
    coordinator = as_user(world.people.coord)
    draft.refresh_from_db()
    coordinator.post(report_url(world, "submit"), form_data(draft, line_p104_subsidy="6 000"))
    draft.refresh_from_db()
    coordinator.post(report_url(world, "validate"), {"version": draft.version})
    page = text(coordinator.get(report_url(world)))
    assert "Vous avez soumis ce bilan" in page
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED


def test_the_state_comments_a_submitted_report(world, draft, operator):
    operator.post(report_url(world, "submit"), form_data(draft, line_p104_subsidy="6 000"))
    state = as_user(world.people.state)
    response = state.post(report_url(world, "comment"), {"body": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire" in text(response)
    response = state.post(report_url(world, "comment"), {"body": "Merci, très clair."})
    assert response.status_code == 302
    assert "Merci, très clair." in text(operator.get(report_url(world)))
    assert "Envoyer le message" not in text(as_user(world.people.copil).get(report_url(world)))
