"""A document read in the browser, previewed, corrected, then imported (docs/adr/0008).

Nothing of the contract is written before the confirmation. The preview's list of changes
and its refusals come from a dry run: the import itself, applied inside a transaction that is
rolled back, so the preview says exactly what the confirmation will do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ctai.accounts.models import Membership
from ctai.checks.engine import run_checks
from ctai.checks.findings import Finding
from ctai.checks.services import refresh_findings
from ctai.contracts.models import Contract
from ctai.core.roles import Role
from ctai.documents.corrections import apply_correction, apply_sheet_text
from ctai.documents.models import PendingImport
from ctai.documents.services import (
    DocumentImportError,
    ImportReport,
    check_format,
    document_import,
    find_existing,
)
from ctai.programmation.guards import ReasonRequired

ALREADY_DONE = "Cet import a déjà été confirmé ou annulé : rien n'a été enregistré de plus."
COORDINATOR_MISSING = (
    "Organisation coordinatrice à compléter : elle devient la coordination du nouveau contrat."
)
DRY_RUN_REASON = "aperçu avant import"


@dataclass
class Preview:
    """What confirming would do: the changes (new version), the refusals, the findings."""

    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    needs_reason: bool = False
    findings: list[Finding] = field(default_factory=list)


def _period(document: dict[str, Any]) -> str:
    doc = document["contract"]
    return (
        f"« {doc.get('territory') or 'territoire non lu'} », {doc.get('start')} au {doc.get('end')}"
    )


def identity_errors(document: dict[str, Any], contract: Contract | None) -> list[str]:
    """A new contract must not exist yet; a new version must be of ``contract`` (ADR 0002:
    a contract is its territory and period)."""
    try:
        check_format(document)
    except DocumentImportError as error:
        return error.errors
    existing = find_existing(document)
    if contract is None and existing is not None:
        return [
            f"Ce contrat existe déjà ({_period(document)}, n° {existing.pk}) : sa coordination "
            "en importe une nouvelle version depuis son tableau de bord."
        ]
    if contract is not None and (existing is None or existing.pk != contract.pk):
        return [
            f"Ce document est celui d'un autre contrat ({_period(document)}) : le territoire "
            "et la période doivent être ceux de ce contrat."
        ]
    return []


def pending_create(
    *,
    user,
    document: dict[str, Any],
    filename: str,
    sha256: str,
    contract: Contract | None = None,
) -> PendingImport:
    """Keep a read document for its preview; purge the expired ones meanwhile."""
    PendingImport.objects.expired().delete()
    doc = document.get("contract")
    if contract is not None and isinstance(doc, dict) and not doc.get("coordinator"):
        # A new version without its coordinator keeps the contract's (and its members).
        doc["coordinator"] = contract.coordinator.name if contract.coordinator else None
    return PendingImport.objects.create(
        user=user, contract=contract, filename=filename[:500], sha256=sha256, document=document
    )


def pending_correct(*, pending: PendingImport, values: dict[int, tuple[Decimal | str, str]]):
    """Apply the typed values (review item index → (value, as typed)) to the pending document."""
    for index, (value, typed) in values.items():
        apply_correction(pending.document, index, value, typed)
        pending.corrections[str(index)] = typed
    pending.save(update_fields=["document", "corrections"])


def pending_correct_sheets(*, pending: PendingImport, values: dict[tuple[int, str], str]) -> None:
    """Apply the titles and descriptions typed ((sheet index, "title"|"description") → text)."""
    for (index, key), value in values.items():
        apply_sheet_text(pending.document, index, key, value)
        pending.corrections[f"fiches.{index}.{key}"] = value
    pending.save(update_fields=["document", "corrections"])


def _import(pending: PendingImport, reason: str | None) -> ImportReport:
    return document_import(
        document=pending.document, filename=pending.filename, sha256=pending.sha256, reason=reason
    )


def pending_preview(pending: PendingImport) -> Preview:
    """The findings of the document as it stands, and a dry run of its import."""
    preview = Preview(findings=run_checks(pending.document))
    preview.errors = identity_errors(pending.document, pending.contract)
    if preview.errors:
        return preview
    with transaction.atomic():
        try:
            try:
                report = _import(pending, None)
            except ReasonRequired:
                preview.needs_reason = True
                report = _import(pending, DRY_RUN_REASON)
            preview.changes = report.changes
        except DocumentImportError as error:
            preview.errors = error.errors
        except ValidationError as error:
            preview.errors = list(error.messages)
        transaction.set_rollback(True)
    return preview


def pending_confirm(*, pending: PendingImport, user, reason: str = "") -> ImportReport:
    """Import the pending document in one transaction: the contract, its findings, and for a
    new contract the uploader's coordinator membership; the pending import is then deleted.

    Raises ``DocumentImportError`` (or ``ReasonRequired``) with nothing written."""
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            raise DocumentImportError([ALREADY_DONE])
        errors = identity_errors(locked.document, locked.contract)
        if locked.contract is None and not locked.document["contract"].get("coordinator"):
            errors.append(COORDINATOR_MISSING)
        if errors:
            raise DocumentImportError(errors)
        report = _import(locked, reason or None)
        if report.created:
            contract = report.contract
            membership = Membership(
                user=user,
                organisation=contract.coordinator,
                contract=contract,
                role=Role.COORDINATOR,
            )
            membership.full_clean()
            membership.save()
        if not report.unchanged:
            refresh_findings(contract=report.contract)
        locked.delete()
    return report
