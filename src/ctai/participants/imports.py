"""Import of an attendance sheet into the register: map the columns, check every row, then
write everything or nothing (one transaction).

Each row is one person at one session: names and birth date (to find the person in the
operator's register, through the pseudonym), session date, duration, present or not, theme.
The file is read twice, streamed: once to check (every rejected row and why), once to write
in batches.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from ctai.audit.context import acting_as, current_actor
from ctai.audit.models import AuditAction, AuditEvent
from ctai.contracts.models import ActionSheet
from ctai.participants.models import Attendance, Enrolment, Participant, Session
from ctai.participants.pseudonym import pseudonym
from ctai.participants.reading import Cell, SheetError, rows

# Field → (label, required, words a header may contain).
FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "family_name": ("Nom de famille", True, ("nom",)),
    "first_names": ("Prénoms", True, ("prenom", "prénom")),
    "birth_date": ("Date de naissance", True, ("naissance",)),
    "date": ("Date de la séance", True, ("seance", "séance", "date")),
    "duration": ("Durée (heures)", True, ("duree", "durée", "heure")),
    "present": ("Présent (oui/non)", False, ("present", "présent", "presence", "présence")),
    "theme": ("Thème", False, ("theme", "thème")),
}
BATCH = 2000
MAX_REJECTS_SHOWN = 500
YES = {"oui", "o", "x", "1", "yes", "présent", "present", "p", "vrai", "true"}
NO = {"non", "n", "0", "no", "absent", "absente", "a", "faux", "false"}


def headers(name: str, data: bytes) -> list[str]:
    for row in rows(name, data):
        return [str(c).strip() if c is not None else "" for c in row]
    raise SheetError("Le fichier est vide.")


def guess_mapping(columns: list[str]) -> dict[str, int | None]:
    """The column each field most likely sits in, from the header words."""
    chosen: dict[str, int | None] = {}
    taken: set[int] = set()
    # The most specific fields first: "Date de naissance" before "Date", "Prénoms" before "Nom".
    for name in (
        "birth_date",
        "first_names",
        "family_name",
        "date",
        "duration",
        "present",
        "theme",
    ):
        words = FIELDS[name][2]
        chosen[name] = next(
            (
                i
                for i, header in enumerate(columns)
                if i not in taken and any(w in header.lower() for w in words)
            ),
            None,
        )
        if chosen[name] is not None:
            taken.add(chosen[name])
    return {name: chosen[name] for name in FIELDS}


@dataclass(frozen=True)
class Line:
    number: int
    participant_id: int
    date: datetime.date
    duration: Decimal
    present: bool
    theme: str


@dataclass
class Preview:
    rows: int = 0
    accepted: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    rejected_count: int = 0
    people: int = 0
    sessions: int = 0

    @property
    def ok(self) -> bool:
        return self.rejected_count == 0 and self.accepted > 0

    def reject(self, number: int, reason: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_REJECTS_SHOWN:
            self.rejected.append((number, reason))


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def parse_date(cell: Cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _text(cell)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _duration(cell: Cell) -> Decimal | None:
    text = _text(cell).lower().replace(",", ".").replace("h", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 < value <= 24 else None


THEME_LENGTH = 200


def session_problem(
    sheet: ActionSheet,
    day: datetime.date,
    duration: Decimal,
    known: Decimal | None,
    where: str = "sur cette ligne",
) -> str | None:
    """Why a session cannot be recorded, or None: the same rules for a file's line and for a
    session typed by hand. ``known`` is the duration the same session (day and theme) already
    has in the register or the file."""
    if day.year != sheet.year:
        return f"séance du {day:%d/%m/%Y} hors de l'année {sheet.year} de la fiche"
    if not (duration.is_finite() and 0 < duration <= 24):
        return f"durée hors de 0 à 24 heures ({duration})"
    if known is not None and known != duration:
        return (
            f"la séance du {day:%d/%m/%Y} dure {known} h ailleurs dans le registre ou le "
            f"fichier, {duration} h {where}"
        )
    return None


class Checker:
    """Checks rows against the operator's register and the sheet's sessions."""

    def __init__(self, sheet: ActionSheet, mapping: dict[str, int | None]):
        self.sheet, self.mapping = sheet, mapping
        register = Participant.objects.identified().filter(
            contract=sheet.contract_id, operator=sheet.operator_id
        )
        self.people = dict(register.values_list("pseudonym", "pk"))
        self.sessions = {(s.date, s.theme): s.duration for s in Session.objects.filter(sheet=sheet)}
        self.seen: set[tuple[int, datetime.date, str]] = set()
        # A person is on every session's lines: the pseudonym (an HMAC) computed once.
        self.known: dict[tuple[str, str, datetime.date], int | None] = {}

    def cell(self, row: list[Cell], name: str) -> Cell:
        index = self.mapping.get(name)
        return row[index] if index is not None and index < len(row) else None

    def check(self, number: int, row: list[Cell]) -> Line | str:
        """The line to write, or why it is rejected."""
        family, first = _text(self.cell(row, "family_name")), _text(self.cell(row, "first_names"))
        if not family or not first:
            return "nom ou prénoms manquants"
        birth = parse_date(self.cell(row, "birth_date"))
        if birth is None:
            return f"date de naissance illisible ({_text(self.cell(row, 'birth_date')) or 'vide'})"
        key = (family, first, birth)
        if key in self.known:
            person = self.known[key]
        else:
            person = self.known[key] = self.people.get(pseudonym(family, first, birth))
        if person is None:
            return (
                "personne absente du registre du porteur : enregistrez-la d'abord "
                "(nom, prénoms et date de naissance tels qu'inscrits)"
            )
        day = parse_date(self.cell(row, "date"))
        if day is None:
            return f"date de séance illisible ({_text(self.cell(row, 'date')) or 'vide'})"
        duration = _duration(self.cell(row, "duration"))
        if duration is None:
            shown = _text(self.cell(row, "duration")) or "vide"
            return f"durée illisible ou hors de 0 à 24 heures ({shown})"
        mark = _text(self.cell(row, "present")).lower()
        if mark not in YES | NO | {""}:
            return f"présence illisible ({mark}) : oui ou non"
        theme = _text(self.cell(row, "theme"))[:THEME_LENGTH]
        problem = session_problem(self.sheet, day, duration, self.sessions.get((day, theme)))
        if problem:
            return problem
        self.sessions[(day, theme)] = duration
        if (person, day, theme) in self.seen:
            return "la même personne figure deux fois pour cette séance"
        self.seen.add((person, day, theme))
        return Line(number, person, day, duration, mark not in NO, theme)


def _lines(sheet, name, data, mapping, preview: Preview) -> Iterator[Line]:
    checker = Checker(sheet, mapping)
    people: set[int] = set()
    for number, row in enumerate(rows(name, data), start=1):
        if number == 1:
            continue  # the header
        if all(c is None or _text(c) == "" for c in row):
            continue
        preview.rows += 1
        outcome = checker.check(number, row)
        if isinstance(outcome, str):
            preview.reject(number, outcome)
            continue
        preview.accepted += 1
        people.add(outcome.participant_id)
        yield outcome
    preview.people = len(people)
    preview.sessions = len({(d, t) for _, d, t in checker.seen})


def missing_fields(mapping: dict[str, int | None]) -> list[str]:
    return [
        label
        for name, (label, required, _) in FIELDS.items()
        if required and mapping.get(name) is None
    ]


def attendance_preview(
    *, sheet: ActionSheet, name: str, data: bytes, mapping: dict[str, int | None]
) -> Preview:
    """Check every row; nothing is written."""
    preview = Preview()
    for _ in _lines(sheet, name, data, mapping, preview):
        pass
    return preview


class ImportRefused(ValueError):
    def __init__(self, preview: Preview):
        super().__init__("Le fichier contient des lignes refusées : rien n'a été enregistré.")
        self.preview = preview


def attendance_import(
    *, sheet: ActionSheet, actor, name: str, data: bytes, mapping: dict[str, int | None]
) -> Preview:
    """Write every row or none: a rejected row anywhere rolls everything back."""
    preview = Preview()
    with acting_as(actor), transaction.atomic():
        sessions = {(s.date, s.theme): s.pk for s in Session.objects.filter(sheet=sheet)}
        enrolments = dict(Enrolment.objects.filter(sheet=sheet).values_list("participant_id", "pk"))
        batch: list[Line] = []
        for line in _lines(sheet, name, data, mapping, preview):
            batch.append(line)
            if len(batch) >= BATCH:
                _write(sheet, batch, sessions, enrolments)
                batch = []
        _write(sheet, batch, sessions, enrolments)
        if not preview.ok:
            raise ImportRefused(preview)
        _touch(sheet)
        _summary_event(sheet, name, preview)
    return preview


def _write(sheet, batch: list[Line], sessions: dict, enrolments: dict) -> None:
    if not batch:
        return
    new_sessions = {
        (line.date, line.theme): Session(
            sheet=sheet, date=line.date, duration=line.duration, theme=line.theme
        )
        for line in batch
        if (line.date, line.theme) not in sessions
    }
    for created in Session.objects.bulk_create(new_sessions.values()):
        sessions[(created.date, created.theme)] = created.pk
    if any(s is None for s in sessions.values()):  # backends that return no primary key
        sessions.update({(s.date, s.theme): s.pk for s in Session.objects.filter(sheet=sheet)})
    first_day: dict[int, datetime.date] = {}
    for line in batch:
        if line.participant_id not in enrolments:
            first_day[line.participant_id] = min(
                line.date, first_day.get(line.participant_id, line.date)
            )
    if first_day:
        # The trail names each enrolment by its participant's pseudonym: read in one query.
        people = Participant._base_manager.only("pk", "pseudonym").in_bulk(list(first_day))
        Enrolment.objects.bulk_create(
            Enrolment(participant=people[pid], sheet=sheet, enrolled_on=day)
            for pid, day in first_day.items()
        )
        enrolments.update(
            Enrolment.objects.filter(sheet=sheet, participant_id__in=first_day).values_list(
                "participant_id", "pk"
            )
        )
    Attendance.objects.bulk_create(
        [
            Attendance(
                session_id=sessions[(line.date, line.theme)],
                enrolment_id=enrolments[line.participant_id],
                present=line.present,
            )
            for line in batch
        ],
        update_conflicts=True,
        unique_fields=["enrolment", "session"],
        update_fields=["present"],
    )


def _touch(sheet: ActionSheet) -> None:
    """The participants' last activity moves to their last session attended (one UPDATE);
    a technical field, not written in the trail."""
    latest = (
        Attendance.objects.filter(enrolment__participant=OuterRef("pk"), present=True)
        .values("enrolment__participant")
        .annotate(day=Max("session__date"))
        .values("day")
    )
    enrolled = Enrolment.objects.filter(sheet=sheet).values("participant")
    Participant._base_manager.filter(pk__in=enrolled).update(
        last_activity=Greatest("last_activity", Coalesce(Subquery(latest), "last_activity"))
    )


def _summary_event(sheet: ActionSheet, name: str, preview: Preview) -> None:
    """One event in the trail for the whole file: counts only, no one named."""
    summary_event(
        sheet,
        f"Import de présences : {name}",
        lines=preview.accepted,
        people=preview.people,
        sessions=preview.sessions,
    )


def summary_event(sheet: ActionSheet, title: str, *, lines: int, people: int, sessions: int):
    """One event in the trail for attendance written in bulk: counts only, no one named."""
    actor = current_actor()
    AuditEvent(
        actor_id=actor.user_id,
        actor_username=actor.username,
        action=AuditAction.CREATE,
        model="participants.AttendanceImport",
        object_id=str(sheet.pk),
        object_repr=title[:300],
        contract_id=sheet.contract_id,
        action_sheet_id=sheet.pk,
        changes={
            "lignes": [None, lines],
            "personnes": [None, people],
            "séances": [None, sessions],
        },
    ).save()
