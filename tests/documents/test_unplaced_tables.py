"""A table the reader saw but attached to no sheet nor to the contract part is a review item,
shown by ``ctai import --review`` and in the browser preview (never silent)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctai.contracts.models import Contract
from ctai.documents.models import PendingImport
from ctai.documents.reader import read_document
from tests.documents.corpus.territories import TERRITORIES, Territory, text
from tests.documents.corpus.writers import WRITERS

PAYMENT_TABLE = "Échéance\tPart\nAvance à la signature\t60 %\nSolde sur bilan\t40 %\n"
PUBLIC_TABLE = "Public visé\tNombre\nFemmes isolées\t12\nJeunes de moins de 25 ans\t8\n"


def with_stray_tables(territory: Territory) -> str:
    """The territory's document with a table in its payment article and one at the top of
    its second sheet, before any of the template's sections."""
    source = text(territory)
    payment = "Les versements sont effectués sur le compte du coordinateur.\n"
    source = source.replace(payment, payment + PAYMENT_TABLE)
    sheet = territory.sheets[1]
    heading = sheet.heading.format(n=sheet.number, t=sheet.title) + "\n"
    at = source.rindex(heading) + len(heading)
    return source[:at] + PUBLIC_TABLE + source[at:]


def tables(document: dict) -> list[dict]:
    return [item for item in document["contract"]["review"] if item["field"] == "table"]


@pytest.mark.parametrize("kind", ["txt", "docx", "odt"])
@pytest.mark.parametrize("seed", [0, 3, 4])
def test_tables_attached_to_nothing_become_review_items(seed, kind):
    territory = TERRITORIES[seed]
    source = with_stray_tables(territory)
    document = read_document(source.encode() if kind == "txt" else WRITERS[kind](source))
    payment, public = tables(document)
    assert payment["action"] is None
    assert (
        payment["text"] == "Échéance | Part / Avance à la signature | 60 % / Solde sur bilan | 40 %"
    )
    assert "partie contrat" in payment["reason"] and "3 ligne(s)" in payment["reason"]
    assert public["action"] == territory.sheets[1].number
    assert public["text"].startswith("Public visé | Nombre / Femmes isolées | 12")
    assert "dans cette fiche" in public["reason"]
    # The sheet's own values are still read.
    sheet = territory.sheets[1]
    action = next(a for a in document["contract"]["actions"] if a["number"] == sheet.number)
    assert action["budget"]["p104_subsidy"] == f"{sheet.p104:.2f}"
    if kind == "docx":
        locations = document["source"]["locations"]
        assert locations[str(payment["line"])].startswith("tableau")


def test_a_document_without_stray_table_has_none():
    for territory in TERRITORIES:
        assert tables(read_document(text(territory).encode())) == []


@pytest.mark.django_db
def test_ctai_import_review_lists_the_unplaced_table(tmp_path):
    from tests.documents.test_commands import run

    path = tmp_path / "contrat.docx"
    path.write_bytes(WRITERS["docx"](with_stray_tables(TERRITORIES[4])))
    out = run("import", str(path), "--review")
    assert "créé" in out
    assert "Tableau non rattaché (3 ligne(s)" in out
    assert "texte lu : « Échéance | Part / Avance à la signature | 60 %" in out
    assert "tableau" in out  # the place in the Word file
    contract = Contract.objects.get()
    assert contract.review_items.filter(reason__startswith="Tableau non rattaché").count() == 2


@pytest.mark.django_db
def test_the_preview_shows_the_unplaced_table(client, django_user_model):
    admin = django_user_model.objects.create_superuser("plateforme", password="x-Admin-2026-x")
    client.force_login(admin)
    data = WRITERS["odt"](with_stray_tables(TERRITORIES[0]))
    response = client.post(
        reverse("documents:new_contract"), {"file": SimpleUploadedFile("c.odt", data)}
    )
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("documents:preview", args=[pending.pk])).content.decode()
    assert page.count("Tableau non rattaché") == 2
    assert "Public visé | Nombre / Femmes isolées | 12" in page
    assert not Contract.objects.exists()
