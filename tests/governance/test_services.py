"""Meetings and decisions: stored whole or not at all, by the coordination only, audited;
on another territory than Metz, over several years. Runs on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from ctai.audit.models import AuditEvent
from ctai.checks.models import StoredFinding
from ctai.core.roles import Role
from ctai.governance.errors import GovernanceError, NotAllowed
from ctai.governance.models import Decision, Meeting
from ctai.governance.services import (
    DecisionInput,
    Guest,
    MeetingInput,
    decision_save,
    meeting_save,
    meeting_transition,
    minutes_save,
)
from ctai.governance.summary import governance_for_evaluation
from tests.factories import (
    ActionSheetFactory,
    AnnualEnvelopeFactory,
    ContractFactory,
    OrganisationFactory,
    grant,
)


@pytest.fixture
def lyon(db):
    """Another territory: 2025-2027, sheets 1-5 each year."""
    contract = ContractFactory(
        territory="Métropole de Lyon",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2027, 12, 31),
        coordinator=OrganisationFactory(name="Métropole de Lyon"),
    )
    for year in contract.years:
        AnnualEnvelopeFactory(contract=contract, year=year, amount=Decimal("90000"))
        for number in range(1, 6):
            ActionSheetFactory(contract=contract, year=year, number=number)
    return contract


@pytest.fixture
def people(lyon):
    users = get_user_model().objects
    coordinator = users.create_user("coord-lyon", first_name="Inès", last_name="Roux")
    grant(coordinator, lyon)
    state = users.create_user("etat-lyon")
    grant(state, lyon, Role.STATE_REVIEWER, OrganisationFactory(name="Préfecture du Rhône"))
    copil = users.create_user("copil-lyon", first_name="Marc", last_name="Élu")
    copil_membership = grant(copil, lyon, Role.COPIL, OrganisationFactory(name="Ville de Lyon"))
    return {"coordinator": coordinator, "state": state, "copil": copil, "m": copil_membership}


def plan(lyon, actor, day, kind="june", **more):
    data = MeetingInput(date=day, kind=kind, **more)
    return meeting_save(contract=lyon, data=data, actor=actor)[0]


def test_only_the_coordination_plans_and_nothing_is_written_otherwise(lyon, people):
    for role in ("state", "copil"):
        with pytest.raises(NotAllowed):
            plan(lyon, people[role], datetime.date(2026, 6, 10))
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(model__startswith="governance.").exists()


def test_bad_input_is_refused_in_french_and_nothing_half_written(lyon, people):
    foreign = grant(
        get_user_model().objects.create_user("ailleurs"),
        ContractFactory(territory="Ailleurs", coordinator=OrganisationFactory()),
    )
    with pytest.raises(GovernanceError) as refused:
        plan(
            lyon,
            people["coordinator"],
            datetime.date(2031, 6, 10),
            members=(foreign,),
            guests=(Guest("  ", "OFII"),),
        )
    assert set(refused.value.field_errors) == {"date", "members", "guests"}
    assert "hors de la période du contrat (2025-2027" in refused.value.messages[0]
    assert not Meeting.objects.exists()


def test_meeting_lifecycle_participants_minutes_and_findings(lyon, people):
    coordinator = people["coordinator"]
    meeting = plan(
        lyon,
        coordinator,
        datetime.date(2025, 12, 9),
        kind="december",
        members=(people["m"],),
        guests=(Guest("Jeanne Dupont", "OFII"),),
    )
    assert [str(p) for p in meeting.participants.all()] == [
        "Marc Élu (Ville de Lyon)",
        "Jeanne Dupont (OFII)",
    ]
    codes = set(StoredFinding.objects.filter(contract=lyon).values_list("code", "year"))
    assert ("governance.copil_missing", 2025) in codes  # June 2025 and December 2025 missing
    meeting_transition(meeting=meeting, transition="hold", actor=coordinator)
    december = StoredFinding.objects.filter(
        contract=lyon,
        code="governance.copil_missing",
        year=2025,
        message__contains="de décembre 2025",
    )
    assert not december.exists()
    with pytest.raises(GovernanceError):
        meeting_transition(meeting=meeting, transition="hold", actor=coordinator)
    guest = meeting.participants.get(name="Jeanne Dupont")
    with pytest.raises(GovernanceError) as refused:
        minutes_save(
            meeting=meeting,
            actor=coordinator,
            text="CR",
            present={guest.pk},
            upload=SimpleUploadedFile("cr.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert "porte l'extension .pdf mais son contenu" in refused.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.minutes == "" and not meeting.participants.get(pk=guest.pk).attended
    minutes_save(meeting=meeting, actor=coordinator, text="CR du comité", present={guest.pk})
    meeting_transition(meeting=meeting, transition="approve", actor=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    # Changing the invitations keeps who attended among those still invited.
    meeting_save(
        contract=lyon,
        meeting=meeting,
        actor=coordinator,
        data=MeetingInput(
            date=meeting.date, kind="december", guests=(Guest("Jeanne Dupont", "OFII"),)
        ),
    )
    assert [(p.name, p.attended) for p in meeting.participants.all()] == [("Jeanne Dupont", True)]


def test_decisions_tie_to_sheets_and_feed_the_evaluation_summary(lyon, people):
    coordinator = people["coordinator"]
    june = plan(lyon, coordinator, datetime.date(2026, 6, 18))
    meeting_transition(meeting=june, transition="hold", actor=coordinator)
    with pytest.raises(GovernanceError) as refused:
        decision_save(
            meeting=june,
            actor=coordinator,
            data=DecisionInput(text="x", kind="stop", year=2026, sheet_numbers=(2, 8)),
        )
    assert refused.value.messages == [
        "La programmation 2026 n'a pas de fiche n° 8 : vérifiez les numéros ou l'année."
    ]
    decision_save(
        meeting=june,
        actor=coordinator,
        data=DecisionInput(
            text="Réorienter vers l'emploi",
            kind="reorient",
            year=2026,
            sheet_numbers=(4, 2),
            owner="Métropole",
            due_date=datetime.date(2026, 9, 30),
            follow_up="in_progress",
            follow_up_notes="Rencontre avec France Travail",
        ),
    )
    assert governance_for_evaluation(lyon, 2025) == {
        "meetings": [
            {
                "date": datetime.date(2026, 6, 18),
                "kind": "Évaluation de l'année N-1 (juin)",
                "status": "Tenu",
                "decisions": 1,
            }
        ],
        "decisions": [
            {
                "text": "Réorienter vers l'emploi",
                "kind": "Réorienter",
                "sheets": "2, 4",
                "owner": "Métropole",
                "due_date": datetime.date(2026, 9, 30),
                "status": "En cours",
                "follow_up": "Rencontre avec France Travail",
            }
        ],
    }
    assert governance_for_evaluation(lyon, 2026) == {"meetings": [], "decisions": []}
    decision = Decision.objects.get()
    assert [s.year for s in decision.sheets.all()] == [2026, 2026]
    events = AuditEvent.objects.filter(model="governance.Decision").values_list("contract_id")
    assert {c for (c,) in events} == {lyon.pk}
