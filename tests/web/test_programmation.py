"""The programmation: grouped by axis, filtered and sorted by a GET form, htmx-enhanced."""

import re

import pytest
from django.urls import reverse

from ctai.contracts.models import ActionSheet, Organisation
from tests.web.pages import text

# The Metz document imported once for the module, each test in its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once")]


SHEET_LINK = re.compile(
    r'<th scope="row" class="fw-normal"><a href="/contrats/\d+/fiches/\d+/(\d+)/"'
)


def sheet_numbers(response) -> list[int]:
    """The sheets listed by the page, in their order."""
    return [int(number) for number in SHEET_LINK.findall(text(response))]


def groups_of(response) -> dict[int, list[int]]:
    groups, current = {}, None
    for line in text(response).splitlines():
        if match := re.search(r'<th scope="rowgroup" colspan="10">Axe (\d+) :', line):
            current = groups.setdefault(int(match.group(1)), [])
        elif match := SHEET_LINK.search(line):
            current.append(int(match.group(1)))
    return groups


def get(client, contract, **params):
    return client.get(reverse("contracts:programmation", args=[contract.pk]), params)


def test_sheets_are_grouped_under_the_axis_the_contract_lists_them(client_in, metz):
    response = get(client_in, metz)
    assert groups_of(response) == {1: [1, 2], 2: [3, 4, 5, 6, 7], 3: [8, 9], 4: [10, 11, 12]}
    content = text(response)
    assert "la fiche indique l'axe 2" in content  # sheet 9
    assert "Total de l'axe 3 (2 fiches)" in content
    assert "Total général (12 fiches)" in content
    assert "169\u202f900,00\u202f€" in content  # P104 of the whole programmation
    assert "282\u202f875,00\u202f€" in content  # total cost of the programmation


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"axis": "3"}, [8, 9]),
        ({"theme": "numerique"}, [1, 7]),
        ({"severity": "erreur"}, [9]),
        ({"annee": "2027"}, []),
        ({"axis": "4", "sort": "total"}, [10, 12, 11]),
        ({"sort": "p104", "axis": "2"}, [5, 4, 6, 3, 7]),
        ({"sort": "constats", "axis": "3"}, [9, 8]),
    ],
)
def test_filters_and_sort(client_in, metz, params, expected):
    assert sheet_numbers(get(client_in, metz, **params)) == expected


def test_filter_by_operator(client_in, metz):
    operator = Organisation.objects.get(name="Association n° 3")
    expected = sorted(
        ActionSheet.objects.filter(contract=metz, operator=operator).values_list(
            "number", flat=True
        )
    )
    assert sheet_numbers(get(client_in, metz, operator=operator.pk)) == expected


def test_an_invalid_filter_is_ignored_and_said(client_in, metz):
    response = get(client_in, metz, axis="99", sort="n'importe quoi")
    assert len(sheet_numbers(response)) == 12
    assert "Certains filtres sont invalides" in text(response)


def test_htmx_gets_only_the_results(client_in, metz):
    url = reverse("contracts:programmation", args=[metz.pk])
    response = client_in.get(url, {"axis": "3"}, headers={"HX-Request": "true"})
    content = text(response)
    assert "<html" not in content
    assert 'data-summary="2 fiches affichées"' in content
    assert "HX-Request" in response["Vary"]
    assert "programmation.xlsx?axis=3" in content  # downloads keep the filters
    full = client_in.get(url, {"axis": "3"})
    assert "<html" in text(full)
    assert 'hx-get="' in text(full) and "data-autosubmit" in text(full)


def test_empty_result(client_in, metz):
    assert "Aucune fiche ne correspond à ces filtres." in text(
        get(client_in, metz, axis="1", theme="logement")
    )


def test_a_year_outside_the_contract_is_not_a_page(client_in, metz):
    url = reverse("contracts:programmation", args=[metz.pk])
    for year in ("2025", "2029", "deux-mille", "-1"):
        assert client_in.get(url, {"annee": year}).status_code == 404
