"""Downloads of the programmation: XLSX and CSV, read back, safe against formula injection."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from ctai.budget.models import Budget
from ctai.contracts.models import ActionSheet, Organisation

# The Metz document imported once for the module, each test in its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once")]

PAYLOADS = ["=1+1", "+33 6 12", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd", '=HYPERLINK("http://x")']


def xlsx(client, contract, **params):
    response = client.get(reverse("contracts:programmation_xlsx", args=[contract.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "programmation-2026-ville-de-metz.xlsx" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def csv_rows(client, contract, **params) -> list[list[str]]:
    response = client.get(reverse("contracts:programmation_csv", args=[contract.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_xlsx_holds_the_sheets_with_numeric_amounts_in_euros(client_in, metz):
    workbook = xlsx(client_in, metz)
    sheet = workbook["Programmation"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Année", "Axe", "N° de fiche", "Intitulé")
    assert len(rows) == 13
    nine = next(row for row in rows if row[2] == 9)
    assert nine[1] == "Axe 3"
    assert nine[6:11] == (16620, 0, 4155, None, 25775)
    assert nine[11] >= 1  # errors
    cell = sheet.cell(row=rows.index(nine) + 1, column=7)
    assert cell.data_type == "n"
    assert "€" in cell.number_format and "#,##0.00" in cell.number_format
    totals = list(workbook["Totaux par axe"].iter_rows(values_only=True))
    assert totals[-1][:3] == ("Total", 12, 169900)


def test_xlsx_keeps_the_filters(client_in, metz):
    rows = list(xlsx(client_in, metz, axis="3")["Programmation"].iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == [8, 9]


def test_csv_writes_amounts_with_a_decimal_comma_and_no_thousands_separator(client_in, metz):
    rows = csv_rows(client_in, metz)
    assert rows[0][0] == "Année"
    nine = next(row for row in rows if row[2] == "9")
    assert nine[6:11] == ["16620,00", "0,00", "4155,00", "", "25775,00"]
    assert len(rows) == 13


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_injection_is_written_as_text(client_in, metz, payload):
    sheet = ActionSheet.objects.get(contract=metz, number=9)
    sheet.title = payload
    sheet.operator = Organisation.objects.create(name=f"{payload} asso")
    sheet.save()

    workbook = xlsx(client_in, metz)
    worksheet = workbook["Programmation"]
    for row in worksheet.iter_rows(min_row=2):
        if row[2].value == 9:
            for cell in (row[3], row[4]):
                assert cell.data_type == "s"  # a string, never a formula
                # XML may turn a carriage return into a line feed; text all the same.
                assert cell.value.replace("\r", "\n").startswith(payload.replace("\r", "\n"))
                assert cell.quotePrefix
    nine = next(row for row in csv_rows(client_in, metz) if row[2] == "9")
    assert nine[3] == f"'{payload}"
    assert nine[4] == f"'{payload} asso"


def test_negative_looking_amounts_cannot_exist(db, metz):
    # Amounts are never negative (database constraint), so a number cell never starts with "-".
    budget = Budget.objects.get(action__number=9)
    budget.total_cost = Decimal("-1")
    with pytest.raises(Exception):  # noqa: B017 — IntegrityError, whatever the database
        budget.save()


def test_xlsx_prints_landscape_one_page_wide_with_the_header_row_repeated(client_in, metz):
    workbook = xlsx(client_in, metz)
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
