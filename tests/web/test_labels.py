"""Labels instead of keys: every field path the reader records is shown in French."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

import ctai.documents
from ctai.contracts.models import Contract
from ctai.contracts.views.sheet_page import source_label
from ctai.core.names import display_name
from ctai.documents.reader import read_document
from ctai.exchange.export import export_contract
from tests.factories import grant
from tests.web.pages import text

SEED = Path(ctai.documents.__file__).parent / "seeds" / "ctai-metz-2026-2028.txt"


def test_every_source_key_and_review_field_of_metz_has_a_french_label():
    contract = read_document(SEED.read_bytes())["contract"]
    keys = {key for action in contract["actions"] for key in action["sources"]}
    keys |= {item["field"] for item in contract["review"] if item["field"]}
    assert "themes.coordination" in keys
    for key in keys:
        label = source_label(key)
        assert label != key and "." not in label.replace("refugies.info", ""), (key, label)
        assert "_" not in label, (key, label)
    assert source_label("themes.coordination") == (
        "Thématique « Ingénierie / Coordination du contrat et gouvernance locale »"
    )
    assert source_label("indicators.ben_total").startswith("Indicateur « Nombre total")


@pytest.mark.django_db
def test_sheet_1_of_the_real_document_shows_no_raw_key(client_in, coordinator):
    call_command("import", str(SEED), stdout=io.StringIO())
    metz = Contract.objects.get(territory="Ville de Metz")
    grant(coordinator, metz)
    for number in (1, 2, 9):
        content = text(client_in.get(reverse("contracts:sheet", args=[metz.pk, 2026, number])))
        assert "Provenance des valeurs" in content
        for raw in ("themes.", "budget.", "indicators.", "operator_kind"):
            assert raw not in content, (number, raw)


@pytest.mark.django_db
def test_organisation_names_are_shown_capitalised_and_kept_as_written(client_in, coordinator):
    call_command("import", str(SEED), stdout=io.StringIO())
    metz = Contract.objects.get(territory="Ville de Metz")
    grant(coordinator, metz)
    sheet = metz.actions.get(year=2026, number=2)
    assert sheet.operator.name == "ville de Metz"  # as written in the document
    assert str(sheet.operator) == "Ville de Metz"
    assert export_contract(metz.pk)["contract"]["actions"][1]["operator"] == "ville de Metz"
    programmation = text(client_in.get(reverse("contracts:programmation", args=[metz.pk])))
    assert "Ville de Metz" in programmation and "ville de Metz" not in programmation


def test_display_name():
    assert display_name("ville de Metz") == "Ville de Metz"
    assert display_name("\tcmd") == "\tcmd"  # not a letter: as written
    assert display_name("CCAS de Metz") == "CCAS de Metz"
    assert display_name("") == ""
