"""Writes on the register: each in one transaction, audited (pseudonyms only in the trail)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from ctai.audit.context import acting_as
from ctai.contracts.models import ActionSheet
from ctai.participants.imports import THEME_LENGTH, session_problem, summary_event
from ctai.participants.models import (
    Attendance,
    AttendanceUpload,
    Enrolment,
    Exit,
    IdentityView,
    Participant,
    Result,
    Session,
)
from ctai.participants.pseudonym import pseudonym, short

RETENTION_DAYS = 2 * 365  # accompaniment files: 2 years after the last contact (CNIL)
VIEW_LOG_DAYS = 365  # identity views: kept one year


@dataclass(frozen=True)
class Identity:
    """What an operator types about a person (the minimum: no nationality)."""

    family_name: str
    first_names: str
    birth_date: datetime.date
    sex: str
    status: str
    status_year: int
    arrival_year: int
    french_level: int | None
    third_country_national: bool
    residence_start: datetime.date | None


def participant_record(
    *,
    sheet: ActionSheet,
    actor,
    identity: Identity,
    enrolled_on: datetime.date,
    planned_hours: Decimal | None = None,
) -> Enrolment:
    """Record a person in the register of the sheet's operator (or find them there, by
    pseudonym) and enrol them in the sheet. Refused with French messages when the person is
    not eligible (article 2) or already enrolled."""
    code = pseudonym(identity.family_name, identity.first_names, identity.birth_date)
    with acting_as(actor), transaction.atomic():
        participant = Participant.objects.filter(
            contract=sheet.contract_id, operator=sheet.operator_id, pseudonym=code
        ).first()
        if participant is None:
            participant = Participant(
                contract_id=sheet.contract_id,
                operator_id=sheet.operator_id,
                pseudonym=code,
                birth_year=identity.birth_date.year,
                last_activity=enrolled_on,
                **vars(identity),
            )
            participant.full_clean()
            participant.save()
        if participant.enrolments.filter(sheet=sheet).exists():
            raise ValidationError("Cette personne est déjà inscrite à cette action.")
        enrolment = Enrolment(
            participant=participant,
            sheet=sheet,
            enrolled_on=enrolled_on,
            planned_hours=planned_hours,
        )
        enrolment.full_clean()
        enrolment.save()
        _touch(participant, enrolled_on)
        return enrolment


def _touch(participant: Participant, day: datetime.date) -> None:
    """The last activity moves forward only; a technical field, not written in the trail."""
    Participant._base_manager.filter(pk=participant.pk, last_activity__lt=day).update(
        last_activity=day
    )


def result_add(
    *,
    enrolment: Enrolment,
    actor,
    kind: str,
    date: datetime.date,
    level: int | None,
    tef_score: int | None,
) -> Result:
    with acting_as(actor), transaction.atomic():
        result = Result(enrolment=enrolment, kind=kind, date=date, level=level, tef_score=tef_score)
        result.full_clean()
        result.save()
        _touch(enrolment.participant, date)
        return result


def exit_record(*, enrolment: Enrolment, actor, kind: str, date: datetime.date) -> Exit:
    with acting_as(actor), transaction.atomic():
        found = Exit.objects.filter(enrolment=enrolment).first()
        exit_ = found or Exit(enrolment=enrolment)
        exit_.kind, exit_.date = kind, date
        exit_.full_clean()
        exit_.save()
        _touch(enrolment.participant, date)
        return exit_


def identity_views_log(*, viewer, participants, what: str) -> None:
    """One line per identity shown: who, when, which (its pseudonym), how."""
    IdentityView.objects.bulk_create(
        IdentityView(
            viewer=viewer,
            viewer_username=viewer.get_username(),
            participant=p,
            pseudonym=short(p.pseudonym),
            contract_id=p.contract_id,
            what=what,
        )
        for p in participants
    )


def participant_export(*, participant: Participant, actor) -> dict:
    """Everything the register holds about one person (right of access), the read logged."""
    identity_views_log(viewer=actor, participants=[participant], what="export")
    enrolments = participant.enrolments.select_related("sheet").prefetch_related(
        "results", "attendances__session"
    )
    return {
        "pseudonyme": participant.pseudonym,
        "nom": participant.family_name,
        "prenoms": participant.first_names,
        "date_naissance": _iso(participant.birth_date),
        "sexe": participant.get_sex_display(),
        "statut": participant.get_status_display(),
        "annee_statut": participant.status_year,
        "annee_arrivee": participant.arrival_year,
        "niveau_francais_entree": participant.get_french_level_display()
        if participant.french_level is not None
        else None,
        "ressortissant_pays_tiers": participant.third_country_national,
        "debut_sejour": _iso(participant.residence_start),
        "inscriptions": [
            {
                "fiche": f"n° {e.sheet.number} ({e.sheet.year}) {e.sheet.title}",
                "inscrit_le": _iso(e.enrolled_on),
                "heures_prevues": None if e.planned_hours is None else str(e.planned_hours),
                "presences": [
                    {
                        "seance": _iso(a.session.date),
                        "duree": str(a.session.duration),
                        "present": a.present,
                    }
                    for a in e.attendances.all()
                ],
                "resultats": [
                    {
                        "type": r.get_kind_display(),
                        "date": _iso(r.date),
                        "niveau": r.get_level_display() if r.level is not None else None,
                        "score_tef": r.tef_score,
                    }
                    for r in e.results.all()
                ],
                "sortie": _exit(e),
            }
            for e in enrolments
        ],
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _exit(enrolment: Enrolment) -> dict | None:
    found = Exit.objects.filter(enrolment=enrolment).first()
    return {"type": found.get_kind_display(), "date": _iso(found.date)} if found else None


def participant_erase(*, participant: Participant, actor) -> None:
    """Erasure on request: the person and everything recorded about them go."""
    with acting_as(actor, "Effacement à la demande de la personne"), transaction.atomic():
        participant.delete()


@dataclass(frozen=True)
class PurgeSummary:
    anonymised: int
    per_contract: dict[int, int]
    views_deleted: int


def purge(*, today: datetime.date | None = None) -> PurgeSummary:
    """Anonymise the participants with no activity for 2 years: names, birth date and
    residence date are blanked and the pseudonym replaced by one that links to nobody; the
    counts of past years stay the same. Identity views older than a year are deleted.
    Idempotent: anonymised participants are left as they are."""
    today = today or timezone.localdate()
    expired = Participant.objects.identified().filter(
        last_activity__lt=today - datetime.timedelta(days=RETENTION_DAYS)
    )
    with acting_as(None, "Anonymisation après 2 ans sans activité"), transaction.atomic():
        per_contract = dict(
            expired.values_list("contract").annotate(n=Count("pk")).order_by("contract")
        )
        anonymised = expired.update(
            family_name="",
            first_names="",
            birth_date=None,
            residence_start=None,
            pseudonym=Concat(Value("anonyme-"), Cast("pk", CharField())),
            anonymised_at=timezone.now(),
        )
        views_deleted, _ = IdentityView.objects.filter(
            at__lt=timezone.now() - datetime.timedelta(days=VIEW_LOG_DAYS)
        ).delete()
        AttendanceUpload.objects.filter(
            created_at__lt=timezone.now() - datetime.timedelta(days=1)
        ).delete()
    return PurgeSummary(anonymised, per_contract, views_deleted)


def session_record(
    *,
    sheet: ActionSheet,
    actor,
    date: datetime.date,
    duration: Decimal,
    theme: str,
    present: set[int],
) -> Session:
    """A session typed by hand and who was there: every person enrolled in the sheet (of the
    actor's register) gets a presence line, present when ticked. The same rules as an imported
    line (``imports.session_problem``); a session of the same day and theme receives the
    presences again when its duration is the same. All or nothing."""
    theme = theme.strip()[:THEME_LENGTH]
    with acting_as(actor), transaction.atomic():
        session = Session.objects.filter(sheet=sheet, date=date, theme=theme).first()
        problem = session_problem(
            sheet, date, duration, session.duration if session else None, "pour cette saisie"
        )
        if problem:
            raise ValidationError(problem[0].upper() + problem[1:] + ".")
        enrolments = dict(
            Enrolment.objects.filter(
                sheet=sheet, participant__in=Participant.objects.for_user(actor).identified()
            ).values_list("participant_id", "pk")
        )
        strangers = present - set(enrolments)
        if strangers:
            raise ValidationError("Une personne cochée n'est pas inscrite à cette action.")
        if session is None:
            session = Session.objects.create(sheet=sheet, date=date, duration=duration, theme=theme)
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, enrolment_id=pk, present=person in present)
                for person, pk in enrolments.items()
            ],
            update_conflicts=True,
            unique_fields=["enrolment", "session"],
            update_fields=["present"],
        )
        Participant._base_manager.filter(pk__in=present, last_activity__lt=date).update(
            last_activity=date
        )
        summary_event(
            sheet,
            f"Séance saisie : {session}",
            lines=len(enrolments),
            people=len(present),
            sessions=1,
        )
        return session
