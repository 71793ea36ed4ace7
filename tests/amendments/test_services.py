"""Drafting changes nothing; signing applies every line or none; a signed amendment is never
applied twice; a value changed meanwhile refuses the signature, naming the sheet and field."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctai.amendments import services
from ctai.amendments.enums import AmendmentStatus, ChangeKind
from ctai.amendments.models import ContractVersion
from ctai.amendments.services import Target
from ctai.amendments.versions import ensure_initial_version
from ctai.audit.models import AuditEvent
from ctai.budget.models import Budget
from ctai.contracts.models import AnnualEnvelope, Axis
from ctai.exchange.export import export_contract
from ctai.programmation import services as programmation
from tests.accounts.test_authorisation_matrix import submitted_report
from tests.amendments.conftest import draft_p104, sheet, sign, signed_pdf
from tests.factories import ContractFactory, OrganisationFactory, grant


def test_the_first_import_keeps_the_contract_as_signed(generated):
    contract, _ = generated
    version = ContractVersion.objects.get(contract=contract)
    assert (version.number, version.label) == (0, "Contrat tel que signé")
    # Taken before 2027 was prepared: the version is the signed contract, 2026 only.
    assert {a["year"] for a in version.document["contract"]["actions"]} == {2026}


def test_a_draft_changes_nothing(metz):
    contract, people = metz
    before = export_contract(contract.pk)
    amendment = draft_p104(contract, people, {4: "40000.00", 9: "10000.00"})
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.ENVELOPE, year=2027),
        after="160000.00",
    )
    services.comment_add(amendment=amendment, actor=people.state, body="D'accord sur le fond.")
    assert export_contract(contract.pk) == before
    lines = list(amendment.changes.all())
    assert [line.before for line in lines] == [
        f"{sheet(contract, 2027, 4).budget.p104_subsidy:.2f}",
        f"{sheet(contract, 2027, 9).budget.p104_subsidy:.2f}",
        "150000.00",
    ]
    assert amendment.number == 1 and amendment.status == AmendmentStatus.DRAFT


def test_signing_applies_everything_with_the_amendment_as_reason(metz):
    contract, people = metz
    old4 = sheet(contract, 2027, 4).budget.p104_subsidy
    old9 = sheet(contract, 2027, 9).budget.p104_subsidy
    amendment = draft_p104(contract, people, {4: f"{old4 + 5000:.2f}", 9: f"{old9 - 5000:.2f}"})
    axis = Axis.objects.filter(contract=contract).order_by("number").first()
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.AXIS, axis_number=axis.number),
        after="123456.00",
    )
    signed = sign(amendment, people)
    assert signed.status == AmendmentStatus.SIGNED
    assert sheet(contract, 2027, 4).budget.p104_subsidy == old4 + 5000
    assert sheet(contract, 2027, 9).budget.p104_subsidy == old9 - 5000
    assert Axis.objects.get(pk=axis.pk).declared_amount == Decimal("123456.00")
    events = AuditEvent.objects.filter(model="budget.Budget", action="update")
    assert events.count() == 2
    assert {e.reason for e in events} == {"Avenant n° 1 : Réorientation"}
    versions = ContractVersion.objects.filter(contract=contract).order_by("number")
    assert [v.label for v in versions] == ["Contrat tel que signé", "Après avenant n° 1"]
    assert signed.signed_file.read().startswith(b"%PDF")


def test_signing_twice_is_impossible(generated):
    contract, people = generated
    amendment = draft_p104(contract, people, {1: "9000.00"})
    sign(amendment, people)
    with pytest.raises(ValidationError, match="ne peut plus être modifié ni appliqué à nouveau"):
        sign(amendment, people)
    assert sheet(contract, 2027, 1).budget.p104_subsidy == Decimal("9000.00")
    assert ContractVersion.objects.filter(contract=contract).count() == 2


def test_a_value_changed_meanwhile_refuses_everything_and_names_the_sheet(generated):
    contract, people = generated
    amendment = draft_p104(contract, people, {3: "9500.00", 4: "6500.00"})
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.ENVELOPE, year=2027),
        after="155000.00",
    )
    # Meanwhile the coordinator changes sheet 4's 2027 P104 with a reason.
    four = sheet(contract, 2027, 4)
    amounts = {f: getattr(four.budget, f) for f in programmation.BUDGET_FIELDS}
    programmation.budget_update(
        action=four,
        expected_version=four.version,
        original=programmation.section_values(four, "budget"),
        amounts=amounts | {"p104_subsidy": Decimal("7000.00")},
        unit_cost_text="",
        comment="",
        reason="Erreur de saisie",
    )
    before = export_contract(contract.pk)
    with pytest.raises(ValidationError) as refused:
        sign(amendment, people)
    [message] = refused.value.messages
    assert message.startswith("Fiche n° 4 (2027), subvention P104 (action 12) : la valeur a changé")
    assert "8 000,00 € alors, 7 000,00 € aujourd'hui" in message.replace("\u202f", " ")
    assert export_contract(contract.pk) == before
    assert AnnualEnvelope.objects.get(contract=contract, year=2027).amount == Decimal("150000")
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.DRAFT and not amendment.signed_file


def test_a_refusal_half_way_rolls_back_the_lines_already_applied(generated):
    """Sheet 2 withdrawn although it has a report: refused after sheet 1 was written."""
    contract, people = generated
    amendment = draft_p104(contract, people, {1: "9100.00"})
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.SHEET_WITHDRAWN, year=2026, sheet_number=2),
        after="",
    )
    operator_user = people.coordinator.__class__.objects.create_user("porteur")
    two = sheet(contract, 2026, 2)
    grant(operator_user, contract, "operator", two.operator or OrganisationFactory())
    submitted_report(two, people.coordinator, operator_user)
    with pytest.raises(ValidationError, match="Fiche n° 2 \\(2026\\), retirée : la fiche a déjà"):
        sign(amendment, people)
    assert sheet(contract, 2027, 1).budget.p104_subsidy == Decimal("8000.00")
    assert sheet(contract, 2026, 2)


def test_sheets_added_withdrawn_and_targets(generated):
    contract, people = generated
    amendment = services.amendment_create(
        contract=contract, actor=people.coordinator, title="Nouvelle action"
    )
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.SHEET_ADDED, year=2027, sheet_number=11, axis_number=2),
        after="Ateliers numériques au centre social",
        details={"operator": "Centre social de l'Orne", "p104_subsidy": "4000.00"},
    )
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.SHEET_WITHDRAWN, year=2027, sheet_number=10),
        after="",
    )
    indicator = sheet(contract, 2027, 5).indicators.get()
    services.change_set(
        amendment=amendment,
        actor=people.coordinator,
        target=Target(ChangeKind.TARGET, year=2027, sheet_number=5, indicator=indicator),
        after="30 en moyenne",
    )
    sign(amendment, people)
    added = sheet(contract, 2027, 11)
    assert added.operator.name == "Centre social de l'Orne" and added.axis.number == 2
    assert added.budget.p104_subsidy == Decimal("4000.00")
    assert not contract.actions.filter(year=2027, number=10).exists()
    indicator.refresh_from_db()
    assert (indicator.target_text, indicator.target) == ("30 en moyenne", Decimal("30.00"))


def test_only_the_coordination_drafts_and_signs_the_state_comments(generated):
    contract, people = generated
    with pytest.raises(PermissionDenied):
        services.amendment_create(contract=contract, actor=people.state, title="x")
    amendment = draft_p104(contract, people, {1: "9000.00"})
    for someone in (people.state, people.copil):
        with pytest.raises(PermissionDenied):
            services.change_set(
                amendment=amendment,
                actor=someone,
                target=Target(ChangeKind.ENVELOPE, year=2027),
                after="1.00",
            )
        with pytest.raises(PermissionDenied):
            sign(amendment, type("P", (), {"coordinator": someone}))
    with pytest.raises(PermissionDenied):
        services.comment_add(amendment=amendment, actor=people.copil, body="Non.")
    comment = services.comment_add(amendment=amendment, actor=people.state, body="Vu.")
    assert comment.author_role == "state_reviewer"
    assert AuditEvent.objects.filter(model="amendments.AmendmentComment").count() == 1


def test_bad_input_is_refused_in_french(generated):
    contract, people = generated
    amendment = draft_p104(contract, people, {1: "9000.00"})
    with pytest.raises(ValidationError, match="la nouvelle valeur est la valeur actuelle"):
        services.change_set(
            amendment=amendment,
            actor=people.coordinator,
            target=Target(ChangeKind.ENVELOPE, year=2027),
            after="150000.00",
        )
    with pytest.raises(ValidationError, match="Une fiche n° 3 existe déjà en 2027"):
        services.change_set(
            amendment=amendment,
            actor=people.coordinator,
            target=Target(ChangeKind.SHEET_ADDED, year=2027, sheet_number=3, axis_number=1),
            after="Doublon",
        )
    with pytest.raises(ValidationError, match="joignez l'avenant signé en PDF"):
        services.amendment_sign(
            amendment=amendment,
            actor=people.coordinator,
            signed_on=None,
            signatories="X",
            signed_file=signed_pdf("avenant.png").__class__(
                "avenant.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png"
            ),
        )
    assert Budget.objects.filter(action__contract=contract, p104_subsidy=9000).count() == 0


def test_a_contract_entered_by_hand_gets_a_first_version_that_says_when(db):
    """Not imported: its first version is kept when first needed, and says when."""
    contract = ContractFactory()
    assert not ContractVersion.objects.filter(contract=contract).exists()
    version = ensure_initial_version(contract)
    assert version.label.startswith("Contrat au ")
    assert version.label.endswith("(première version conservée)")
    assert ensure_initial_version(contract) == version
