"""An unchanged re-import is answered from the fingerprint of the last import, in a few
queries; a contract changed since, or another document, goes through the whole import."""

import copy

import pytest

from ctai.contracts.models import Axis
from ctai.documents.services import document_import
from tests.web.builders import metz_document, synthetic_document

pytestmark = pytest.mark.django_db


def test_the_same_document_again_changes_nothing_in_at_most_20_queries(
    django_assert_max_num_queries,
):
    document = metz_document()
    contract = document_import(document=document, filename="metz.json").contract
    with django_assert_max_num_queries(20):
        report = document_import(document=copy.deepcopy(document), filename="metz.json")
    assert report.unchanged and report.contract == contract


def test_a_contract_changed_since_is_put_back_by_the_same_document():
    document = synthetic_document(5, "Autre territoire")
    contract = document_import(document=document, filename="autre.json").contract
    axis = Axis.objects.get(contract=contract, number=2)
    axis.title = "Titre changé à la main"
    axis.save()
    report = document_import(document=document, filename="autre.json")
    assert not report.unchanged
    assert Axis.objects.get(pk=axis.pk).title == "Axe synthétique 2"
    # Now remembered: the next identical import is the quick one.
    assert document_import(document=document, filename="autre.json").unchanged


def test_a_different_document_is_applied():
    document = synthetic_document(5, "Troisième territoire")
    document_import(document=document, filename="t.json")
    changed = copy.deepcopy(document)
    changed["contract"]["actions"][0]["title"] = "Action renommée"
    report = document_import(document=changed, filename="t.json")
    assert not report.unchanged and report.changes
