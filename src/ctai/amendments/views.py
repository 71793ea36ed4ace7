"""Amendment pages: list, draft, lines (current → new), comments, signature, annex, versions.

Whole-contract readers (coordination, State, COPIL) see every amendment; an operator member
only the amendments with a line about one of their organisation's sheets, and only those
lines. Only the coordination writes; the State comments.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.amendments import forms, services
from ctai.amendments.annex import annex_docx, annex_pdf
from ctai.amendments.enums import ChangeKind
from ctai.amendments.models import Amendment, AmendmentChange, ContractVersion
from ctai.amendments.services import Target
from ctai.amendments.values import find_sheet, shown, where
from ctai.amendments.versions import difference, ensure_initial_version
from ctai.contracts.views.scope import contract_crumbs, get_contract
from ctai.core.money import amount_to_str
from ctai.core.roles import Role

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_amendment(request, contract: int, amendment: int, *, edit=False, whole=False):
    """An amendment the user may read (404 otherwise); ``whole``: whole-contract readers only
    (an operator gets 404); ``edit``: the coordination only (403 for the other readers)."""
    queryset = Amendment.objects.for_user(request.user).select_related("contract")
    found = get_object_or_404(queryset, contract_id=contract, pk=amendment)
    if whole and not permissions.can_view_whole_contract(request.user, found.contract):
        raise Http404
    if edit and not permissions.is_coordinator(request.user, found.contract):
        raise PermissionDenied
    return found


def _url(amendment: Amendment, anchor: str = "") -> str:
    url = reverse("amendments:detail", args=[amendment.contract_id, amendment.pk])
    return f"{url}#{anchor}" if anchor else url


def _crumbs(contract, *more):
    return [
        *contract_crumbs(contract),
        ("Avenants", reverse("amendments:list", args=[contract.pk])),
        *more,
    ]


def _refused(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_GET
def amendment_list(request, contract: int):
    found = get_contract(request, contract)
    ensure_initial_version(found)
    return render(
        request,
        "amendments/list.html",
        {
            "contract": found,
            "amendments": Amendment.objects.filter(contract=found),
            "versions": ContractVersion.objects.filter(contract=found).defer("document"),
            "can_edit": permissions.is_coordinator(request.user, found),
            "breadcrumbs": [*contract_crumbs(found), ("Avenants", None)],
        },
    )


@require_http_methods(["GET", "POST"])
def amendment_new(request, contract: int):
    found = get_contract(request, contract, edit=True)
    form = forms.AmendmentForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            amendment = services.amendment_create(
                contract=found,
                actor=request.user,
                title=form.cleaned_data["title"],
                origin=form.cleaned_data["origin"],
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Avenant n° {amendment.number} créé en préparation.")
            return redirect(_url(amendment))
    return render(
        request,
        "amendments/form.html",
        {
            "contract": found,
            "form": form,
            "heading": "Préparer un avenant",
            "cancel": reverse("amendments:list", args=[found.pk]),
            "breadcrumbs": _crumbs(found, ("Nouvel avenant", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def amendment_edit(request, contract: int, amendment: int):
    found = get_amendment(request, contract, amendment, edit=True)
    initial = {"title": found.title, "origin": found.origin}
    form = forms.AmendmentForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.amendment_update(
                amendment=found,
                actor=request.user,
                title=form.cleaned_data["title"],
                origin=form.cleaned_data["origin"],
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, "Avenant enregistré.")
            return redirect(_url(found))
    return render(
        request,
        "amendments/form.html",
        {
            "contract": found.contract,
            "form": form,
            "heading": f"Modifier l'avenant n° {found.number}",
            "cancel": _url(found),
            "breadcrumbs": _crumbs(found.contract, (found.label, _url(found)), ("Modifier", None)),
        },
    )


def _detail(request, amendment: Amendment, *, comment_form=None, status=200):
    contract = amendment.contract
    whole = permissions.can_view_whole_contract(request.user, contract)
    lines = AmendmentChange.objects.for_user(request.user).filter(amendment=amendment)
    roles = permissions.roles_on(request.user, contract)
    can_comment = bool(roles & {Role.COORDINATOR, Role.STATE_REVIEWER}) and amendment.is_draft
    return render(
        request,
        "amendments/detail.html",
        {
            "contract": contract,
            "amendment": amendment,
            "lines": [
                {
                    "change": c,
                    "where": where(c),
                    "before": shown(c, c.before),
                    "after": shown(c, c.after),
                }
                for c in lines
            ],
            "whole": whole,
            "can_edit": permissions.is_coordinator(request.user, contract) and amendment.is_draft,
            "can_comment": can_comment,
            "comments": amendment.comments.select_related("author") if whole else [],
            "comment_form": comment_form or forms.CommentForm(),
            "conflicts": services.conflicts(amendment) if amendment.is_draft and whole else [],
            "kinds": KINDS,
            "version": ContractVersion.objects.filter(amendment=amendment).first(),
            "breadcrumbs": _crumbs(contract, (amendment.label, None))
            if whole
            else [("Contrats", reverse("contracts:list")), (amendment.label, None)],
        },
        status=status,
    )


@require_GET
def amendment_detail(request, contract: int, amendment: int):
    return _detail(request, get_amendment(request, contract, amendment))


@require_POST
def comment(request, contract: int, amendment: int):
    found = get_amendment(request, contract, amendment)
    roles = permissions.roles_on(request.user, found.contract)
    if not roles & {Role.COORDINATOR, Role.STATE_REVIEWER}:
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                amendment=found, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, "Commentaire ajouté.")
            return redirect(_url(found, "commentaires"))
    return _detail(request, found, comment_form=form)


# -- lines: current → new ------------------------------------------------------------------------

KINDS = {
    "enveloppes": "Enveloppes annuelles de l'État",
    "axes": "Montants déclarés des axes",
    "budget": "Budget d'une fiche",
    "cibles": "Valeurs cibles d'une fiche",
    "ajout": "Ajouter une fiche",
    "retrait": "Retirer une fiche",
}


def _chosen_sheet(request, contract):
    """The sheet ``?fiche=2027-4`` of a budget or targets form, or a form to choose it."""
    chooser = forms.SheetChoiceForm(
        request.GET if "fiche" in request.GET else None, contract=contract
    )
    if chooser.is_bound and chooser.is_valid():
        year, number = chooser.chosen()
        return find_sheet(contract, year, number), chooser
    return None, chooser


def _save_rows(amendment, actor, form: forms.ChangesForm) -> int:
    """Every row given a value, in one transaction: all lines written, or none."""
    written = 0
    with transaction.atomic():
        for row, value in form.wanted():
            drafted = form.drafted.get(row.key)
            if value == row.stored:
                if drafted is not None:
                    services.change_remove(change=drafted, actor=actor)
                continue
            services.change_set(amendment=amendment, actor=actor, target=row.target, after=value)
            written += 1
    return written


def _rows_form(request, found, what, sheet):
    builders = {
        "enveloppes": lambda: forms.envelope_rows(found.contract),
        "axes": lambda: forms.axis_rows(found.contract),
        "budget": lambda: forms.budget_rows(sheet),
        "cibles": lambda: forms.target_rows(sheet),
    }
    return forms.ChangesForm(request.POST or None, rows=builders[what](), amendment=found)


def _single(request, found, what, form):
    """The "add a sheet" and "withdraw a sheet" forms: one line each."""
    data = form.cleaned_data
    if what == "ajout":
        services.change_set(
            amendment=found,
            actor=request.user,
            target=Target(
                ChangeKind.SHEET_ADDED,
                year=data["year"],
                sheet_number=data["number"],
                axis_number=data["axis"],
            ),
            after=data["title"].strip(),
            details={
                "operator": data["operator"].strip(),
                "p104_subsidy": amount_to_str(data["p104_subsidy"]) or "",
            },
        )
        return
    year, number = form.chosen()
    services.change_set(
        amendment=found,
        actor=request.user,
        target=Target(ChangeKind.SHEET_WITHDRAWN, year=year, sheet_number=number),
        after="",
    )


@require_http_methods(["GET", "POST"])
def change_edit(request, contract: int, amendment: int, what: str):
    found = get_amendment(request, contract, amendment, edit=True)
    if what not in KINDS:
        raise Http404("Nature de modification inconnue.")
    if not found.is_draft:
        messages.error(request, "Cet avenant est signé : il ne peut plus être modifié.")
        return redirect(_url(found))
    sheet, chooser = None, None
    if what in ("budget", "cibles"):
        sheet, chooser = _chosen_sheet(request, found.contract)
    if what in ("enveloppes", "axes") or sheet is not None:
        form = _rows_form(request, found, what, sheet)
    elif what == "ajout":
        form = forms.SheetAddForm(request.POST or None, contract=found.contract)
    elif what == "retrait":
        form = forms.SheetChoiceForm(
            request.POST or None, contract=found.contract, label="Fiche à retirer"
        )
    else:
        form = None
    if form is not None and form.is_bound and form.is_valid():
        try:
            if isinstance(form, forms.ChangesForm):
                _save_rows(found, request.user, form)
            else:
                _single(request, found, what, form)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                "Lignes de l'avenant enregistrées : le contrat ne change qu'à la signature.",
            )
            return redirect(_url(found, "modifications"))
    return render(
        request,
        "amendments/changes.html",
        {
            "contract": found.contract,
            "amendment": found,
            "heading": KINDS[what],
            "what": what,
            "form": form,
            "chooser": chooser,
            "sheet": sheet,
            "breadcrumbs": _crumbs(found.contract, (found.label, _url(found)), (KINDS[what], None)),
        },
    )


@require_POST
def change_delete(request, contract: int, amendment: int, change: int):
    found = get_amendment(request, contract, amendment, edit=True)
    line = get_object_or_404(found.changes.all(), pk=change)
    try:
        services.change_remove(change=line, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Ligne retirée de l'avenant : {where(line)}.")
    return redirect(_url(found, "modifications"))


@require_http_methods(["GET", "POST"])
def sign(request, contract: int, amendment: int):
    found = get_amendment(request, contract, amendment, edit=True)
    form = forms.SignForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        try:
            services.amendment_sign(
                amendment=found,
                actor=request.user,
                signed_on=form.cleaned_data["signed_on"],
                signatories=form.cleaned_data["signatories"],
                signed_file=form.cleaned_data["signed_file"],
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"Avenant n° {found.number} signé et appliqué : le contrat est modifié "
                f"(version « après avenant n° {found.number} »).",
            )
            return redirect(_url(found))
    return render(
        request,
        "amendments/sign.html",
        {
            "contract": found.contract,
            "amendment": found,
            "form": form,
            "conflicts": services.conflicts(found) if found.is_draft else [],
            "breadcrumbs": _crumbs(
                found.contract, (found.label, _url(found)), ("Enregistrer la signature", None)
            ),
        },
        status=200,
    )


@require_GET
def annex(request, contract: int, amendment: int, extension: str):
    found = get_amendment(request, contract, amendment, whole=True)
    name = f"annexe-avenant-{found.number}-{found.contract.territory}.{extension}"
    if extension == "pdf":
        response = HttpResponse(annex_pdf(found), content_type="application/pdf")
    else:
        response = HttpResponse(annex_docx(found), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def signed_file(request, contract: int, amendment: int):
    found = get_amendment(request, contract, amendment, whole=True)
    if not found.signed_file:
        raise Http404("Cet avenant n'est pas encore signé.")
    response = FileResponse(
        found.signed_file.open("rb"),
        as_attachment=True,
        filename=found.signed_file_name or f"avenant-{found.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _version(versions, parameter: str, default):
    chosen = parameter.strip()
    if not chosen:
        return default
    if not chosen.isdigit():
        raise Http404("Version inconnue.")
    found = next((v for v in versions if v.number == int(chosen)), None)
    if found is None:
        raise Http404("Version inconnue.")
    return found


@require_GET
def versions(request, contract: int):
    found = get_contract(request, contract)
    ensure_initial_version(found)
    stored = list(ContractVersion.objects.filter(contract=found))
    effect = _version(stored, request.GET.get("avenant", ""), None)
    if effect is not None and effect.document_before is not None:
        # One amendment's own effect: the contract just before it was applied → after.
        old = ContractVersion(number=effect.number - 1, label=f"Avant avenant n° {effect.number}")
        new = effect
        rows = difference(effect.document_before, effect.document)
    else:
        old = _version(stored, request.GET.get("de", ""), stored[0])
        new = _version(stored, request.GET.get("a", ""), stored[-1])
        rows = difference(old.document, new.document)
    sections: dict[str, list] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    return render(
        request,
        "amendments/versions.html",
        {
            "contract": found,
            "versions": stored,
            "old": old,
            "new": new,
            "sections": sections,
            "breadcrumbs": _crumbs(found, ("Versions du contrat", None)),
        },
    )
