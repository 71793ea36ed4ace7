"""Importing a contract in the browser (issue 11, part 4; docs/adr/0008): upload, preview,
corrections, confirmation; nothing is written before the confirmation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ctai.accounts.models import Membership
from ctai.audit.models import AuditEvent
from ctai.contracts.models import Contract
from ctai.core.roles import Role
from ctai.documents.models import DocumentImport, PendingImport
from ctai.documents.reader import read_document
from ctai.documents.services import document_import
from tests.factories import grant
from tests.web import uploads

pytestmark = pytest.mark.django_db
NEW = reverse("documents:new_contract")


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("plateforme", password="x-Admin-2026-x")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def upload(client, url, data: bytes, name="contrat.docx"):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def nothing_stored():
    assert Contract.objects.count() == 0
    assert DocumentImport.objects.count() == 0
    assert not AuditEvent.objects.filter(model__startswith="contracts.").exists()


def preview_of(response):
    assert response.status_code == 302
    return PendingImport.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))


def test_only_platform_admins_see_new_contract(client, admin, coordinator):
    client.force_login(coordinator)
    assert "Nouveau contrat" not in client.get(reverse("contracts:list")).content.decode()
    assert client.get(NEW).status_code == 403
    client.force_login(admin)
    assert "Nouveau contrat" in client.get(reverse("contracts:list")).content.decode()
    assert client.get(NEW).status_code == 200


def test_upload_docx_preview_correct_confirm(admin_client, admin):
    data = uploads.contract_file("docx", coordinator=False, doubtful_p104=True)
    pending = preview_of(upload(admin_client, NEW, data))
    nothing_stored()

    page = admin_client.get(reverse("documents:preview", args=[pending.pk])).content.decode()
    for sheet in uploads.MONTCLAIR.sheets:
        assert sheet.title in page
    assert "Ville de Montclair" in page
    assert "Organisation coordinatrice introuvable" in page
    assert "tableau" in page  # the place in the Word file of the doubtful amount
    assert "Constats de cohérence" in page
    assert 'name="point_0"' in page and 'name="point_1"' in page

    # Without its coordinator, a new contract cannot be confirmed.
    refused = admin_client.post(reverse("documents:confirm", args=[pending.pk]))
    assert refused.status_code == 400
    assert "Organisation coordinatrice à compléter" in refused.content.decode()
    nothing_stored()

    response = admin_client.post(
        reverse("documents:preview", args=[pending.pk]),
        {"point_0": "CCAS de Montclair", "point_1": "36 000,00"},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    doc = pending.document["contract"]
    assert doc["coordinator"] == "CCAS de Montclair"
    doubtful = next(a for a in doc["actions"] if a["number"] == uploads.DOUBTFUL_SHEET)
    assert doubtful["budget"]["p104_subsidy"] == "36000.00"
    assert "budget.p104_subsidy" not in doubtful["sources"]
    page = admin_client.get(response.url).content.decode()
    assert "Corrigé : « 36 000,00 »" in page
    nothing_stored()

    response = admin_client.post(reverse("documents:confirm", args=[pending.pk]))
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("contracts:dashboard", args=[contract.pk])
    assert contract.coordinator.name == "CCAS de Montclair"
    assert contract.actions.get(number=uploads.DOUBTFUL_SHEET).budget.p104_subsidy == 36000
    assert Membership.objects.get(user=admin, contract=contract).role == Role.COORDINATOR
    assert DocumentImport.objects.get().sha256 == pending.sha256
    assert "Corrigé avant l'import" in contract.review_items.get(field="budget.p104_subsidy").reason
    assert not PendingImport.objects.exists()
    assert AuditEvent.objects.filter(model="contracts.Contract", actor_id=admin.pk).exists()
    dashboard = admin_client.get(response.url)
    assert dashboard.status_code == 200
    assert "Contrat créé" in dashboard.content.decode()


@pytest.mark.parametrize("kind", ["odt", "pdf", "txt"])
def test_other_formats_are_read(admin_client, kind):
    pending = preview_of(upload(admin_client, NEW, uploads.contract_file(kind), f"c.{kind}"))
    assert len(pending.document["contract"]["actions"]) == len(uploads.MONTCLAIR.sheets)
    nothing_stored()


BAD = {
    "renamed_png": (uploads.renamed_png, "image PNG"),
    "zip_bomb": (uploads.zip_bomb_docx, "refusé"),
    "macros": (uploads.macro_docx, "macros"),
    "encrypted_pdf": (uploads.encrypted_pdf, "mot de passe"),
    "scanned_pdf": (uploads.scanned_pdf, "ne contient pas de texte"),
    "too_large": (uploads.oversized, "Fichier trop volumineux"),
    "json_of_any_shape": (lambda: b'{"format": "ctai/1", "contract": {"actions": 5}}', "."),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_files_get_a_french_message_and_nothing_is_stored(admin_client, case):
    build, words = BAD[case]
    response = upload(admin_client, NEW, build(), "contrat.docx")
    assert response.status_code == 200
    body = response.content.decode()
    assert words in body, body[:3000]
    assert "Traceback" not in body
    assert not PendingImport.objects.exists()
    nothing_stored()


def test_cancel_writes_nothing(admin_client):
    pending = preview_of(upload(admin_client, NEW, uploads.contract_file()))
    response = admin_client.post(reverse("documents:cancel", args=[pending.pk]))
    assert response.status_code == 302
    assert not PendingImport.objects.exists()
    nothing_stored()


def test_an_existing_contract_is_not_created_again(admin_client):
    document_import(document=read_document(uploads.contract_file("txt")), filename="c.txt")
    pending = preview_of(upload(admin_client, NEW, uploads.contract_file()))
    page = admin_client.get(reverse("documents:preview", args=[pending.pk])).content.decode()
    assert "Ce contrat existe déjà" in page
    assert admin_client.post(reverse("documents:confirm", args=[pending.pk])).status_code == 400
    assert Contract.objects.count() == 1


@pytest.fixture
def montclair(coordinator):
    contract = document_import(
        document=read_document(uploads.contract_file("txt")), filename="c.txt"
    ).contract
    grant(coordinator, contract)
    return contract


def test_a_new_version_lists_its_changes(client_in, montclair):
    url = reverse("documents:new_version", args=[montclair.pk])
    pending = preview_of(upload(client_in, url, uploads.WRITERS["docx"](uploads.changed_text())))
    page = client_in.get(reverse("documents:preview", args=[pending.pk])).content.decode()
    assert "Changements par rapport au contrat enregistré (1)" in page
    assert "renforcés" in page
    assert DocumentImport.objects.count() == 1  # the first import only: nothing written

    response = client_in.post(reverse("documents:confirm", args=[pending.pk]))
    assert response.url == reverse("contracts:dashboard", args=[montclair.pk])
    assert Contract.objects.count() == 1
    first = uploads.MONTCLAIR.sheets[0]
    assert montclair.actions.get(number=first.number).title.endswith("renforcés")
    assert len(DocumentImport.objects.first().changes) == 1


def test_a_new_version_must_be_of_the_same_contract(client_in, montclair):
    other = uploads.TERRITORIES[0]
    url = reverse("documents:new_version", args=[montclair.pk])
    pending = preview_of(upload(client_in, url, uploads.WRITERS["txt"](uploads.text(other))))
    page = client_in.get(reverse("documents:preview", args=[pending.pk])).content.decode()
    assert "Ce document est celui d&#x27;un autre contrat" in page
    assert client_in.post(reverse("documents:confirm", args=[pending.pk])).status_code == 400
    assert Contract.objects.count() == 1


def test_pending_imports_are_private_and_expire(client, admin_client, admin, stranger):
    pending = preview_of(upload(admin_client, NEW, uploads.contract_file("txt")))
    url = reverse("documents:preview", args=[pending.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(reverse("documents:confirm", args=[pending.pk])).status_code == 404
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    client.force_login(admin)
    assert client.get(url).status_code == 404
    # The next upload purges it.
    preview_of(upload(admin_client, NEW, uploads.contract_file("txt")))
    assert not PendingImport.objects.filter(pk=pending.pk).exists()


def test_blank_contract(admin_client, admin):
    response = admin_client.post(
        reverse("documents:blank_contract"),
        {
            "territory": "Ville de Rivebelle",
            "title": "Contrat territorial d'accueil et d'intégration",
            "coordinator": "CCAS de Rivebelle",
            "start": "2027-01-01",
            "end": "2029-12-31",
            "envelopes": "2027 : 120 000\n2028 : 100 000,50",
            "axes-TOTAL_FORMS": "3",
            "axes-INITIAL_FORMS": "0",
            "axes-0-number": "1",
            "axes-0-title": "Apprentissage du français",
            "axes-0-declared_amount": "80 000",
        },
    )
    pending = preview_of(response)
    nothing_stored()
    page = admin_client.get(response.url).content.decode()
    assert "Apprentissage du français" in page and "Aucune fiche action" in page
    response = admin_client.post(reverse("documents:confirm", args=[pending.pk]))
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.coordinator.name == "CCAS de Rivebelle"
    assert [(e.year, e.amount) for e in contract.envelopes.order_by("year")][:2] == [
        (2027, 120000),
        (2028, 100000.50),
    ]
    assert contract.axes.get().declared_amount == 80000
    assert Membership.objects.filter(user=admin, contract=contract).exists()


def test_blank_contract_errors_are_french(admin_client):
    response = admin_client.post(
        reverse("documents:blank_contract"),
        {
            "territory": "X",
            "title": "T",
            "coordinator": "C",
            "start": "2027-01-01",
            "end": "2029-12-31",
            "envelopes": "2031 : 5",
            "axes-TOTAL_FORMS": "0",
            "axes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "une année de la période (2027-2029)" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_the_upload_pages_still_check_csrf(admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = upload(client, NEW, uploads.contract_file("txt"))
    assert response.status_code == 403
    assert not PendingImport.objects.exists()


def test_an_oversized_upload_is_stopped_while_it_arrives(admin_client):
    response = upload(admin_client, NEW, uploads.oversized())
    form = response.context["form"]
    assert form.too_large
    assert form.errors["file"] == ["Fichier trop volumineux : 10 Mo au plus."]
