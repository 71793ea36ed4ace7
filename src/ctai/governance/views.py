"""The steering committees' pages: calendar and list, planning, minutes, decisions, the pack.

Coordinator, State reviewers and COPIL members read (``get_contract``: operators get a 404);
only the coordination writes (403 for the others)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.contracts.views.scope import contract_crumbs, get_contract, report_delta
from ctai.files.models import FileKind
from ctai.files.views import file_response
from ctai.governance import services
from ctai.governance.enums import MeetingStatus
from ctai.governance.errors import GovernanceError
from ctai.governance.forms import DecisionForm, MeetingForm, MinutesForm
from ctai.governance.models import Decision, Meeting
from ctai.governance.pack import FORMATS
from ctai.governance.rules import expected_meetings

TRANSITIONS = {
    "tenir": ("hold", "Comité enregistré comme tenu."),
    "approuver": ("approve", "Compte rendu enregistré comme approuvé."),
}


def _meeting(request, contract: int, meeting: int, *, edit: bool = False) -> Meeting:
    found = get_contract(request, contract, edit=edit)
    queryset = Meeting.objects.for_user(request.user).select_related("contract")
    meeting = get_object_or_404(queryset, contract=found, pk=meeting)
    meeting.contract = found
    return meeting


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("governance:meeting", args=[meeting.contract_id, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _crumbs(contract, *more):
    return [
        *contract_crumbs(contract),
        ("Comités de pilotage", reverse("governance:meetings", args=[contract.pk])),
        *more,
    ]


def calendar_rows(contract, meetings: list[Meeting]) -> list[dict]:
    """Per year of the contract: the June and December meetings the contract asks for (with
    what was planned or held) and the extraordinary ones."""
    expected = {(e.year, e.kind): e for e in expected_meetings(contract.start, contract.end)}
    rows = []
    for year in contract.years:
        cells = {}
        for kind in ("june", "december"):
            slot = expected.get((year, kind))
            cells[kind] = {
                "expected": slot is not None,
                "meetings": [m for m in meetings if slot and slot.counts(m)],
            }
        rows.append(
            {
                "year": year,
                "june": cells["june"],
                "december": cells["december"],
                "other": [m for m in meetings if m.kind == "extraordinary" and m.date.year == year],
            }
        )
    return rows


@require_GET
def meeting_list(request, contract: int):
    contract = get_contract(request, contract)
    today = timezone.localdate()
    meetings = list(Meeting.objects.filter(contract=contract).order_by("date", "pk"))
    return render(
        request,
        "governance/meetings.html",
        {
            "contract": contract,
            "upcoming": [m for m in meetings if m.date >= today],
            "past": [m for m in reversed(meetings) if m.date < today],
            "calendar": calendar_rows(contract, meetings),
            "can_edit": permissions.can_edit_programmation(request.user, contract),
            "breadcrumbs": [*contract_crumbs(contract), ("Comités de pilotage", None)],
        },
    )


def _meeting_form_page(request, contract, form, meeting=None, status=200):
    heading = "Planifier un comité de pilotage" if meeting is None else f"Modifier : {meeting}"
    return render(
        request,
        "governance/meeting_form.html",
        {
            "contract": contract,
            "meeting": meeting,
            "form": form,
            "heading": heading,
            "breadcrumbs": _crumbs(contract, (heading, None)),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def meeting_new(request, contract: int):
    contract = get_contract(request, contract, edit=True)
    if request.method == "GET":
        return _meeting_form_page(request, contract, MeetingForm(contract=contract))
    form = MeetingForm(request.POST, contract=contract)
    if form.is_valid():
        try:
            meeting, delta = services.meeting_save(
                contract=contract, data=form.inputs(), actor=request.user
            )
        except GovernanceError as refused:
            form.add_governance_error(refused)
        else:
            messages.success(request, f"{meeting} planifié.")
            report_delta(request, delta)
            return redirect(meeting_url(meeting))
    return _meeting_form_page(request, contract, form)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, contract: int, meeting: int):
    meeting = _meeting(request, contract, meeting, edit=True)
    contract = meeting.contract
    if request.method == "GET":
        return _meeting_form_page(
            request, contract, MeetingForm(contract=contract, meeting=meeting), meeting
        )
    form = MeetingForm(request.POST, contract=contract, meeting=meeting)
    if form.is_valid():
        try:
            _, delta = services.meeting_save(
                contract=contract, data=form.inputs(), actor=request.user, meeting=meeting
            )
        except GovernanceError as refused:
            form.add_governance_error(refused)
        else:
            messages.success(request, "Comité modifié.")
            report_delta(request, delta)
            return redirect(meeting_url(meeting))
    return _meeting_form_page(request, contract, form, meeting)


@require_GET
def meeting_detail(request, contract: int, meeting: int):
    meeting = _meeting(request, contract, meeting)
    decisions = list(
        meeting.decisions.prefetch_related("sheets")
        .select_related("meeting", "amendment")
        .order_by("pk")
    )
    return render(
        request,
        "governance/meeting.html",
        {
            "contract": meeting.contract,
            "meeting": meeting,
            "participants": list(meeting.participants.all()),
            "decisions": decisions,
            "formats": FORMATS,
            "can_edit": permissions.can_edit_programmation(request.user, meeting.contract),
            "breadcrumbs": _crumbs(meeting.contract, (meeting.title, None)),
        },
    )


@require_POST
def meeting_transition(request, contract: int, meeting: int, transition: str):
    meeting = _meeting(request, contract, meeting, edit=True)
    if transition not in TRANSITIONS:
        raise Http404
    name, done = TRANSITIONS[transition]
    try:
        delta = services.meeting_transition(meeting=meeting, transition=name, actor=request.user)
    except GovernanceError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
        report_delta(request, delta)
    return redirect(meeting_url(meeting))


@require_http_methods(["GET", "POST"])
def minutes_edit(request, contract: int, meeting: int):
    meeting = _meeting(request, contract, meeting, edit=True)
    form = (
        MinutesForm(request.POST, request.FILES, meeting=meeting)
        if request.method == "POST"
        else MinutesForm(meeting=meeting)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_save(
                meeting=meeting,
                actor=request.user,
                text=data["minutes"],
                present=set(data["present"]),
                upload=data["file"],
                remove_file=data.get("remove_file", False),
            )
        except GovernanceError as refused:
            form.add_governance_error(refused)
        else:
            messages.success(request, "Compte rendu et présences enregistrés.")
            return redirect(meeting_url(meeting, "compte-rendu"))
    heading = "Compte rendu et présences"
    return render(
        request,
        "governance/minutes_form.html",
        {
            "contract": meeting.contract,
            "meeting": meeting,
            "form": form,
            "heading": heading,
            "breadcrumbs": _crumbs(
                meeting.contract, (meeting.title, meeting_url(meeting)), (heading, None)
            ),
        },
    )


@require_GET
def minutes_file(request, contract: int, meeting: int):
    meeting = _meeting(request, contract, meeting)
    if not meeting.minutes_file:
        raise Http404
    response = FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=meeting.minutes_file_name or "compte-rendu",
        content_type=meeting.minutes_file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def pack(request, contract: int, meeting: int, format: str):
    meeting = _meeting(request, contract, meeting)
    if format not in FORMATS:
        raise Http404
    # A pack of a large year is prepared in the task queue, as the evaluation (ctai.files).
    params = {"meeting": meeting.pk, "format": format}
    return file_response(
        request,
        contract=meeting.contract,
        kind=FileKind.COPIL_PACK,
        params=params,
        year=meeting.years[0],
    )


def _decision_page(request, meeting, form, decision=None):
    heading = "Enregistrer une décision" if decision is None else "Modifier la décision"
    return render(
        request,
        "governance/decision_form.html",
        {
            "contract": meeting.contract,
            "meeting": meeting,
            "decision": decision,
            "form": form,
            "heading": heading,
            "breadcrumbs": _crumbs(
                meeting.contract, (meeting.title, meeting_url(meeting)), (heading, None)
            ),
        },
    )


def _decision_post(request, meeting, decision=None):
    form = DecisionForm(request.POST, meeting=meeting, decision=decision)
    if form.is_valid():
        try:
            services.decision_save(
                meeting=meeting, data=form.inputs(), actor=request.user, decision=decision
            )
        except GovernanceError as refused:
            form.add_governance_error(refused)
        else:
            messages.success(request, "Décision enregistrée.")
            return redirect(meeting_url(meeting, "decisions"))
    return _decision_page(request, meeting, form, decision)


@require_http_methods(["GET", "POST"])
def decision_add(request, contract: int, meeting: int):
    meeting = _meeting(request, contract, meeting, edit=True)
    if request.method == "POST":
        return _decision_post(request, meeting)
    return _decision_page(request, meeting, DecisionForm(meeting=meeting))


@require_http_methods(["GET", "POST"])
def decision_edit(request, contract: int, meeting: int, decision: int):
    meeting = _meeting(request, contract, meeting, edit=True)
    found = get_object_or_404(
        Decision.objects.prefetch_related("sheets"), meeting=meeting, pk=decision
    )
    if request.method == "POST":
        return _decision_post(request, meeting, found)
    return _decision_page(request, meeting, DecisionForm(meeting=meeting, decision=found), found)


@require_http_methods(["GET", "POST"])
def decision_delete(request, contract: int, meeting: int, decision: int):
    """Delete a decision recorded by mistake (coordination only, while the minutes are not
    approved): GET asks for confirmation, POST deletes once the box is ticked."""
    meeting = _meeting(request, contract, meeting, edit=True)
    found = get_object_or_404(
        Decision.objects.prefetch_related("sheets").select_related("amendment"),
        meeting=meeting,
        pk=decision,
    )
    found.meeting = meeting
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("confirm") != "oui":
            errors.append("Cochez la case pour confirmer la suppression : rien n'a été supprimé.")
        else:
            try:
                services.decision_delete(decision=found, actor=request.user)
            except GovernanceError as refused:
                errors.extend(refused.messages)
            else:
                messages.success(request, "Décision supprimée.")
                return redirect(meeting_url(meeting, "decisions"))
    heading = "Supprimer la décision"
    return render(
        request,
        "governance/decision_delete.html",
        {
            "contract": meeting.contract,
            "meeting": meeting,
            "decision": found,
            "errors": errors,
            "approved": meeting.status == MeetingStatus.MINUTES_APPROVED,
            "heading": heading,
            "breadcrumbs": _crumbs(
                meeting.contract, (meeting.title, meeting_url(meeting)), (heading, None)
            ),
        },
    )


@require_POST
def decision_amendment(request, contract: int, meeting: int, decision: int):
    """Prepare (or open) the amendment that carries a decision out: coordination only."""
    meeting = _meeting(request, contract, meeting, edit=True)
    found = get_object_or_404(meeting.decisions.select_related("meeting"), pk=decision)
    found.meeting = meeting
    try:
        amendment = services.decision_amendment(decision=found, actor=request.user)
    except GovernanceError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect(meeting_url(meeting, "decisions"))
    messages.success(
        request,
        f"Avenant n° {amendment.number} en préparation : ajoutez-y les montants et cibles "
        "que la décision change.",
    )
    return redirect("amendments:detail", meeting.contract_id, amendment.pk)
