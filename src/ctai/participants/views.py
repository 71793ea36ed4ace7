"""The register's pages: the operator's own (names shown, each view logged) and the
contract-wide unique counts (no name, small cells as "< 5")."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.contracts.views.scope import (
    contract_crumbs,
    get_contract,
    get_sheet,
    get_year,
    sheet_crumbs,
)
from ctai.participants import services
from ctai.participants.computed import LABELS, contract_unique_counts, sheet_figures, suppressed
from ctai.participants.forms import (
    ExitForm,
    MappingForm,
    ParticipantForm,
    ResultForm,
    SessionForm,
    UploadForm,
)
from ctai.participants.imports import (
    ImportRefused,
    attendance_import,
    attendance_preview,
    guess_mapping,
    headers,
)
from ctai.participants.models import AttendanceUpload, Enrolment, Exit, Participant, Session
from ctai.participants.reading import SheetError, check_size


def _sheet(request, contract: int, year: int, number: int):
    """A sheet of the user's operator: the register is theirs alone (403 for the
    coordination, the State and the COPIL, who see the sheet; 404 for anyone else)."""
    sheet = get_sheet(request, contract, year, number)
    if not permissions.is_operator_member(request.user, sheet):
        raise PermissionDenied
    return sheet


def _enrolment(request, sheet, participant: int) -> Enrolment:
    scope = Participant.objects.for_user(request.user)
    return get_object_or_404(
        Enrolment.objects.select_related("participant", "sheet"),
        sheet=sheet,
        participant__in=scope,
        participant_id=participant,
    )


def register_url(sheet) -> str:
    return reverse("participants:register", args=[sheet.contract_id, sheet.year, sheet.number])


def _crumbs(sheet, user, *more):
    return [*sheet_crumbs(sheet, user), ("Participants", register_url(sheet)), *more]


@require_http_methods(["GET", "POST"])
def register(request, contract: int, year: int, number: int):
    sheet = _sheet(request, contract, year, number)
    form = ParticipantForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            enrolment = services.participant_record(
                sheet=sheet,
                actor=request.user,
                identity=form.identity(),
                enrolled_on=form.cleaned_data["enrolled_on"],
                planned_hours=form.cleaned_data["planned_hours"],
            )
        except ValidationError as refused:
            form.apply_errors(refused)
        else:
            code = enrolment.participant.short_pseudonym
            messages.success(request, f"Personne inscrite à l'action (pseudonyme {code}).")
            return redirect(register_url(sheet))
    enrolments = list(
        Enrolment.objects.filter(
            sheet=sheet, participant__in=Participant.objects.for_user(request.user)
        )
        .select_related("participant")
        .annotate(hours=Sum("attendances__session__duration", filter=Q(attendances__present=True)))
        .order_by("participant__family_name", "participant__first_names", "pk")
    )
    services.identity_views_log(
        viewer=request.user,
        participants=[e.participant for e in enrolments if e.participant.anonymised_at is None],
        what="registre",
    )
    figures = sheet_figures(sheet)
    return render(
        request,
        "participants/register.html",
        {
            "sheet": sheet,
            "contract": sheet.contract,
            "enrolments": enrolments,
            "form": form,
            "figures": [(LABELS[k], figures[k]) for k in LABELS if k in figures],
            "sessions": Session.objects.filter(sheet=sheet).aggregate(
                count=Count("pk"), hours=Sum("duration")
            ),
            "breadcrumbs": [*sheet_crumbs(sheet, request.user), ("Participants", None)],
        },
    )


def _detail(request, sheet, enrolment, **forms):
    services.identity_views_log(
        viewer=request.user, participants=[enrolment.participant], what="fiche"
    )
    return render(
        request,
        "participants/participant.html",
        {
            "sheet": sheet,
            "contract": sheet.contract,
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "attendances": enrolment.attendances.select_related("session").order_by(
                "session__date"
            ),
            "results": enrolment.results.all(),
            "exit": Exit.objects.filter(enrolment=enrolment).first(),
            "result_form": forms.get("result_form") or ResultForm(),
            "exit_form": forms.get("exit_form") or ExitForm(),
            "breadcrumbs": _crumbs(
                sheet, request.user, (enrolment.participant.short_pseudonym, None)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def session_add(request, contract: int, year: int, number: int):
    """A session typed by hand: date, duration, theme, and who was there (ticked)."""
    sheet = _sheet(request, contract, year, number)
    enrolments = list(
        Enrolment.objects.filter(
            sheet=sheet, participant__in=Participant.objects.for_user(request.user).identified()
        )
        .select_related("participant")
        .order_by("participant__family_name", "participant__first_names", "pk")
    )
    people = [
        (e.participant_id, f"{e.participant.family_name.upper()} {e.participant.first_names}")
        for e in enrolments
    ]
    form = SessionForm(request.POST or None, people=people)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_record(
                sheet=sheet,
                actor=request.user,
                date=data["date"],
                duration=data["duration"],
                theme=data["theme"],
                present=set(data["present"]),
            )
        except ValidationError as refused:
            form.apply_errors(refused)
        else:
            messages.success(
                request,
                f"{session} enregistrée : {len(data['present'])} présent"
                f"{'s' if len(data['present']) > 1 else ''} sur {len(people)} inscrits.",
            )
            return redirect(register_url(sheet))
    services.identity_views_log(
        viewer=request.user, participants=[e.participant for e in enrolments], what="séance"
    )
    return render(
        request,
        "participants/session.html",
        {
            "sheet": sheet,
            "contract": sheet.contract,
            "form": form,
            "people": people,
            "breadcrumbs": _crumbs(sheet, request.user, ("Saisir une séance", None)),
        },
    )


@require_GET
def participant(request, contract: int, year: int, number: int, participant: int):
    sheet = _sheet(request, contract, year, number)
    return _detail(request, sheet, _enrolment(request, sheet, participant))


def _detail_url(enrolment) -> str:
    sheet = enrolment.sheet
    return reverse(
        "participants:participant",
        args=[sheet.contract_id, sheet.year, sheet.number, enrolment.participant_id],
    )


def _person_write(request, contract, year, number, participant, *, form_class, write, done):
    """A form posted on a person's page: written, or the page again with its errors."""
    sheet = _sheet(request, contract, year, number)
    enrolment = _enrolment(request, sheet, participant)
    form = form_class(request.POST)
    if not form.is_valid():
        key = "result_form" if form_class is ResultForm else "exit_form"
        return _detail(request, sheet, enrolment, **{key: form})
    write(enrolment=enrolment, actor=request.user, **form.cleaned_data)
    messages.success(request, done)
    return redirect(_detail_url(enrolment))


