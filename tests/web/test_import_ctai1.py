"""The browser upload also takes a ctai/1 JSON file (the exchange format): the same preview,
corrections and confirmation; the same size limit, and the schema's validation with French
messages; nothing stored before the confirmation."""

import html
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctai.contracts.models import Contract
from ctai.documents.models import DocumentImport, PendingImport
from ctai.documents.reader import read_document
from tests.documents.corpus.territories import TERRITORIES, text

pytestmark = pytest.mark.django_db
NEW = reverse("documents:new_contract")
TERRITORY = TERRITORIES[2]


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("plateforme", password="x-Admin-2026-x")
    client.force_login(admin)
    return client


def exchange_file(**changes) -> bytes:
    """The territory's contract as a ctai/1 file, as ``ctai read`` writes it."""
    document = read_document(text(TERRITORY).encode())
    document.pop("source")
    document["contract"].update(changes)
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def upload(client, data: bytes, name="contrat.json"):
    return client.post(NEW, {"file": SimpleUploadedFile(name, data)})


def test_a_ctai1_file_goes_through_preview_and_confirmation(admin_client):
    page = admin_client.get(NEW).content.decode()
    assert "ctai/1" in page and ".json" in page
    response = upload(admin_client, exchange_file(coordinator=None))
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert not Contract.objects.exists()

    preview = html.unescape(admin_client.get(response.url).content.decode())
    assert "fichier d'échange ctai/1" in preview
    assert TERRITORY.name in preview
    for sheet in TERRITORY.sheets:
        assert sheet.title in preview
    # The coordinator left out of the file is a point to complete, corrected here.
    assert 'name="point_0"' in preview
    corrected = admin_client.post(response.url, {"point_0": TERRITORY.coordinator})
    assert corrected.status_code == 302

    confirmed = admin_client.post(reverse("documents:confirm", args=[pending.pk]))
    contract = Contract.objects.get()
    assert confirmed.url == reverse("contracts:dashboard", args=[contract.pk])
    assert contract.territory == TERRITORY.name
    assert contract.coordinator.name == TERRITORY.coordinator
    assert contract.actions.count() == len(TERRITORY.sheets)
    first = TERRITORY.sheets[0]
    assert contract.actions.get(number=first.number).budget.p104_subsidy == first.p104
    assert DocumentImport.objects.get().sha256 == pending.sha256


BAD = [
    (b'{"format": "ctai/1", "contract": ', "JSON illisible, ligne 1"),
    (b'{"format": "ctai/2", "contract": {"title": "x", "actions": []}}', "format"),
    (
        json.dumps(
            {"format": "ctai/1", "contract": {"title": "x", "actions": [{"number": "deux"}]}}
        ).encode(),
        "contract.actions[0].number",
    ),
    (b"{" + b'"a":[' * 200 + b"1" + b"]" * 200 + b"}", "trop imbriqué"),
    ('\ufeff{"format": 1}'.encode(), "Document ctai/1 invalide"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_a_wrong_ctai1_file_gets_a_french_message_and_nothing_is_stored(
    admin_client, data, message
):
    response = upload(admin_client, data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert not PendingImport.objects.exists()
    assert not Contract.objects.exists()


def test_a_ctai1_file_over_the_limit_is_refused(admin_client):
    padding = " " * (10 * 1024 * 1024)
    response = upload(admin_client, exchange_file(governance=padding))
    assert response.status_code in (200, 413)
    assert "trop volumineux" in response.content.decode()
    assert not PendingImport.objects.exists()


ODD = [
    {"review": [1, "deux", None]},
    {"review": [{"line": "x", "action": [], "field": 3, "reason": None}]},
    {"review": "pas une liste"},
    {"parties": [{"name": 5}, {}]},
    {"axes": [{"number": "a", "title": 7}]},
    {"payment_account": {"iban": 12}},
    {"state_envelopes": [{"year": 2027}]},
]


@pytest.mark.parametrize("changes", ODD)
def test_an_odd_but_valid_looking_file_never_ends_in_a_server_error(admin_client, changes):
    response = upload(admin_client, exchange_file(**changes))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        preview = admin_client.get(response.url)
        assert preview.status_code == 200
        pending = PendingImport.objects.get()
        confirmed = admin_client.post(reverse("documents:confirm", args=[pending.pk]))
        assert confirmed.status_code in (302, 400)
    else:
        assert "ctai/1" in html.unescape(response.content.decode())
        assert not PendingImport.objects.exists()
