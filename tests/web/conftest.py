import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ctai.checks.services import refresh_findings
from ctai.contracts.models import Contract
from ctai.documents.services import document_import
from tests.factories import grant
from tests.shared_world import built_once, clear_caches
from tests.web.builders import metz_document, synthetic_document

PASSWORD = "ctai-demo-coord"


def import_document(document: dict):
    """Store a ctai/1 document and compute its findings, as the import command does."""
    contract = document_import(document=document, filename="test.json", content=b"{}").contract
    refresh_findings(contract=contract)
    return contract


@pytest.fixture
def coordinator(db):
    """The demo coordinator account (``ctai demo``); it coordinates every contract the
    ``metz`` and ``synthetic`` fixtures import."""
    return get_user_model().objects.create_user(
        "coordinatrice", password=PASSWORD, first_name="Claire", last_name="Martin"
    )


@pytest.fixture
def stranger(db):
    """An active user with no membership: sees no contract."""
    return get_user_model().objects.create_user("passant", password=PASSWORD)


@pytest.fixture
def client_in(client, coordinator):
    client.force_login(coordinator)
    # A first request records the session's activity (written at most once a minute), so
    # the requests a test measures are in the steady state of a working session.
    client.get(reverse("contracts:list"))
    return client


@pytest.fixture(scope="module")
def _metz_once(django_db_setup, django_db_blocker):
    """The Metz document imported once for the module (opt in with
    ``pytest.mark.usefixtures("_metz_once")``): the id of its contract."""
    yield from built_once(django_db_blocker, lambda: import_document(metz_document()).pk)


@pytest.fixture
def metz(request, db, coordinator):
    if "_metz_once" in request.fixturenames:
        # Imported once for the module; the previous test's changes rolled back.
        clear_caches()
        contract = Contract.objects.get(pk=request.getfixturevalue("_metz_once"))
    else:
        contract = import_document(metz_document())
    grant(coordinator, contract)
    return contract


@pytest.fixture(scope="module")
def _synthetic_once(request, django_db_setup, django_db_blocker):
    """The generated contracts a module lists in ``SYNTHETIC_ONCE`` ((sheets, territory), ...),
    imported once for the module (opt in with ``pytest.mark.usefixtures("_synthetic_once")``):
    their contracts' ids."""

    def build():
        return {
            (sheets, territory): import_document(synthetic_document(sheets, territory)).pk
            for sheets, territory in request.module.SYNTHETIC_ONCE
        }

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def synthetic(request, db, coordinator):
    imported = {}
    if "_synthetic_once" in request.fixturenames:
        # Imported once for the module; the previous test's changes rolled back.
        clear_caches()
        imported = request.getfixturevalue("_synthetic_once")

    def build(sheets: int, territory: str = "Synthèse"):
        if (sheets, territory) in imported:
            contract = Contract.objects.get(pk=imported[sheets, territory])
        else:
            contract = import_document(synthetic_document(sheets, territory))
        grant(coordinator, contract)
        return contract

    return build
