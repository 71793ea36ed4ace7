"""Writes of the governance package: meetings, their participants, minutes and decisions.

Keyword-only functions; each checks that the actor coordinates the contract, runs in one
transaction (the audit trail records every row written, ``ctai.audit.recorder``) and, for
meetings, recomputes the contract's findings (the COPIL rule depends on them).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from ctai.accounts import permissions
from ctai.accounts.models import Membership
from ctai.amendments.models import Amendment
from ctai.amendments.services import amendment_create
from ctai.audit.context import because
from ctai.checks.services import FindingsDelta, refresh_findings
from ctai.contracts.models import ActionSheet, Contract
from ctai.governance.enums import TRANSITIONS, DecisionKind, FollowUp, MeetingKind, MeetingStatus
from ctai.governance.errors import GovernanceError, NotAllowed
from ctai.governance.models import Decision, Meeting, Participant
from ctai.reporting.attachments import check_upload


@dataclass(frozen=True)
class Guest:
    name: str
    organisation: str = ""


@dataclass(frozen=True)
class MeetingInput:
    date: datetime.date
    kind: str
    place: str = ""
    agenda: str = ""
    members: tuple[Membership, ...] = ()
    guests: tuple[Guest, ...] = ()


def _require_coordinator(actor, contract: Contract) -> None:
    if not permissions.is_coordinator(actor, contract):
        raise NotAllowed(
            "Seule la coordination du contrat prépare les comités de pilotage et leurs décisions."
        )


def _validate_meeting(contract: Contract, data: MeetingInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.kind not in MeetingKind.values:
        errors["kind"] = ["Type de comité inconnu."]
    first, last = contract.start.year, contract.end.year + 1
    if not first <= data.date.year <= last:
        errors["date"] = [
            f"La date du {data.date:%d/%m/%Y} est hors de la période du contrat "
            f"({contract.start.year}-{contract.end.year}, et l'année suivante pour évaluer "
            f"la dernière)."
        ]
    foreign = [m for m in data.members if m.contract_id != contract.pk or m.revoked_at]
    if foreign:
        errors["members"] = ["Un des membres choisis n'est pas (ou plus) membre de ce contrat."]
    for guest in data.guests:
        if not guest.name.strip():
            errors["guests"] = ["Chaque invité doit avoir un nom (« Nom ; Organisation »)."]
    if errors:
        raise GovernanceError(field_errors=errors)


def member_name(membership: Membership) -> str:
    user = membership.user
    return user.get_full_name() or user.get_username()


def _set_participants(meeting: Meeting, data: MeetingInput) -> None:
    """Keep the participants still invited (and their attendance), add the new, drop the rest."""
    wanted = {m.pk: m for m in data.members}
    guests = {(g.name.strip(), g.organisation.strip()) for g in data.guests}
    kept_guests = set()
    for participant in list(meeting.participants.all()):
        if participant.membership_id in wanted:
            wanted.pop(participant.membership_id)
        elif participant.is_guest and (participant.name, participant.organisation) in guests:
            kept_guests.add((participant.name, participant.organisation))
        else:
            participant.delete()
    for membership in wanted.values():
        Participant.objects.create(
            meeting=meeting,
            membership=membership,
            name=member_name(membership),
            organisation=membership.organisation.display_name,
        )
    for name, organisation in sorted(guests - kept_guests):
        Participant.objects.create(meeting=meeting, name=name, organisation=organisation)


@transaction.atomic
def meeting_save(
    *, contract: Contract, data: MeetingInput, actor, meeting: Meeting | None = None
) -> tuple[Meeting, FindingsDelta]:
    """Plan a meeting (``meeting`` None) or change a planned one: date, kind, place, agenda
    and who is invited."""
    _require_coordinator(actor, contract)
    if meeting is not None and meeting.contract_id != contract.pk:
        raise GovernanceError("Ce comité n'appartient pas à ce contrat.")
    _validate_meeting(contract, data)
    meeting = meeting or Meeting(contract=contract)
    meeting.date, meeting.kind = data.date, data.kind
    meeting.place, meeting.agenda = data.place.strip(), data.agenda.strip()
    meeting.save()
    _set_participants(meeting, data)
    return meeting, refresh_findings(contract=contract)


@transaction.atomic
def meeting_transition(*, meeting: Meeting, transition: str, actor) -> FindingsDelta:
    """``hold`` (planned → held) or ``approve`` (held → minutes approved)."""
    _require_coordinator(actor, meeting.contract)
    sources, target = TRANSITIONS[transition]
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status not in sources:
        raise GovernanceError(
            f"Ce comité est « {locked.get_status_display().lower()} » : cette étape ne "
            f"s'applique pas."
        )
    if transition == "approve" and not (locked.minutes.strip() or locked.minutes_file):
        raise GovernanceError(
            "Écrivez ou joignez le compte rendu avant de l'enregistrer comme approuvé."
        )
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    meeting.status = target
    return refresh_findings(contract=meeting.contract)


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, actor, text: str, present: set[int], upload=None, remove_file=False
) -> Meeting:
    """The minutes (compte rendu) written here and/or attached, and who attended."""
    _require_coordinator(actor, meeting.contract)
    if upload is not None:
        try:
            kind = check_upload(upload.name, upload.size, upload)
        except ValidationError as refused:
            raise GovernanceError(field_errors={"file": refused.messages}) from refused
    meeting.minutes = text.strip()
    if remove_file and meeting.minutes_file:
        meeting.minutes_file.delete(save=False)
        meeting.minutes_file_name = meeting.minutes_file_type = ""
    if upload is not None:
        meeting.minutes_file.save(upload.name, upload, save=False)
        meeting.minutes_file_name = upload.name[:255]
        meeting.minutes_file_type = kind.content_type
    meeting.save()
    for participant in meeting.participants.all():
        attended = participant.pk in present
        if participant.attended != attended:
            participant.attended = attended
            participant.save(update_fields=["attended"])
    return meeting


@dataclass(frozen=True)
class DecisionInput:
    text: str
    kind: str
    year: int
    sheet_numbers: tuple[int, ...] = ()
    owner: str = ""
    due_date: datetime.date | None = None
    follow_up: str = FollowUp.TODO
    follow_up_notes: str = ""


def parse_sheet_numbers(text: str) -> tuple[int, ...]:
    """ "4, 9" or "4 9" or "4;9" → (4, 9); a clear French message for anything else."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    bad = [p for p in parts if not p.strip().isdigit()]
    if bad:
        raise GovernanceError(
            field_errors={
                "sheets": [
                    f"« {bad[0].strip()} » n'est pas un numéro de fiche : écrivez les numéros "
                    f"séparés par des virgules (par exemple « 4, 9 »)."
                ]
            }
        )
    return tuple(sorted({int(p) for p in parts}))


