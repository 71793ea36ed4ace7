"""Every contract page and file is about one programme year (``?annee=YYYY``); only the
multi-year view adds years, and says so (issue 10)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctai.contracts.models import ActionSheet
from ctai.programmation.nextyear import create_next_programmation
from tests.web.pages import text

# The Metz document and the two generated contracts imported once for the module, each test in
# its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once", "_synthetic_once")]
SYNTHETIC_ONCE = [(12, "Petite"), (200, "Grande")]


@pytest.fixture
def metz_2027(metz, coordinator):
    """Metz after "Préparer la programmation suivante": 2027 copied from 2026, targets kept."""
    create_next_programmation(contract=metz, from_year=2026, keep_targets=True, actor=coordinator)
    assert ActionSheet.objects.filter(contract=metz).count() == 24
    return metz


def dashboard(client, contract, year):
    response = client.get(reverse("contracts:dashboard", args=[contract.pk]), {"annee": year})
    assert response.status_code == 200
    return text(response)


def test_each_year_shows_its_own_figures(client_in, metz_2027):
    first, second = dashboard(client_in, metz_2027, 2026), dashboard(client_in, metz_2027, 2027)
    for content in (first, second):
        assert "Fiches actions" in content and ">12<" in content
        assert "24" not in content.split("Fiches actions", 1)[1][:120]
        assert "169\u202f900,00\u202f€" in content  # P104 programmed that year
        assert "339\u202f800,00\u202f€" not in content  # never both years added
    assert "Enveloppe de l'État 2026" in first and "170\u202f000,00\u202f€" in first
    assert "Reste disponible : 100,00\u202f€" in first
    assert "Enveloppe de l'État 2027" in second and "150\u202f000,00\u202f€" in second
    assert "Dépassement de 19\u202f900,00\u202f€" in second
    # 2027's overrun is an error finding on 2027's dashboard, not on 2026's.
    assert "dépassement de 19\u202f900,00\u202f€" in second
    assert "dépassement de 19\u202f900,00\u202f€" not in first
    # Axis 1 declares 73 000 €: its 2026 and 2027 sheets each make 73 000 €, not 146 000 €.
    assert "146\u202f000,00\u202f€" not in first + second


def test_the_page_says_which_year_and_switches(client_in, metz_2027):
    content = dashboard(client_in, metz_2027, 2027)
    assert "tableau de bord 2027" in content
    assert 'href="?annee=2026"' in content and 'aria-current="page"' in content
    assert reverse("reporting:multiyear", args=[metz_2027.pk]) in content
    programmation = reverse("contracts:programmation", args=[metz_2027.pk])
    assert f"{programmation}?annee=2027" in content


def test_programmation_csv_holds_one_year(client_in, metz_2027):
    url = reverse("contracts:programmation_csv", args=[metz_2027.pk])
    response = client_in.get(url, {"annee": 2026})
    assert "programmation-2026-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], [row for row in rows[1:] if row and row[0].strip().isdigit()]
    assert len(body) == 12
    p104 = header.index(next(h for h in header if "P104" in h and "reliquat" not in h.lower()))
    assert sum(Decimal(row[p104].replace(",", ".") or "0") for row in body) == Decimal("169900")


def test_programmation_page_of_2027(client_in, metz_2027):
    url = reverse("contracts:programmation", args=[metz_2027.pk])
    content = text(client_in.get(url, {"annee": 2027}))
    assert "Programmation 2027" in content
    assert "Total général (12 fiches)" in content
    assert reverse("contracts:sheet", args=[metz_2027.pk, 2027, 9]) in content
    assert reverse("contracts:sheet", args=[metz_2027.pk, 2026, 9]) not in content


def test_the_multiyear_view_adds_years_and_says_so(client_in, metz_2027):
    content = text(client_in.get(reverse("reporting:multiyear", args=[metz_2027.pk])))
    assert "Total de la période (années additionnées)" in content
    assert "470\u202f000,00\u202f€" in content  # the three envelopes
    assert "339\u202f800,00\u202f€" in content  # P104 of 2026 and 2027
    assert "dépassement de 19\u202f900,00\u202f€" in content  # 2027


def count(client, name, contract, **params) -> int:
    cache.clear()  # every page computed, its navigation's tasks too
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[contract.pk]), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "contracts:dashboard",
        "contracts:programmation",
        "contracts:programmation_csv",
        "reporting:multiyear",
        "reporting:periods",
    ],
)
def test_query_counts_do_not_depend_on_the_number_of_years(client_in, metz, coordinator, name):
    one = count(client_in, name, metz, annee=2026)
    create_next_programmation(contract=metz, from_year=2026, keep_targets=True, actor=coordinator)
    create_next_programmation(contract=metz, from_year=2027, keep_targets=True, actor=coordinator)
    assert ActionSheet.objects.filter(contract=metz).count() == 36
    assert count(client_in, name, metz, annee=2026) == one
    assert count(client_in, name, metz, annee=2028) == one


@pytest.mark.parametrize("name", ["reporting:multiyear", "reporting:periods"])
def test_year_pages_do_not_depend_on_the_number_of_sheets(client_in, synthetic, name):
    small, large = synthetic(12, "Petite"), synthetic(200, "Grande")
    assert count(client_in, name, small) == count(client_in, name, large)
