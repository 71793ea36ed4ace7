"""Issue 10, part 3: the checks run on every programme year of a stored contract, and a
finding carries its year and its sheet."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from ctai.checks.models import StoredFinding
from ctai.programmation.nextyear import create_next_programmation
from tests.factories import grant
from tests.web.builders import metz_document
from tests.web.conftest import import_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def metz_two_years():
    """The Metz demo after "Préparer la programmation suivante" (2027 copied from 2026)."""
    metz = import_document(metz_document())
    coordinator = get_user_model().objects.create_user("coordinatrice")
    grant(coordinator, metz)
    create_next_programmation(contract=metz, from_year=2026, keep_targets=True, actor=coordinator)
    return metz


def test_ctai_check_json_reports_sheet_9_axis_error_for_each_year(metz_two_years):
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:  # an erreur: exit code 1
        call_command("check", str(metz_two_years.pk), "--json", stdout=out)
    assert exit_code.value.code == 1
    findings = json.loads(out.getvalue())["findings"]
    axis_9 = [f for f in findings if f["code"] == "axis.mismatch" and f["action"] == 9]
    assert [f["year"] for f in axis_9] == [2026, 2027]
    assert all(f["severity"] == "erreur" and "axe 2" in f["message"] for f in axis_9)
    assert all("year" not in f["figures"] for f in findings if f["action"] is not None)


def test_stored_findings_point_to_the_sheet_of_their_year(metz_two_years):
    stored = StoredFinding.objects.filter(
        contract=metz_two_years, code="axis.mismatch", action_number=9
    ).select_related("sheet")
    assert sorted((f.year, f.sheet.year, f.sheet.number) for f in stored) == [
        (2026, 2026, 9),
        (2027, 2027, 9),
    ]
    sheet_2027 = metz_two_years.actions.get(year=2027, number=9)
    assert [f.code for f in sheet_2027.findings.all() if f.code.startswith("axis.")] == [
        "axis.mismatch"
    ]


def test_axis_amounts_are_checked_on_the_annexed_programmation_only(metz_two_years):
    declared = StoredFinding.objects.filter(contract=metz_two_years, code="axis.declared_amount")
    assert {f.year for f in declared} <= {2026}
