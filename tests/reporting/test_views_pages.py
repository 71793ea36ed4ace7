"""The reporting pages render for the right roles, in French, and answer 404 / 403 otherwise."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import ctai.reporting
from ctai.reporting import services
from ctai.reporting.enums import ReportStatus
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.factories import advance
from tests.reporting.views_support import as_user, contract_url, report_url
from tests.web.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world):
    """Sheet 1's final report, filled and submitted."""
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    report.refresh_from_db()
    return advance(report, ReportStatus.SUBMITTED, operator=world.people.op_a, coordinator=None)


# GET of each page, by role: coordinator, operator of the sheet, operator of another sheet,
# State reviewer, COPIL member.
GET_MATRIX = {
    "periods": {"coord": 200, "op_a": 404, "op_b": 404, "state": 200, "copil": 200},
    "evaluation": {"coord": 200, "op_a": 404, "op_b": 404, "state": 200, "copil": 200},
    "next_programmation": {"coord": 200, "op_a": 404, "op_b": 404, "state": 403, "copil": 403},
    "report": {"coord": 200, "op_a": 200, "op_b": 404, "state": 200, "copil": 200},
}


@pytest.mark.parametrize("name", list(GET_MATRIX))
def test_each_page_answers_each_role_as_the_matrix_says(world, submitted, name):
    url = report_url(world) if name == "report" else contract_url(world, name)
    for role, expected in GET_MATRIX[name].items():
        response = as_user(getattr(world.people, role)).get(url)
        assert response.status_code == expected, (name, role)
        if expected == 200 and response["Content-Type"].startswith("text/html"):
            content = text(response)
            assert "INVALID" not in content, (name, role)
            assert '<html lang="fr">' in content


def test_strangers_get_404_and_anonymous_people_the_login_page(world, submitted):
    urls = [report_url(world), *(contract_url(world, n) for n in GET_MATRIX if n != "report")]
    for url in urls:
        assert as_user(world.people.stranger).get(url).status_code == 404, url
        response = as_user(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert as_user(None).post(url).status_code == 302


def test_an_unknown_period_or_kind_is_a_404(world):
    client = as_user(world.people.coord)
    args = [world.contract.pk, 2026, world.sheet_a.number]
    assert client.get(reverse("reporting:report", args=[*args, "trimestriel"])).status_code == 404
    world.final.delete()
    assert client.get(reverse("reporting:report", args=[*args, "final"])).status_code == 404


def test_the_state_does_not_read_drafts_and_the_copil_only_validated_reports(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values={"ben_total": 41})
    for role in ("state", "copil"):
        page = text(as_user(getattr(world.people, role)).get(report_url(world)))
        assert "pas encore consultable" in page
        assert "41" not in re.sub(r"<[^>]+>", " ", page).split("Date limite")[1]
    page = text(as_user(world.people.coord).get(report_url(world)))
    assert 'value="41"' not in page and ">41<" in page  # read-only for the coordinator


@pytest.mark.parametrize(
    ("action", "forbidden"),
    [
        ("report", ["coord", "state", "copil"]),
        ("start", ["coord", "state", "copil"]),
        ("submit", ["coord", "state", "copil"]),
        ("attachment_add", ["coord", "state", "copil"]),
        ("return", ["op_a", "state", "copil"]),
        ("validate", ["op_a", "state", "copil"]),
        ("comment", []),  # whoever reads it writes; the COPIL does not read it yet: 404
    ],
)
def test_in_scope_people_get_403_for_actions_not_theirs_and_others_404(
    world, submitted, action, forbidden
):
    url = report_url(world, action)
    for role in forbidden:
        assert as_user(getattr(world.people, role)).post(url).status_code == 403, role
    assert as_user(world.people.op_b).post(url).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_contract_pages_refuse_writes_to_all_but_the_coordinator(world):
    for name in ("periods", "next_programmation", "apply_carryover"):
        url = contract_url(world, name)
        for role in ("state", "copil"):
            assert as_user(getattr(world.people, role)).post(url).status_code == 403
        assert as_user(world.people.op_a).post(url).status_code == 404


def test_the_sheet_page_lists_its_reports(world, submitted):
    url = reverse("contracts:sheet", args=[world.contract.pk, 2026, world.sheet_a.number])
    page = text(as_user(world.people.coord).get(url))
    assert "Bilans de l'action" in page
    assert report_url(world) in page
    assert "Bilan final</a> :\n      soumis" in page or "soumis" in page


TEMPLATES = list((Path(ctai.reporting.__file__).parent / "templates").glob("**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_inline_no_script_and_no_style(template):
    if template.name == "evaluation.html":  # the PDF's template: WeasyPrint, not a browser
        pytest.skip("gabarit du PDF")
    source = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", source)
    assert not re.search(r"\son[a-z]+=", source)
    assert not re.search(r"\sstyle=", source)
    assert "hx-on" not in source