@require_POST
def result_add(request, contract: int, year: int, number: int, participant: int):
    return _person_write(
        request,
        contract,
        year,
        number,
        participant,
        form_class=ResultForm,
        write=services.result_add,
        done="Résultat enregistré.",
    )


@require_POST
def exit_record(request, contract: int, year: int, number: int, participant: int):
    return _person_write(
        request,
        contract,
        year,
        number,
        participant,
        form_class=ExitForm,
        write=services.exit_record,
        done="Sortie enregistrée.",
    )


@require_GET
def export(request, contract: int, year: int, number: int, participant: int):
    """Right of access: everything about one person, as a JSON file."""
    sheet = _sheet(request, contract, year, number)
    enrolment = _enrolment(request, sheet, participant)
    data = services.participant_export(participant=enrolment.participant, actor=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = f"participant-{enrolment.participant.short_pseudonym}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def erase(request, contract: int, year: int, number: int, participant: int):
    """Erasure on request: a confirmation page, then everything about the person goes."""
    sheet = _sheet(request, contract, year, number)
    enrolment = _enrolment(request, sheet, participant)
    if request.method == "POST":
        services.participant_erase(participant=enrolment.participant, actor=request.user)
        messages.success(request, "La personne et tout ce qui la concerne ont été effacés.")
        return redirect(register_url(sheet))
    services.identity_views_log(
        viewer=request.user, participants=[enrolment.participant], what="effacement"
    )
    return render(
        request,
        "participants/erase.html",
        {
            "sheet": sheet,
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "breadcrumbs": _crumbs(sheet, request.user, ("Effacement", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def upload(request, contract: int, year: int, number: int):
    sheet = _sheet(request, contract, year, number)
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            check_size(file.size)
            data = file.read()
            headers(file.name, data)
        except SheetError as refused:
            form.add_error("file", str(refused))
        else:
            pending = AttendanceUpload.objects.create(
                sheet=sheet, uploaded_by=request.user, filename=file.name[:255], data=data
            )
            return redirect(_mapping_url(sheet, pending))
    return render(
        request,
        "participants/upload.html",
        {
            "sheet": sheet,
            "form": form,
            "breadcrumbs": _crumbs(sheet, request.user, ("Importer des présences", None)),
        },
    )


def _mapping_url(sheet, pending) -> str:
    return reverse(
        "participants:mapping", args=[sheet.contract_id, sheet.year, sheet.number, pending.pk]
    )


def _pending(request, sheet, upload: int) -> AttendanceUpload:
    return get_object_or_404(AttendanceUpload, pk=upload, sheet=sheet, uploaded_by=request.user)


def _mapping_page(request, sheet, pending, form, preview=None, error=""):
    return render(
        request,
        "participants/mapping.html",
        {
            "sheet": sheet,
            "pending": pending,
            "form": form,
            "preview": preview,
            "error": error,
            "breadcrumbs": _crumbs(sheet, request.user, ("Importer des présences", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def mapping(request, contract: int, year: int, number: int, upload: int):
    """The column mapping, then the preview: every rejected row and why."""
    sheet = _sheet(request, contract, year, number)
    pending = _pending(request, sheet, upload)
    data = bytes(pending.data)
    try:
        columns = headers(pending.filename, data)
    except SheetError as refused:
        return _mapping_page(request, sheet, pending, None, error=str(refused))
    if request.method == "GET":
        form = MappingForm(columns=columns, initial=guess_mapping(columns))
        return _mapping_page(request, sheet, pending, form)
    form = MappingForm(request.POST, columns=columns)
    if not form.is_valid():
        return _mapping_page(request, sheet, pending, form)
    try:
        preview = attendance_preview(
            sheet=sheet, name=pending.filename, data=data, mapping=form.mapping()
        )
    except SheetError as refused:
        return _mapping_page(request, sheet, pending, form, error=str(refused))
    return _mapping_page(request, sheet, pending, form, preview)


@require_POST
def confirm(request, contract: int, year: int, number: int, upload: int):
    sheet = _sheet(request, contract, year, number)
    pending = _pending(request, sheet, upload)
    data = bytes(pending.data)
    try:
        form = MappingForm(request.POST, columns=headers(pending.filename, data))
        if not form.is_valid():
            return _mapping_page(request, sheet, pending, form)
        preview = attendance_import(
            sheet=sheet,
            actor=request.user,
            name=pending.filename,
            data=data,
            mapping=form.mapping(),
        )
    except SheetError as refused:
        return _mapping_page(request, sheet, pending, None, error=str(refused))
    except ImportRefused as refused:
        return _mapping_page(request, sheet, pending, form, refused.preview)
    pending.delete()
    messages.success(
        request,
        f"{preview.accepted} ligne{'s' if preview.accepted > 1 else ''} importée"
        f"{'s' if preview.accepted > 1 else ''} ({preview.people} personnes, "
        f"{preview.sessions} séances).",
    )
    return redirect(register_url(sheet))


@require_GET
def contract_counts(request, contract: int):
    """Unique people across the contract's sheets of a year: no name, small cells hidden."""
    found = get_contract(request, contract)
    year = get_year(request, found)
    counts = contract_unique_counts(found, year)
    rows = [(LABELS[k], suppressed(counts[k])) for k in LABELS if k in counts]
    return render(
        request,
        "participants/contract_counts.html",
        {
            "contract": found,
            "year": year,
            "rows": rows,
            "enrolments": suppressed(counts["enrolments"]),
            "years": found.years,
            "breadcrumbs": [*contract_crumbs(found, year), ("Personnes accompagnées", None)],
        },
    )
