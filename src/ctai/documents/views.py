"""Importing a contract in the browser: upload, preview, corrections, confirmation
(docs/adr/0008). Nothing of the contract is written before the confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.contracts.views.scope import contract_crumbs, get_contract
from ctai.documents.corrections import correctable, sheet_texts
from ctai.documents.forms import (
    AxisFormSet,
    BlankContractForm,
    ConfirmForm,
    CorrectionForm,
    SheetTextForm,
    UploadForm,
    blank_from_forms,
)
from ctai.documents.loading import MAX_BYTES
from ctai.documents.models import PendingImport
from ctai.documents.pending import (
    pending_confirm,
    pending_correct,
    pending_correct_sheets,
    pending_create,
    pending_preview,
)
from ctai.documents.presentation import preview_context
from ctai.documents.services import DocumentImportError
from ctai.documents.upload_limit import TOO_LARGE, limit_upload
from ctai.programmation.guards import ReasonRequired

LIST_CRUMB = ("Contrats", "/contrats/")


def _require_admin(request) -> None:
    if not permissions.can_create_contract(request.user):
        raise PermissionDenied


def _upload(request, *, contract, template_context):
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=getattr(request, TOO_LARGE, False),
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = pending_create(
            user=request.user,
            document=form.document,
            filename=upload.name or "document",
            sha256=form.sha256,
            contract=contract,
        )
        return redirect("documents:preview", pending=pending.pk)
    return render(request, "documents/upload.html", {"form": form, **template_context})


@limit_upload(MAX_BYTES)
@require_http_methods(["GET", "POST"])
def new_contract(request):
    """A platform admin creates a contract from its document."""
    _require_admin(request)
    crumbs = [LIST_CRUMB, ("Nouveau contrat", "")]
    return _upload(
        request,
        contract=None,
        template_context={"contract": None, "breadcrumbs": crumbs},
    )


@limit_upload(MAX_BYTES)
@require_http_methods(["GET", "POST"])
def new_version(request, contract: int):
    """The coordinator imports a new version of their contract's document."""
    found = get_contract(request, contract)
    if not permissions.can_import_version(request.user, found):
        raise PermissionDenied
    crumbs = [*contract_crumbs(found), ("Importer une nouvelle version", "")]
    return _upload(
        request, contract=found, template_context={"contract": found, "breadcrumbs": crumbs}
    )


@require_http_methods(["GET", "POST"])
def blank_contract(request):
    """A platform admin starts a contract without a document: the short form."""
    _require_admin(request)
    data = request.POST if request.method == "POST" else None
    form, axes = BlankContractForm(data), AxisFormSet(data, prefix="axes")
    if data is not None and form.is_valid() and axes.is_valid():
        document, sha256 = blank_from_forms(form, axes)
        pending = pending_create(
            user=request.user, document=document, filename="saisie du formulaire", sha256=sha256
        )
        return redirect("documents:preview", pending=pending.pk)
    crumbs = [LIST_CRUMB, ("Nouveau contrat sans document", "")]
    return render(
        request, "documents/blank.html", {"form": form, "axes": axes, "breadcrumbs": crumbs}
    )


def _pending(request, pending: int) -> PendingImport:
    """The user's own live pending import (404 otherwise), still allowed for its contract."""
    queryset = PendingImport.objects.for_user(request.user).select_related("contract")
    found = get_object_or_404(queryset, pk=pending)
    allowed = (
        permissions.can_create_contract(request.user)
        if found.contract is None
        else permissions.can_import_version(request.user, found.contract)
    )
    if not allowed:
        raise PermissionDenied
    return found


def _render_preview(
    request, pending, *, corrections=None, sheets=None, confirm=None, errors=(), status=200
):
    preview = pending_preview(pending)
    items = correctable(pending.document)
    context = preview_context(pending, preview, items)
    corrections = corrections or CorrectionForm(items=items)
    for item in context["review"]:
        item["bound"] = corrections[item["input"]] if item["input"] else None
    context.update(
        correction_form=corrections,
        sheet_form=sheets or SheetTextForm(sheets=sheet_texts(pending.document)),
        confirm_form=confirm or ConfirmForm(),
        confirm_errors=[error for error in errors if error not in preview.errors],
        breadcrumbs=[
            *(contract_crumbs(pending.contract) if pending.contract else [LIST_CRUMB]),
            ("Aperçu avant import", ""),
        ],
    )
    return render(request, "documents/preview.html", context, status=status)


@require_http_methods(["GET", "POST"])
def preview(request, pending: int):
    """The preview; a POST applies the corrections typed and shows the preview again."""
    found = _pending(request, pending)
    if request.method == "GET":
        return _render_preview(request, found)
    form = CorrectionForm(request.POST, items=correctable(found.document))
    if not form.is_valid():
        return _render_preview(request, found, corrections=form)
    values = form.changed_values()
    pending_correct(pending=found, values=values)
    if values:
        messages.success(
            request, f"{len(values)} correction(s) appliquée(s) : l'aperçu est à jour."
        )
    else:
        messages.info(request, "Aucune valeur modifiée.")
    return redirect("documents:preview", pending=found.pk)


@require_POST
def sheet_texts_correct(request, pending: int):
    """The titles and descriptions typed in the preview, applied to the pending document."""
    found = _pending(request, pending)
    form = SheetTextForm(request.POST, sheets=sheet_texts(found.document))
    if not form.is_valid():
        return _render_preview(request, found, sheets=form)
    values = form.changed_values()
    pending_correct_sheets(pending=found, values=values)
    if values:
        messages.success(
            request, f"{len(values)} texte(s) de fiche corrigé(s) : l'aperçu est à jour."
        )
    else:
        messages.info(request, "Aucun texte de fiche modifié.")
    return redirect("documents:preview", pending=found.pk)


@require_POST
def confirm(request, pending: int):
    found = _pending(request, pending)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _render_preview(request, found, confirm=form, status=400)
    try:
        report = pending_confirm(
            pending=found, user=request.user, reason=form.cleaned_data["motif"]
        )
    except ReasonRequired as error:
        form.add_error("motif", error.messages[0])
        return _render_preview(request, found, confirm=form, status=400)
    except DocumentImportError as error:
        return _render_preview(request, found, confirm=form, errors=error.errors, status=400)
    except ValidationError as error:
        return _render_preview(request, found, confirm=form, errors=error.messages, status=400)
    contract = report.contract
    if report.created:
        messages.success(
            request,
            f"Contrat créé : {contract.territory}, {contract.actions.count()} fiche(s) action. "
            "Vous en êtes la coordination.",
        )
    elif report.unchanged:
        messages.info(request, "Document identique au contrat enregistré : rien n'a changé.")
    else:
        messages.success(
            request, f"Nouvelle version importée : {len(report.changes)} changement(s)."
        )
    return redirect("contracts:dashboard", contract=contract.pk)


@require_POST
def cancel(request, pending: int):
    found = _pending(request, pending)
    target = (
        reverse("contracts:dashboard", args=[found.contract_id])
        if found.contract_id
        else reverse("contracts:list")
    )
    found.delete()
    messages.info(request, "Import annulé : rien n'a été enregistré.")
    return redirect(target)
