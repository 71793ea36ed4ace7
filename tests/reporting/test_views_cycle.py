"""Contract pages of the cycle: due dates, the dashboard's reporting block, next year's
programmation, and the State evaluation downloaded in three formats."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ctai.accounts.models import Membership
from ctai.contracts.models import ActionSheet
from ctai.reporting import services
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import ReportingPeriod
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.factories import advance
from tests.reporting.readers import read_ods, read_pdf, read_xlsx, table_after
from tests.reporting.views_support import as_user, contract_url, report_url
from tests.web.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def validated(world):
    """Sheet 1's final report validated (6 500 € of P104 spent out of 8 000 €)."""
    people = world.people
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=people.op_a)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    report.refresh_from_db()
    return advance(report, ReportStatus.VALIDATED, operator=people.op_a, coordinator=people.coord)


def test_the_coordinator_sets_a_due_date_and_sees_late_reports(world):
    client = as_user(world.people.coord)
    page = text(client.get(contract_url(world, "periods")))
    # The intermediate report was due on 15 October 2026: both sheets are late (text label).
    assert "2 en retard" in page and page.count(">En retard<") == 2
    response = client.post(
        contract_url(world, "periods"),
        {"year": 2026, "kind": "intermediaire", "due_date": "2026-12-15"},
    )
    assert response.status_code == 302
    assert ReportingPeriod.objects.get(pk=world.intermediate.pk).due_date == datetime.date(
        2026, 12, 15
    )
    assert ">En retard<" not in text(client.get(contract_url(world, "periods")))


def test_the_year_is_chosen_among_the_contracts_years(world):
    client = as_user(world.people.coord)
    page = text(client.get(contract_url(world, "periods")))
    select = page[page.index('name="year"') : page.index("</select>", page.index('name="year"'))]
    years = list(world.contract.years)
    assert [int(y) for y in re.findall(r'<option value="(\d+)"', select)] == years
    response = client.post(
        contract_url(world, "periods"), {"year": 2031, "kind": "final", "due_date": "2031-03-31"}
    )
    assert response.status_code == 200
    assert "2031 n’en fait pas partie" in text(response) or "choix valide" in text(response)
    assert not ReportingPeriod.objects.filter(year=2031).exists()


def test_the_validate_button_is_shown_only_to_who_may_validate(world):
    people = world.people
    # The coordinator also belongs to operator A and submits its report: someone else of the
    # coordination validates it (services.validate_report refuses them).
    Membership.objects.create(
        user=people.coord, organisation=world.operator_a, contract=world.contract, role="operator"
    )
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=people.op_a)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=people.coord)
    submitter = text(as_user(people.coord).get(report_url(world)))
    assert "Renvoyer pour correction" in submitter
    assert ">Valider</button>" not in submitter
    assert "sa validation revient à une autre personne de la coordination" in submitter
    other = text(as_user(people.coord2).get(report_url(world)))
    assert ">Valider</button>" in other
    report.refresh_from_db()
    assert not services.can_validate(report=report, actor=people.coord)
    assert services.can_validate(report=report, actor=people.coord2)


def test_the_dashboard_shows_progress_due_reports_spending_and_carryover(world, validated):
    url = reverse("contracts:dashboard", args=[world.contract.pk])
    page = text(as_user(world.people.coord).get(url + "?annee=2026"))
    assert "Bilans et réalisation 2026" in page
    # Sheet 1: 3 reached, 1 on track, 1 behind → "En retard", as a text label and a colour.
    assert '<span class="badge text-bg-danger">En retard</span>' in page
    assert "3 atteints, 1 en bonne voie, 1 en retard" in page
    assert "Pas de bilan" in page  # sheet 2
    assert "42 / 40 (105,0\u202f%)" in page
    assert "6\u202f500,00\u202f€" in page and "1\u202f500,00\u202f€" in page  # spent, carry-over
    assert "en attente du bilan final validé" in page
    assert "Télécharger l'évaluation (XLSX)" in page
    assert "INVALID" not in page


def test_the_copil_sees_only_validated_progress(world, validated):
    url = reverse("contracts:dashboard", args=[world.contract.pk])
    page = text(as_user(world.people.copil).get(url))
    assert "Préparer la programmation suivante" not in page
    assert "3 atteints" in page


FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
}


@pytest.mark.parametrize("role", ["coord", "state", "copil"])
def test_the_evaluation_downloads_with_the_reports_figures(world, validated, role):
    client = as_user(getattr(world.people, role))
    contents = {}
    for format, content_type in FORMATS.items():
        response = client.get(contract_url(world, "evaluation"), {"annee": 2026, "format": format})
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        slug = world.contract.territory.lower().replace(" ", "-")
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Content-Disposition"].endswith(f'-2026.{format}"')
        assert slug.split("-")[0] in response["Content-Disposition"]
        contents[format] = response.content
    for tables in (read_xlsx(contents["xlsx"]), read_ods(contents["ods"])):
        rows = table_after(tables["Synthèse"], "Fiches actions")
        header, first = rows[0], dict(zip(rows[0], rows[1], strict=False))
        assert "P104 dépensé" in header
        assert first["P104 dépensé"] == 6500 and first["Reliquat reportable"] == 1500
    assert "6 500,00" in read_pdf(contents["pdf"])


def test_operators_cannot_download_and_bad_parameters_are_404(world, validated):
    url = contract_url(world, "evaluation")
    assert as_user(world.people.op_a).get(url, {"annee": 2026}).status_code == 404
    coordinator = as_user(world.people.coord)
    assert coordinator.get(url, {"annee": 2026, "format": "docx"}).status_code == 404
    assert coordinator.get(url, {"annee": 1999}).status_code == 404


def test_next_programmation_copies_the_sheets_with_the_carryover(world, validated):
    client = as_user(world.people.coord)
    url = contract_url(world, "next_programmation")
    assert "Préparer la programmation" in text(client.get(url))
    response = client.post(url, {"from_year": 2026, "keep_targets": "non"})
    assert response.status_code == 200
    page = text(response)
    assert "Programmation 2027 préparée" in page and "1\u202f500,00\u202f€" in page
    assert "fiches n° 2" in page  # sheet 2's final report is not validated
    assert "Contrôles relancés" in page or "constat" in page.lower()
    copies = ActionSheet.objects.filter(contract=world.contract, year=2027)
    assert copies.count() == 2
    assert copies.get(number=1).budget.p104_carryover == Decimal("1500.00")
    assert all(i.target is None for i in copies.get(number=1).indicators.all())
    again = client.post(url, {"from_year": 2026, "keep_targets": "oui"})
    assert "La programmation 2027 existe déjà" in text(again)
    response = client.post(contract_url(world, "apply_carryover"), {"from_year": 2026})
    assert response.status_code == 302
