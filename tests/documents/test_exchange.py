"""Import and export of ctai/1 documents: faithful round trip, idempotence, all or nothing."""

import copy
from decimal import Decimal

import pytest

from ctai.contracts.models import ActionSheet, Contract, Theme
from ctai.documents.models import DocumentImport
from ctai.documents.services import DocumentImportError, document_import
from ctai.exchange.export import export_contract
from ctai.indicators.models import IndicatorDefinition
from tests.factories import (
    ActionIndicatorFactory,
    ActionSheetFactory,
    AnnualEnvelopeFactory,
    BudgetExtraLineFactory,
    BudgetFactory,
    ContractFactory,
    ContractPartyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    """A stored contract's export, then the database emptied of contracts."""
    contract = ContractFactory()
    ContractPartyFactory(contract=contract, role="Collectivité signataire")
    AnnualEnvelopeFactory(contract=contract, year=2026)
    AnnualEnvelopeFactory(contract=contract, year=2027, amount=Decimal("150000"))
    for number in (1, 2, 3):
        sheet = ActionSheetFactory(contract=contract, number=number)
        sheet.themes.set(Theme.objects.filter(code__in=["francais", "numerique"]))
        budget = BudgetFactory(action=sheet, unit_cost=Decimal("41.66"))
        BudgetExtraLineFactory(budget=budget, label="Recherche de financement en cours")
        ActionIndicatorFactory(
            action=sheet,
            definition=IndicatorDefinition.objects.get(code="ben_total"),
            label="Nombre total d'étrangers éligibles bénéficiaires de l'action",
            section="beneficiaires",
            target=Decimal("15"),
            target_text="15 en moyenne",
        )
        ActionIndicatorFactory(action=sheet, target=None, target_text="Au regard des montants")
    data = export_contract(contract.pk)
    Contract.objects.all().delete()
    return data


def test_export_import_export_gives_the_same_json(document):
    report = document_import(document=document, filename="a.json", content=b"a")
    assert report.created
    assert export_contract(report.contract.pk) == document
    budget = document["contract"]["actions"][0]["budget"]
    assert budget["p104_subsidy"] == "8000.00"
    assert budget["p104_carryover"] is None
    assert budget["unit_cost"] == "41.66"


def test_importing_the_same_document_twice_creates_nothing(document):
    first = document_import(document=document, filename="a.json", content=b"a")
    second = document_import(document=document, filename="a.json", content=b"a")
    assert second.unchanged
    assert second.contract.pk == first.contract.pk
    assert Contract.objects.count() == 1
    assert ActionSheet.objects.count() == 3
    assert DocumentImport.objects.count() == 1


def test_a_changed_document_is_applied_in_place_with_the_list_of_changes(document):
    first = document_import(document=document, filename="a.json", content=b"a")
    sheet_ids = set(ActionSheet.objects.values_list("pk", flat=True))
    changed = copy.deepcopy(document)
    changed["contract"]["actions"][1]["budget"]["total_cost"] = "12000.00"
    report = document_import(document=changed, filename="b.json", content=b"b")
    assert report.contract.pk == first.contract.pk
    assert report.changes == ["actions[2].budget.total_cost : '10000.00' → '12000.00'"]
    assert set(ActionSheet.objects.values_list("pk", flat=True)) == sheet_ids
    assert export_contract(report.contract.pk) == changed


def test_a_negative_amount_refuses_the_whole_import_naming_sheet_and_field(document):
    document["contract"]["actions"][2]["budget"]["local_contribution"] = "-2000.00"
    with pytest.raises(DocumentImportError) as error:
        document_import(document=document, filename="a.json", content=b"a")
    assert error.value.errors == [
        "Fiche action n° 3, budget, champ « contribution de la collectivité » : "
        "Le montant ne peut pas être négatif."
    ]
    assert not Contract.objects.exists()
    assert not ActionSheet.objects.exists()


def test_a_bad_change_leaves_the_stored_contract_as_it_was(document):
    report = document_import(document=document, filename="a.json", content=b"a")
    broken = copy.deepcopy(document)
    broken["contract"]["actions"][0]["title"] = "Nouveau titre"
    broken["contract"]["actions"][1]["themes"] = ["theme_inconnu"]
    with pytest.raises(DocumentImportError, match="theme_inconnu"):
        document_import(document=broken, filename="b.json", content=b"b")
    assert export_contract(report.contract.pk) == document


def test_a_document_of_another_format_is_refused():
    with pytest.raises(DocumentImportError, match="ctai/1"):
        document_import(document={"format": "autre"}, filename="x", content=b"")
