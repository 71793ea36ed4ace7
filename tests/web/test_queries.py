"""The dashboard, the programmation and its downloads issue as many SQL queries for 200 sheets
as for 12: everything is fetched in a fixed number of queries, then grouped in Python."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# The Metz document and the two generated contracts imported once for the module, each test in
# its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once", "_synthetic_once")]
SYNTHETIC_ONCE = [(12, "Petite"), (200, "Grande")]


@pytest.fixture(autouse=True)
def _cold_cache():
    """Every page computed: the counts are those of a page after a write."""
    cache.clear()
    yield
    cache.clear()


PAGES = ["dashboard", "programmation", "programmation_xlsx", "programmation_csv"]
# Session, user, contract, axes,
# envelopes, sheets, themes, extra lines, findings, review count.
# ... plus the programmation validation status (1) and the reporting block (2, +2 with
# reports): a budget, the assertion that matters is 12 sheets == 200 sheets.
# The navigation's counts (issue 12): unread notifications (1) and the coordinator's tasks
# (contracts, submitted reports, findings, review items and their sheets, envelopes, periods).
# The dashboard's steering committees block (issue 13): meetings and open decisions (2).
NAVIGATION = 9  # + the stamps of the contracts the tasks are cached by
MAX_QUERIES = 21 + NAVIGATION


def count_queries(client, name: str, contract, **params) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"contracts:{name}", args=[contract.pk]), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_depend_on_the_number_of_sheets(client_in, synthetic, name, settings):
    # The downloads written in the request (a large year's go to the task queue: ctai.files).
    settings.CTAI_FILE_QUEUE_FROM = 1000
    small, large = synthetic(12, "Petite"), synthetic(200, "Grande")
    assert large.actions.count() == 200
    few = count_queries(client_in, name, small)
    many = count_queries(client_in, name, large)
    assert few == many <= MAX_QUERIES


def test_filtered_programmation_too(client_in, synthetic):
    small, large = synthetic(12, "Petite"), synthetic(200, "Grande")
    params = {"axis": "2", "theme": "francais", "severity": "info", "sort": "total"}
    assert count_queries(client_in, "programmation", small, **params) == count_queries(
        client_in, "programmation", large, **params
    )


def test_the_sheet_page_has_a_fixed_number_of_queries(
    client_in, metz, django_assert_max_num_queries
):
    url = reverse("contracts:sheet", args=[metz.pk, 2026, 9])
    # + conversation, amendments; + the stamp of the sheet's cached part (cold cache here)
    with django_assert_max_num_queries(19 + NAVIGATION):
        client_in.get(url)
    # Warm: the sheet's programme part (budget, indicators, findings, review items, themes,
    # partners, axes, last import) and the navigation's tasks come from the cache.
    with django_assert_max_num_queries(19 + NAVIGATION - 12):
        client_in.get(url)
