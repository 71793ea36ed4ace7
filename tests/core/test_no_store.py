"""Nothing served to a logged-in person stays in a browser or proxy cache (shared CCAS
workstations): pages, XLSX exports and attachment downloads say `Cache-Control: no-store`."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ctai.reporting import services
from tests.reporting.builders import build_world
from tests.reporting.views_support import as_user, report_url

pytestmark = pytest.mark.django_db


def _no_store(response) -> None:
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "Dépenses"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def world():
    return build_world()


def test_pages_exports_and_attachments_are_not_stored(world):
    coord = as_user(world.people.coord)
    _no_store(coord.get(reverse("contracts:list")))
    _no_store(coord.get(reverse("contracts:programmation_xlsx", args=[world.contract.pk])))
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    upload = SimpleUploadedFile("tableau.xlsx", _xlsx())
    attachment = services.add_attachment(report=report, actor=world.people.op_a, upload=upload)
    operator = as_user(world.people.op_a)
    _no_store(operator.get(report_url(world, "attachment", extra=[attachment.pk])))
