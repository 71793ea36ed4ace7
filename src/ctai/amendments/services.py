"""Drafting, commenting and signing amendments (avenants). Every write is one transaction and
audited (the amendment's tables are registered with ``ctai.audit.recorder``).

Before signature nothing of the contract changes: a draft only holds lines (current value →
new value). Recording the signature applies every line in one transaction, labelled
"Avenant n° X" in the history; a line whose current value changed since it was drafted
refuses the whole signature with a French message naming the sheet and the field. A signed
amendment is never applied again (the row is locked and its status checked).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from ctai.accounts import permissions
from ctai.amendments.enums import AmendmentStatus, ChangeKind
from ctai.amendments.models import Amendment, AmendmentChange, AmendmentComment
from ctai.amendments.values import Missing, current, find_sheet, sheet_budget, shown, where
from ctai.amendments.versions import document_of, ensure_initial_version, record_version
from ctai.audit.context import because
from ctai.budget.models import Budget
from ctai.checks.services import refresh_findings
from ctai.contracts.models import ActionSheet, AnnualEnvelope, Axis, Contract, Organisation
from ctai.core.money import quantize
from ctai.core.numbers import read_target
from ctai.core.roles import Role
from ctai.indicators.models import ActionIndicator
from ctai.programmation.guards import P104, recompute_carryover_fed, require_reason
from ctai.reporting.attachments import PDF, check_upload


def _require_coordinator(actor, contract: Contract) -> None:
    if not permissions.is_coordinator(actor, contract):
        raise PermissionDenied("Seule la coordination du contrat prépare et signe les avenants.")


def _require_draft(amendment: Amendment) -> None:
    if not amendment.is_draft:
        raise ValidationError(
            f"L'avenant n° {amendment.number} est signé et appliqué depuis le "
            f"{amendment.signed_on:%d/%m/%Y} : il ne peut plus être modifié ni appliqué à nouveau.",
            code="already_signed",
        )


def _locked(amendment: Amendment) -> Amendment:
    return Amendment.objects.select_for_update().select_related("contract").get(pk=amendment.pk)


# -- drafting ---------------------------------------------------------------------------------


@transaction.atomic
def amendment_create(*, contract: Contract, actor, title: str, origin: str = "") -> Amendment:
    """A new draft, numbered after the contract's last amendment."""
    _require_coordinator(actor, contract)
    Contract.objects.select_for_update().filter(pk=contract.pk).first()
    last = Amendment.objects.filter(contract=contract).aggregate(last=Max("number"))["last"]
    amendment = Amendment(
        contract=contract,
        number=(last or 0) + 1,
        title=title.strip(),
        origin=origin.strip(),
        created_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def amendment_update(*, amendment: Amendment, actor, title: str, origin: str) -> Amendment:
    locked = _locked(amendment)
    _require_coordinator(actor, locked.contract)
    _require_draft(locked)
    locked.title, locked.origin = title.strip(), origin.strip()
    locked.full_clean()
    locked.save(update_fields=["title", "origin"])
    return locked


@dataclass(frozen=True)
class Target:
    """What a new line is about; ``kind`` decides which of the others matter."""

    kind: str
    year: int | None = None
    sheet_number: int | None = None
    axis_number: int | None = None
    field: str = ""
    indicator: ActionIndicator | None = None


def _same_value(queryset, target: Target):
    return queryset.filter(
        kind=target.kind,
        year=target.year,
        sheet_number=target.sheet_number,
        axis_number=target.axis_number,
        field=target.field,
        indicator=target.indicator,
    )


@transaction.atomic
def change_set(
    *, amendment: Amendment, actor, target: Target, after: str, details: dict | None = None
) -> AmendmentChange:
    """Add a line to a draft (or replace the line about the same value): its current value is
    read now and kept, to be compared when the amendment is signed."""
    locked = _locked(amendment)
    contract = locked.contract
    _require_coordinator(actor, contract)
    _require_draft(locked)
    change = _same_value(locked.changes.all(), target).first() or AmendmentChange(
        amendment=locked,
        kind=target.kind,
        year=target.year,
        sheet_number=target.sheet_number,
        axis_number=target.axis_number,
        field=target.field,
        indicator=target.indicator,
        position=locked.changes.count(),
    )
    if target.indicator is not None:
        change.label = target.indicator.display_label
    try:
        before = current(contract, change)
    except Missing as missing:
        raise ValidationError(f"{where(change)} : {missing}.", code="missing") from missing
    if target.kind == ChangeKind.SHEET_ADDED and before:
        raise ValidationError(
            f"Une fiche n° {target.sheet_number} existe déjà en {target.year} : choisissez un "
            "autre numéro.",
            code="sheet_exists",
        )
    if target.kind not in (ChangeKind.SHEET_ADDED, ChangeKind.SHEET_WITHDRAWN) and before == after:
        raise ValidationError(
            f"{where(change)} : la nouvelle valeur est la valeur actuelle "
            f"({shown(change, before)}).",
            code="unchanged",
        )
    change.before, change.after, change.details = before, after, details or {}
    if target.kind == ChangeKind.SHEET_ADDED:
        change.label = after
    elif target.kind == ChangeKind.SHEET_WITHDRAWN:
        change.label = before
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def change_remove(*, change: AmendmentChange, actor) -> None:
    locked = _locked(change.amendment)
    _require_coordinator(actor, locked.contract)
    _require_draft(locked)
    change.delete()


def comment_add(*, amendment: Amendment, actor, body: str) -> AmendmentComment:
    """The State comments a draft (it may not edit it); the coordination answers."""
    roles = permissions.roles_on(actor, amendment.contract) & {
        Role.COORDINATOR,
        Role.STATE_REVIEWER,
    }
    if not roles:
        raise PermissionDenied("Seuls la coordination et les services de l'État commentent.")
    if not body.strip():
        raise ValidationError("Écrivez votre commentaire avant de l'envoyer.", code="empty")
    role = Role.STATE_REVIEWER if Role.STATE_REVIEWER in roles else Role.COORDINATOR
    with transaction.atomic():
        return AmendmentComment.objects.create(
            amendment=amendment, author=actor, author_role=role, body=body.strip()
        )


# -- signing: everything or nothing -------------------------------------------------------------


def conflicts(amendment: Amendment) -> list[str]:
    """The lines whose value changed since they were drafted (French, one per line)."""
    found = []
    for change in amendment.changes.all():
        try:
            now = current(amendment.contract, change)
        except Missing as missing:
            found.append(f"{where(change)} : {missing}.")
            continue
        if change.kind == ChangeKind.SHEET_ADDED:
            if now:
                found.append(
                    f"{where(change)} : une fiche porte déjà ce numéro (« {now} »), "
                    "changez le numéro de la fiche ajoutée."
                )
        elif now != change.before:
            found.append(
                f"{where(change)} : la valeur a changé depuis la rédaction de l'avenant "
                f"({shown(change, change.before)} alors, {shown(change, now)} aujourd'hui). "
                "Mettez à jour cette ligne de l'avenant."
            )
    return found


def _amount(value: str) -> Decimal | None:
    return None if value == "" else Decimal(value)


def _target_number(text: str) -> Decimal | None:
    value = read_target(text).value
    return None if value is None else quantize(value)


def _touch(sheet: ActionSheet, source_key: str = "") -> None:
    """The sheet's version moves (forms opened before are compared); a value written by the
    amendment no longer comes from the imported document."""
    sources = dict(sheet.sources or {})
    sources.pop(source_key, None)
    ActionSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1, sources=sources)


