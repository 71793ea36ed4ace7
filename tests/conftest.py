import pytest

from tests.catalogues import load_catalogues


@pytest.fixture(autouse=True)
def _catalogues_in_transactional_tests(request):
    """A transactional test starts after another one's flush, which empties every table, the
    catalogues loaded by data migrations included: put them back first."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        load_catalogues()
