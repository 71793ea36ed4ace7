"""Writes an AuditEvent for every create, update, delete and bulk update of contract data.

Signals cover saves and deletes (QuerySet.delete sends them per object); ``AuditedQuerySet``
covers ``update()`` and ``bulk_create()``, which send no signal — the weak spot of
signal-based libraries (docs/adr/0005-audit-trail.md).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ctai.audit.context import current_actor, current_reason
from ctai.audit.models import AuditAction, AuditEvent

IGNORED_FIELDS = {"id", "version", "updated_at", "created_at", "sources"}

# model label -> (path to the contract id, path to the action-sheet id); "" when none.
AUDITED: dict[str, tuple[str, str]] = {
    "contracts.Contract": ("pk", ""),
    "contracts.ContractParty": ("contract_id", ""),
    "contracts.AnnualEnvelope": ("contract_id", ""),
    "contracts.Axis": ("contract_id", ""),
    "contracts.ActionSheet": ("contract_id", "pk"),
    "budget.Budget": ("action.contract_id", "action_id"),
    "budget.BudgetExtraLine": ("budget.action.contract_id", "budget.action_id"),
    "indicators.ActionIndicator": ("action.contract_id", "action_id"),
    # Reporting: periods, operator reports, their contents and workflow log.
    "reporting.ReportingPeriod": ("contract_id", ""),
    "reporting.OperatorReport": ("period.contract_id", "sheet_id"),
    "reporting.IndicatorAchievement": ("report.period.contract_id", "report.sheet_id"),
    "reporting.SpendingLine": ("report.period.contract_id", "report.sheet_id"),
    "reporting.ReportAttachment": ("report.period.contract_id", "report.sheet_id"),
    "reporting.ReportComment": ("report.period.contract_id", "report.sheet_id"),
    "reporting.ReportTransition": ("report.period.contract_id", "report.sheet_id"),
    # Who holds which role: grants and revocations.
    "accounts.Membership": ("contract_id", ""),
}


# model label -> fields never written in the trail's values (personal data: names, birth
# dates of participants); the object is named by its ``str()``, a pseudonym.
PRIVATE: dict[str, frozenset[str]] = {}


def register(
    label: str, contract_path: str, sheet_path: str = "", private: tuple[str, ...] = ()
) -> None:
    """Other packages (reporting...) put their contract data under the audit trail;
    ``private`` fields are left out of its values."""
    AUDITED[label] = (contract_path, sheet_path)
    if private:
        PRIVATE[label] = frozenset(private)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    return value


def _fields(model) -> list[str]:
    left_out = IGNORED_FIELDS | PRIVATE.get(model._meta.label, frozenset())
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in left_out and f.attname not in left_out
    ]


def _snapshot(instance) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in _fields(type(instance))}


def _resolve(instance, path: str) -> int | None:
    value: Any = instance
    for part in path.split(".") if path else []:
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if path else None


def _label(model) -> str:
    return model._meta.label


def _event(instance, action: str, changes: dict[str, Any]) -> AuditEvent:
    contract_path, sheet_path = AUDITED[_label(type(instance))]
    contract_id, sheet_id = getattr(instance, "_audit_ids", None) or (
        _resolve(instance, contract_path),
        _resolve(instance, sheet_path),
    )
    actor = current_actor()
    return AuditEvent(
        actor_id=actor.user_id,
        actor_username=actor.username,
        action=action,
        model=_label(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        contract_id=contract_id,
        action_sheet_id=sheet_id,
        changes=changes,
        reason=current_reason(),
    )


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or _label(sender) not in AUDITED:
        return
    instance._audit_before = (
        sender._base_manager.filter(pk=instance.pk).values(*_fields(sender)).first()
        if instance.pk is not None
        else None
    )


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or _label(sender) not in AUDITED:
        return
    after = _snapshot(instance)
    before = getattr(instance, "_audit_before", None) or {}
    before = {k: _plain(v) for k, v in before.items()}
    changes = {
        name: [before.get(name), value]
        for name, value in after.items()
        if (created and value not in (None, "")) or (not created and before.get(name) != value)
    }
    if created or changes:
        _event(instance, AuditAction.CREATE if created else AuditAction.UPDATE, changes).save()


def _before_delete(sender, instance, **kwargs) -> None:
    # Every pre_delete of a cascade runs before any row goes: parents can still be read.
    if _label(sender) in AUDITED:
        contract_path, sheet_path = AUDITED[_label(sender)]
        instance._audit_ids = (_resolve(instance, contract_path), _resolve(instance, sheet_path))


def _after_delete(sender, instance, **kwargs) -> None:
    if _label(sender) not in AUDITED:
        return
    changes = {k: [v, None] for k, v in _snapshot(instance).items() if v not in (None, "")}
    _event(instance, AuditAction.DELETE, changes).save()


def _m2m_changed(sender, instance, action, pk_set, model, **kwargs) -> None:
    if _label(type(instance)) not in AUDITED or action not in ("post_add", "post_remove"):
        return
    if not pk_set:
        return
    field = next(
        f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender
    )
    codes = sorted(str(o) for o in model._base_manager.filter(pk__in=pk_set))
    before_after = [[], codes] if action == "post_add" else [codes, []]
    _event(instance, AuditAction.UPDATE, {field: before_after}).save()


class AuditedQuerySet(models.QuerySet):
    """``update()`` and ``bulk_create()`` write one audit event per row they touch."""

    def update(self, **kwargs) -> int:
        if _label(self.model) not in AUDITED:
            return super().update(**kwargs)
        names = _fields(self.model)
        before = {row["pk"]: row for row in self.values("pk", *names)}
        count = super().update(**kwargs)
        rows = self.model._base_manager.filter(pk__in=before).select_related()
        events = []
        for instance in rows:
            after = _snapshot(instance)
            old = {k: _plain(v) for k, v in before[instance.pk].items() if k != "pk"}
            changes = {k: [old.get(k), v] for k, v in after.items() if old.get(k) != v}
            if changes:
                events.append(_event(instance, AuditAction.BULK_UPDATE, changes))
        AuditEvent.objects.bulk_create(events)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if _label(self.model) in AUDITED:
            AuditEvent.objects.bulk_create(
                _event(obj, AuditAction.CREATE, {k: [None, v] for k, v in _snapshot(obj).items()})
                for obj in created
            )
        return created


def connect() -> None:
    pre_save.connect(_before_save, dispatch_uid="ctai_audit_pre_save")
    post_save.connect(_after_save, dispatch_uid="ctai_audit_post_save")
    pre_delete.connect(_before_delete, dispatch_uid="ctai_audit_pre_delete")
    post_delete.connect(_after_delete, dispatch_uid="ctai_audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="ctai_audit_m2m")


def audited_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in AUDITED]
