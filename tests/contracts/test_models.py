"""The contract model refuses what must never hold, in French, naming the field."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ctai.contracts.models import Contract, Organisation
from tests.factories import (
    ActionSheetFactory,
    AnnualEnvelopeFactory,
    AxisFactory,
    ContractFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def test_contract_end_before_start_is_refused_in_french():
    contract = ContractFactory.build(
        coordinator=OrganisationFactory(), end=datetime.date(2025, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "La date de début doit précéder la date de fin." in messages(error.value)


def test_contract_end_before_start_is_refused_by_the_database():
    contract = ContractFactory.build(
        coordinator=OrganisationFactory(), end=datetime.date(2025, 12, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        contract.save()
    assert not Contract.objects.exists()


def test_envelope_outside_the_period_is_refused():
    contract = ContractFactory()
    envelope = AnnualEnvelopeFactory.build(contract=contract, year=2029)
    with pytest.raises(ValidationError) as error:
        envelope.full_clean()
    assert error.value.message_dict["year"] == [
        "L'année 2029 est hors de la période du contrat (2026-2028)."
    ]


def test_envelope_inside_the_period_is_accepted():
    envelope = AnnualEnvelopeFactory.build(contract=ContractFactory(), year=2028)
    envelope.full_clean()


def test_negative_envelope_is_refused_by_validation_and_database():
    envelope = AnnualEnvelopeFactory.build(contract=ContractFactory(), amount=Decimal("-1"))
    with pytest.raises(ValidationError) as error:
        envelope.full_clean()
    assert "Le montant ne peut pas être négatif." in error.value.message_dict["amount"]
    with pytest.raises(IntegrityError), transaction.atomic():
        envelope.save()


def test_two_envelopes_for_the_same_year_are_refused():
    first = AnnualEnvelopeFactory()
    second = AnnualEnvelopeFactory.build(contract=first.contract, year=first.year)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Une enveloppe existe déjà pour cette année du contrat." in messages(error.value)


def test_duplicate_axis_number_is_refused():
    axis = AxisFactory(number=2)
    with pytest.raises(ValidationError) as error:
        AxisFactory.build(contract=axis.contract, number=2).full_clean()
    assert "Un axe porte déjà ce numéro dans ce contrat." in messages(error.value)
    AxisFactory.build(contract=axis.contract, number=3).full_clean()


def test_duplicate_sheet_number_in_a_year_is_refused_but_not_across_years():
    sheet = ActionSheetFactory(number=9, year=2026)
    clash = ActionSheetFactory.build(
        contract=sheet.contract, axis=sheet.axis, operator=sheet.operator, number=9, year=2026
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "Une fiche action porte déjà ce numéro pour cette année du contrat." in messages(
        error.value
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    ActionSheetFactory(contract=sheet.contract, axis=sheet.axis, number=9, year=2027)


def test_sheet_year_outside_the_period_is_refused():
    sheet = ActionSheetFactory.build(
        contract=ContractFactory(), axis=None, operator=None, year=2030
    )
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert error.value.message_dict["year"] == [
        "L'année 2030 est hors de la période du contrat (2026-2028)."
    ]


@pytest.mark.parametrize(
    ("iban", "bic"),
    [
        ("FR27 3000 1005 29C5 7000 0000 016", "BDFEFRPPCCT"),
        ("FR7630006000011234567890189", "BNPAFRPP"),
    ],
)
def test_valid_payment_accounts_are_accepted(iban, bic):
    contract = ContractFactory.build(coordinator=OrganisationFactory(), iban=iban, bic=bic)
    contract.full_clean()
    assert " " not in contract.iban


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("iban", "FR28 3000 1005 29C5 7000 0000 016", "IBAN invalide"),
        ("iban", "FR27", "IBAN invalide"),
        ("bic", "BDFEFRPPCC", "BIC invalide"),
        ("bic", "12345678", "BIC invalide"),
    ],
)
def test_invalid_payment_account_is_refused_naming_the_field(field, value, expected):
    contract = ContractFactory.build(coordinator=OrganisationFactory(), **{field: value})
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert list(error.value.message_dict) == [field]
    assert error.value.message_dict[field][0].startswith(expected)


def test_siret_is_validated_with_its_check_digit():
    Organisation(name="Adoma", siret="732 829 320 00074").full_clean()
    with pytest.raises(ValidationError) as error:
        Organisation(name="Adoma bis", siret="73282932000075").full_clean()
    assert error.value.message_dict["siret"][0].startswith("Numéro SIRET invalide")