def _apply(contract: Contract, change: AmendmentChange, reason: str) -> None:
    if change.kind == ChangeKind.ENVELOPE:
        envelope = AnnualEnvelope.objects.filter(contract=contract, year=change.year).first()
        envelope = envelope or AnnualEnvelope(contract=contract, year=change.year)
        envelope.amount = _amount(change.after)
        envelope.full_clean()
        envelope.save()
        return
    if change.kind == ChangeKind.AXIS:
        axis = Axis.objects.get(contract=contract, number=change.axis_number)
        axis.declared_amount = _amount(change.after)
        axis.full_clean()
        axis.save(update_fields=["declared_amount"])
        return
    if change.kind == ChangeKind.SHEET_ADDED:
        _add_sheet(contract, change)
        return
    sheet = find_sheet(contract, change.year, change.sheet_number, lock=True)
    if change.kind == ChangeKind.SHEET_WITHDRAWN:
        try:
            sheet.delete()
        except (ProtectedError, RestrictedError) as error:
            raise ValidationError(
                f"{where(change)} : la fiche a déjà des bilans, elle ne peut pas être retirée "
                "par avenant. Retirez cette ligne ou ramenez ses montants à zéro.",
                code="in_use",
            ) from error
        return
    if change.kind == ChangeKind.BUDGET:
        budget = sheet_budget(sheet) or Budget(action=sheet)
        require_reason(sheet=sheet, reason=reason, fields_changed={change.field})
        setattr(budget, change.field, _amount(change.after))
        budget.full_clean(exclude=["action"])
        budget.save()
        _touch(sheet, f"budget.{change.field}")
        if change.field in P104:
            recompute_carryover_fed(sheet=sheet, reason=reason)
        return
    indicator = ActionIndicator.objects.get(pk=change.indicator_id)
    indicator.target_text = change.after
    indicator.target = _target_number(change.after)
    indicator.source_line = None
    indicator.full_clean()
    indicator.save(update_fields=["target_text", "target", "source_line"])
    _touch(sheet)