def _decision_sheets(meeting: Meeting, data: DecisionInput) -> list[ActionSheet]:
    errors: dict[str, list[str]] = {}
    if not data.text.strip():
        errors["text"] = ["Écrivez la décision prise."]
    if data.kind not in DecisionKind.values:
        errors["kind"] = ["Nature de décision inconnue."]
    if data.follow_up not in FollowUp.values:
        errors["follow_up"] = ["État de suivi inconnu."]
    contract = meeting.contract
    if data.year not in contract.years:
        errors["year"] = [
            f"L'année {data.year} est hors de la période du contrat "
            f"({contract.start.year}-{contract.end.year})."
        ]
    sheets = list(
        ActionSheet.objects.filter(contract=contract, year=data.year, number__in=data.sheet_numbers)
    )
    missing = sorted(set(data.sheet_numbers) - {s.number for s in sheets})
    if missing and "year" not in errors:
        listed = ", ".join(str(n) for n in missing)
        errors["sheets"] = [
            f"La programmation {data.year} n'a pas de fiche n° {listed} : vérifiez les numéros "
            f"ou l'année."
        ]
    if errors:
        raise GovernanceError(field_errors=errors)
    return sheets


@transaction.atomic
def decision_save(
    *, meeting: Meeting, data: DecisionInput, actor, decision: Decision | None = None
) -> Decision:
    """Record a decision of ``meeting`` (or change one, its follow-up included)."""
    _require_coordinator(actor, meeting.contract)
    sheets = _decision_sheets(meeting, data)
    decision = decision or Decision(meeting=meeting)
    decision.text, decision.kind = data.text.strip(), data.kind
    decision.owner, decision.due_date = data.owner.strip(), data.due_date
    decision.follow_up, decision.follow_up_notes = data.follow_up, data.follow_up_notes.strip()
    decision.save()
    decision.sheets.set(sheets)
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, actor) -> None:
    """Delete a decision recorded by mistake: the coordination, while the meeting's minutes
    are not approved (approved minutes are the committee's record: its decisions stay, and a
    change of course is a decision of a later committee). Audited as a deletion, with its
    reason; an amendment prepared from it stays, unlinked."""
    meeting = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
    _require_coordinator(actor, meeting.contract)
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise GovernanceError(
            f"Le compte rendu du comité du {meeting.date:%d/%m/%Y} est approuvé : ses décisions "
            "font partie du compte rendu et ne peuvent plus être supprimées. Pour changer de "
            "cap, enregistrez une nouvelle décision lors d'un prochain comité."
        )
    locked = Decision.objects.select_for_update().filter(pk=decision.pk, meeting=meeting).first()
    if locked is None:
        return  # already deleted (a second click): nothing left to do
    with because(f"Décision du comité du {meeting.date:%d/%m/%Y} supprimée : « {locked.text} »"):
        locked.sheets.clear()
        locked.delete()


@transaction.atomic
def decision_amendment(*, decision: Decision, actor) -> Amendment:
    """The draft amendment that carries ``decision`` out: created once, named after the
    decision and its committee, then linked (asked again, the same amendment is given back)."""
    meeting = decision.meeting
    _require_coordinator(actor, meeting.contract)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.amendment_id is not None:
        return locked.amendment
    numbers = locked.sheet_numbers()
    about = f" (fiches {numbers})" if numbers else ""
    amendment = amendment_create(
        contract=meeting.contract,
        actor=actor,
        title=f"{locked.get_kind_display()}{about} — décision du comité du {meeting.date:%d/%m/%Y}",
        origin=f"Décision du comité de pilotage du {meeting.date:%d/%m/%Y} : {locked.text}",
    )
    locked.amendment = amendment
    locked.save(update_fields=["amendment", "updated_at"])
    return amendment
