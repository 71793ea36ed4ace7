"""In the preview, the person corrects a sheet's title and description before confirming; the
text read stays in a review item saying what was typed, stored with the contract, and the
sheet's creation is in the audit trail with the corrected text."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.contracts.models import ActionSheet, Contract
from ctai.documents.models import PendingImport
from tests.documents.corpus.territories import TERRITORIES, text
from tests.documents.corpus.writers import to_odt

pytestmark = pytest.mark.django_db
TERRITORY = TERRITORIES[4]  # Commune de Saint-Aubin


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("plateforme", password="x-Admin-2026-x")
    client.force_login(admin)
    return client


@pytest.fixture
def pending(admin_client) -> PendingImport:
    data = to_odt(text(TERRITORY))
    response = admin_client.post(
        reverse("documents:new_contract"), {"file": SimpleUploadedFile("contrat.odt", data)}
    )
    assert response.status_code == 302
    return PendingImport.objects.get()


def as_read(pending: PendingImport) -> dict[str, str]:
    """The form as the page shows it: every sheet's title and description as read."""
    data = {}
    for index, sheet in enumerate(pending.document["contract"]["actions"]):
        data[f"titre_{index}"] = sheet["title"]
        data[f"description_{index}"] = sheet["description"] or ""
    return data


def test_a_sheet_title_and_description_corrected_before_confirming(admin_client, pending):
    url = reverse("documents:preview", args=[pending.pk])
    page = html.unescape(admin_client.get(url).content.decode())
    assert "Corriger l'intitulé ou la description d'une fiche" in page
    first = TERRITORY.sheets[0]
    assert f'value="{first.title}"' in page

    data = as_read(pending)
    data["titre_0"] = "Ateliers de français à visée professionnelle"
    data["description_1"] = "Deux permanences par semaine.\r\nSur rendez-vous."
    response = admin_client.post(reverse("documents:sheet_texts", args=[pending.pk]), data)
    assert response.status_code == 302
    assert not Contract.objects.exists()
    pending.refresh_from_db()
    sheets = pending.document["contract"]["actions"]
    assert sheets[0]["title"] == "Ateliers de français à visée professionnelle"
    assert sheets[1]["description"] == "Deux permanences par semaine.\nSur rendez-vous."
    assert sheets[2]["title"] == TERRITORY.sheets[2].title
    assert "title" not in sheets[0]["sources"]

    page = html.unescape(admin_client.get(url).content.decode())
    assert "2 texte(s) de fiche corrigé(s)" in page
    assert "Intitulé de la fiche corrigé(e) avant l'import" in page
    assert f"Texte lu : « {first.title} »" in page

    # Corrected again: one review item, keeping the text first read.
    data["titre_0"] = "Ateliers de français pour l'emploi"
    admin_client.post(reverse("documents:sheet_texts", args=[pending.pk]), data)
    pending.refresh_from_db()
    items = [i for i in pending.document["contract"]["review"] if i["field"] == "title"]
    assert len(items) == 1 and items[0]["text"] == first.title

    confirmed = admin_client.post(reverse("documents:confirm", args=[pending.pk]))
    assert confirmed.status_code == 302
    contract = Contract.objects.get()
    sheet = contract.actions.get(number=first.number)
    assert sheet.title == "Ateliers de français pour l'emploi"
    second = contract.actions.get(number=TERRITORY.sheets[1].number)
    assert second.description == "Deux permanences par semaine.\nSur rendez-vous."
    stored = contract.review_items.get(field="title")
    assert stored.text == first.title
    assert "« Ateliers de français pour l'emploi »" in stored.reason
    assert contract.review_items.filter(field="description").count() == 1
    created = AuditEvent.objects.filter(model="contracts.ActionSheet", object_id=str(sheet.pk))
    assert "Ateliers de français pour l'emploi" in str([event.changes for event in created])


def test_an_empty_title_is_refused_in_french_and_nothing_changes(admin_client, pending):
    data = as_read(pending)
    data["titre_1"] = "   "
    response = admin_client.post(reverse("documents:sheet_texts", args=[pending.pk]), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    number = TERRITORY.sheets[1].number
    assert f"Intitulé de la fiche n° {number} ({TERRITORY.first_year}) : il ne peut être vide." in (
        page
    )
    pending.refresh_from_db()
    assert pending.document["contract"]["actions"][1]["title"] == TERRITORY.sheets[1].title
    assert not ActionSheet.objects.exists()


def test_nothing_typed_changes_nothing(admin_client, pending):
    before = pending.document
    response = admin_client.post(
        reverse("documents:sheet_texts", args=[pending.pk]), as_read(pending)
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.document == before