def _add_sheet(contract: Contract, change: AmendmentChange) -> None:
    axis = Axis.objects.filter(contract=contract, number=change.axis_number).first()
    operator_name = (change.details.get("operator") or "").strip()
    operator = None
    if operator_name:
        operator, _ = Organisation.objects.get_or_create(name=operator_name)
    sheet = ActionSheet(
        contract=contract,
        year=change.year,
        number=change.sheet_number,
        axis=axis,
        title=change.after,
        operator=operator,
    )
    sheet.full_clean()
    sheet.save()
    subsidy = change.details.get("p104_subsidy")
    budget = Budget(action=sheet, p104_subsidy=_amount(subsidy or ""))
    budget.full_clean(exclude=["action"])
    budget.save()


def _check_signed_file(upload: UploadedFile) -> None:
    kind = check_upload(upload.name or "", upload.size or 0, upload)
    if kind != PDF:
        raise ValidationError(
            f"« {upload.name} » : joignez l'avenant signé en PDF.", code="signed_file_type"
        )


def amendment_sign(
    *,
    amendment: Amendment,
    actor,
    signed_on: datetime.date,
    signatories: str,
    signed_file: UploadedFile,
) -> Amendment:
    """Record the amendment as signed and apply it, in one transaction: every line or none."""
    _check_signed_file(signed_file)
    with transaction.atomic():
        locked = _locked(amendment)
        contract = Contract.objects.select_for_update().get(pk=locked.contract_id)
        _require_coordinator(actor, contract)
        _require_draft(locked)
        if not locked.changes.exists():
            raise ValidationError(
                f"L'avenant n° {locked.number} ne contient aucun changement : ajoutez-en avant "
                "d'enregistrer sa signature.",
                code="empty_amendment",
            )
        if not signatories.strip():
            raise ValidationError("Indiquez les signataires de l'avenant.", code="signatories")
        ensure_initial_version(contract)
        before = document_of(contract)
        refused = conflicts(locked)
        if refused:
            raise ValidationError(refused, code="conflict")
        reason = f"Avenant n° {locked.number} : {locked.title}"[:500]
        with because(reason):
            for change in locked.changes.all():
                _apply(contract, change, reason)
            locked.status = AmendmentStatus.SIGNED
            locked.signed_on = signed_on
            locked.signatories = signatories.strip()
            locked.signed_file_name = (signed_file.name or "").replace("\\", "/").split("/")[-1]
            locked.signed_file = signed_file
            locked.applied_at = timezone.now()
            locked.applied_by = actor
            locked.full_clean()
            locked.save()
            refresh_findings(contract=contract)
        record_version(locked, before)
    return locked
