"""Contracts for the amendment tests: Metz (the seed document) and generated ones, each with a
2027 programmation copied from 2026 and validated, and its members."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ctai.amendments import services
from ctai.amendments.enums import ChangeKind
from ctai.amendments.services import Target
from ctai.contracts.models import ActionSheet, Contract, Organisation
from ctai.core.roles import Role
from ctai.documents.services import document_import
from ctai.programmation.nextyear import create_next_programmation
from ctai.programmation.validation import programmation_validate
from tests.factories import grant
from tests.web.builders import synthetic_document

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def signed_pdf(name: str = "avenant-1-signe.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class People:
    def __init__(self, contract: Contract):
        users = get_user_model().objects
        self.coordinator = users.create_user(f"coord-{contract.pk}", password="x")
        self.state = users.create_user(f"etat-{contract.pk}", password="x")
        self.copil = users.create_user(f"copil-{contract.pk}", password="x")
        grant(self.coordinator, contract)
        state, _ = Organisation.objects.get_or_create(name="DDETS de test", kind="etat")
        grant(self.state, contract, Role.STATE_REVIEWER, state)
        grant(self.copil, contract, Role.COPIL, contract.coordinator)


def with_2027(contract: Contract, people: People) -> Contract:
    """2026 copied to 2027 with its targets, 2027 validated (its money is then settled)."""
    create_next_programmation(
        contract=contract, from_year=2026, keep_targets=True, actor=people.coordinator
    )
    programmation_validate(
        actor=people.coordinator, contract=contract, year=2027, confirm=True, reason="COPIL"
    )
    return contract


@pytest.fixture
def metz(db):
    call_command("import", str(METZ), stdout=StringIO())
    contract = Contract.objects.get()
    people = People(contract)
    return with_2027(contract, people), people


@pytest.fixture
def generated(db):
    """A generated contract of another territory, 10 sheets."""
    contract = document_import(
        document=synthetic_document(10, "Vallée de l'Orne"), filename="orne.json", content=b"o"
    ).contract
    people = People(contract)
    return with_2027(contract, people), people


def sheet(contract: Contract, year: int, number: int) -> ActionSheet:
    return ActionSheet.objects.select_related("budget").get(
        contract=contract, year=year, number=number
    )


def draft_p104(contract: Contract, people: People, changes: dict[int, str], title="Réorientation"):
    """A draft raising or lowering the 2027 P104 of the given sheets (number → amount)."""
    amendment = services.amendment_create(
        contract=contract, actor=people.coordinator, title=title, origin="COPIL de juin 2027"
    )
    for number, amount in changes.items():
        services.change_set(
            amendment=amendment,
            actor=people.coordinator,
            target=Target(ChangeKind.BUDGET, year=2027, sheet_number=number, field="p104_subsidy"),
            after=amount,
        )
    return amendment


def sign(amendment, people: People, name: str = "avenant-signe.pdf"):
    return services.amendment_sign(
        amendment=amendment,
        actor=people.coordinator,
        signed_on=datetime.date(2027, 7, 3),
        signatories="Le Préfet de la Moselle ; le Maire de Metz ; le Président du CCAS",
        signed_file=signed_pdf(name),
    )
