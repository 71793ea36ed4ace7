"""Editing an action sheet, section by section (modification d'une fiche action).

**Optimistic locking.** A form carries the sheet's ``version`` and a signed snapshot of the
section's values when it was opened. On save, the sheet row is locked; if its version moved,
the section's stored values are compared with the snapshot: when someone else changed one of
them, the save is refused with an ``EditConflict`` listing what changed (the form keeps what
the user typed, nothing is lost); when only other sections changed, the save goes through.
Every write bumps the version.

**Provenance.** A value typed in the application no longer comes from the imported document:
its source line is forgotten, so the page never shows a line for a value it did not come from.

**Checks.** The contract's findings are recomputed in the same transaction after each write
(``refresh_findings``); the result says which findings appeared or disappeared.

**Settled figures.** Every write of budget lines, extra lines or targets takes ``reason``
(keyword-only): after the year's programmation or the sheet's final report was validated, the
write is refused without one (``ctai.programmation.guards.require_reason``), and a change of a
settled P104 amount recomputes the carry-over it fed, in the same transaction. The reason
labels the audit events.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.deletion import ProtectedError, RestrictedError

from ctai.budget.models import LABELS as BUDGET_LABELS
from ctai.budget.models import Budget, BudgetExtraLine
from ctai.checks.services import FindingsDelta, refresh_findings
from ctai.contracts.catalogues import BUDGET_FIELDS, PARTNER_LABELS, THEME_LABELS
from ctai.contracts.models import ActionSheet, Axis, Organisation, Partner, Theme
from ctai.core.money import amount_to_str, euros, quantize
from ctai.core.numbers import read_target
from ctai.indicators.models import ActionIndicator, IndicatorDefinition
from ctai.programmation.guards import (
    EXTRA_LINES,
    P104,
    TARGETS,
    reason_context,
    recompute_carryover_fed,
    require_reason,
)

Snapshot = dict[str, Any]

SECTION_FIELDS: dict[str, list[str]] = {
    "identification": ["title", "axis", "axis_label"],
    "description": ["description"],
    "thematiques": ["themes"],
    "calendrier": ["calendar", "territory"],
    "porteur": [
        "operator",
        "operator_kind",
        "operator_kind_detail",
        "selection_mode",
        "selection_detail",
    ],
    "partenaires": ["partners", "partners_other", "refugies_info_url"],
    "budget": [*BUDGET_FIELDS, "unit_cost_text", "comment"],
    "indicateurs": ["indicators"],
}


@dataclass(frozen=True)
class FieldChange:
    """A value someone else saved while the user was editing."""

    label: str
    before: str  # when the user opened the form
    now: str  # stored since


class EditConflict(Exception):
    """The sheet changed since the form was opened, on values this form edits."""

    def __init__(self, *, changes: list[FieldChange], version: int):
        self.changes = changes
        self.version = version
        super().__init__(f"{len(changes)} valeur(s) modifiée(s) entre-temps")


@dataclass
class SaveResult:
    action: ActionSheet
    delta: FindingsDelta


# -- section values, for snapshots and conflicts ----------------------------------------


def sheet_budget(action: ActionSheet) -> Budget | None:
    try:
        return action.budget
    except Budget.DoesNotExist:
        return None


def section_values(action: ActionSheet, section: str) -> Snapshot:
    """The section's stored values in a JSON-ready form (what a snapshot holds)."""
    values: Snapshot = {}
    budget = sheet_budget(action) if section == "budget" else None
    for name in SECTION_FIELDS[section]:
        if name in ("axis", "operator"):
            values[name] = getattr(action, f"{name}_id")
        elif name in ("themes", "partners"):
            values[name] = sorted(item.code for item in getattr(action, name).all())
        elif name == "indicators":
            values[name] = {str(i.pk): i.target_text for i in action.indicators.all()}
        elif section == "budget":
            raw = getattr(budget, name) if budget else None
            values[name] = amount_to_str(raw) if name in BUDGET_FIELDS else (raw or "")
        else:
            values[name] = getattr(action, name)
    return values


def _label(name: str) -> str:
    if name in BUDGET_LABELS:
        return BUDGET_LABELS[name]
    if name in ("unit_cost_text", "comment"):
        return Budget._meta.get_field(name).verbose_name
    return str(ActionSheet._meta.get_field(name).verbose_name)


def _display(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "(vide)"
    if name in BUDGET_FIELDS:
        return euros(Decimal(value))
    if name == "axis":
        return str(Axis.objects.filter(pk=value).first() or "(axe supprimé)")
    if name == "operator":
        return str(Organisation.objects.filter(pk=value).first() or "(organisation supprimée)")
    if name == "themes":
        return " ; ".join(THEME_LABELS.get(code, code) for code in value)
    if name == "partners":
        return " ; ".join(PARTNER_LABELS.get(code, code) for code in value)
    return str(value)


def _conflicts(action: ActionSheet, section: str, original: Snapshot) -> list[FieldChange]:
    current = section_values(action, section)
    changes = []
    for name, now in current.items():
        if name == "indicators":
            labels = {str(i.pk): i.display_label for i in action.indicators.all()}
            for key, before in (original.get(name) or {}).items():
                if now.get(key) != before:
                    label = f"Indicateur « {labels.get(key, 'supprimé')} »"
                    changes.append(FieldChange(label, before or "(vide)", now.get(key) or "(vide)"))
        elif name not in original or original[name] != now:
            changes.append(
                FieldChange(_label(name), _display(name, original.get(name)), _display(name, now))
            )
    return changes


def _forget_sources(action: ActionSheet, before: Snapshot, after: Snapshot) -> None:
    sources = dict(action.sources or {})
    for name in [n for n in after if before.get(n) != after[n]]:
        path = f"budget.{name}" if name in BUDGET_FIELDS else name
        for key in [k for k in sources if k == path or k.startswith(f"{path}.")]:
            del sources[key]
    if sources != action.sources:
        action.sources = sources
        ActionSheet.objects.filter(pk=action.pk).update(sources=sources)


def _write(
    action: ActionSheet,
    section: str | None,
    expected_version: int | None,
    original: Snapshot | None,
    apply: Callable[[ActionSheet], None],
    reason: str | None = None,
) -> SaveResult:
    """Lock the sheet, refuse a conflicting edit, apply, bump the version, re-run the checks.

    ``section`` None (adding or removing a line): nothing the user typed can be overwritten,
    so there is no conflict to look for. ``apply`` calls ``require_reason`` before it writes
    settled figures; the audit events written meanwhile carry ``reason``.
    """
    with transaction.atomic(), reason_context(reason):
        sheet = ActionSheet.objects.select_for_update().select_related("contract").get(pk=action.pk)
        if section is not None and sheet.version != expected_version:
            changes = _conflicts(sheet, section, original or {})
            if changes:
                raise EditConflict(changes=changes, version=sheet.version)
        before = section_values(sheet, section) if section else {}
        apply(sheet)
        if section:
            _forget_sources(sheet, before, section_values(sheet, section))
        ActionSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1)
        sheet.refresh_from_db(fields=["version"])
        delta = refresh_findings(contract=sheet.contract)
    return SaveResult(action=sheet, delta=delta)


def _save(instance, fields: list[str], exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude)
    instance.save(update_fields=fields) if instance.pk else instance.save()


# -- one function per write --------------------------------------------------------------


def action_sheet_update_identification(
    *,
    action: ActionSheet,
    expected_version: int,
    original: Snapshot,
    title: str,
    axis: Axis | None,
    axis_label: str,
) -> SaveResult:
    def apply(sheet: ActionSheet) -> None:
        sheet.title, sheet.axis, sheet.axis_label = title, axis, axis_label
        _save(sheet, ["title", "axis", "axis_label"])

    return _write(action, "identification", expected_version, original, apply)


def action_sheet_update_description(
    *, action: ActionSheet, expected_version: int, original: Snapshot, description: str
) -> SaveResult:
    def apply(sheet: ActionSheet) -> None:
        sheet.description = description
        _save(sheet, ["description"])

    return _write(action, "description", expected_version, original, apply)


def action_sheet_update_themes(
    *, action: ActionSheet, expected_version: int, original: Snapshot, themes: list[Theme]
) -> SaveResult:
    return _write(action, "thematiques", expected_version, original, lambda s: s.themes.set(themes))


def action_sheet_update_calendar(
    *,
    action: ActionSheet,
    expected_version: int,
    original: Snapshot,
    calendar: str,
    territory: str,
) -> SaveResult:
    def apply(sheet: ActionSheet) -> None:
        sheet.calendar, sheet.territory = calendar, territory
        _save(sheet, ["calendar", "territory"])

    return _write(action, "calendrier", expected_version, original, apply)


def action_sheet_update_operator(
    *,
    action: ActionSheet,
    expected_version: int,
    original: Snapshot,
    operator: Organisation | None,
    new_operator_name: str,
    operator_kind: str,
    operator_kind_detail: str,
    selection_mode: str,
    selection_detail: str,
) -> SaveResult:
    """``new_operator_name``, when given, names an organisation to use (created if new)."""

    def apply(sheet: ActionSheet) -> None:
        chosen = operator
        if new_operator_name.strip():
            chosen, _ = Organisation.objects.get_or_create(name=new_operator_name.strip())
        sheet.operator = chosen
        sheet.operator_kind, sheet.operator_kind_detail = operator_kind, operator_kind_detail
        sheet.selection_mode, sheet.selection_detail = selection_mode, selection_detail
        _save(sheet, SECTION_FIELDS["porteur"])

    return _write(action, "porteur", expected_version, original, apply)


def action_sheet_update_partners(
    *,
    action: ActionSheet,
    expected_version: int,
    original: Snapshot,
    partners: list[Partner],
    partners_other: str,
    refugies_info_url: str,
) -> SaveResult:
    def apply(sheet: ActionSheet) -> None:
        sheet.partners_other, sheet.refugies_info_url = partners_other, refugies_info_url
        _save(sheet, ["partners_other", "refugies_info_url"])
        sheet.partners.set(partners)

    return _write(action, "partenaires", expected_version, original, apply)


def budget_update(
    *,
    action: ActionSheet,
    expected_version: int,
    original: Snapshot,
    amounts: dict[str, Decimal | None],
    unit_cost_text: str,
    comment: str,
    reason: str | None = None,
) -> SaveResult:
    """Every line of the budget table at once (``amounts``: field → amount or None)."""

    def apply(sheet: ActionSheet) -> None:
        before = sheet_budget(sheet)
        budget = before or Budget(action=sheet)
        stored = {name: getattr(budget, name) for name in BUDGET_FIELDS} if before else {}
        for name in BUDGET_FIELDS:
            setattr(budget, name, amounts.get(name))
        budget.unit_cost_text, budget.comment = unit_cost_text, comment
        changed = {name for name in BUDGET_FIELDS if stored.get(name) != getattr(budget, name)}
        require_reason(sheet=sheet, reason=reason, fields_changed=changed)
        _save(budget, [*BUDGET_FIELDS, "unit_cost_text", "comment"], exclude=["action"])
        if changed & P104:
            recompute_carryover_fed(sheet=sheet, reason=reason)

    return _write(action, "budget", expected_version, original, apply, reason)


def _target(text: str) -> Decimal | None:
    value = read_target(text).value
    return None if value is None else quantize(value)


def indicator_targets_update(
    *,
    action: ActionSheet,
    expected_version: int,
    original: Snapshot,
    targets: dict[int, str],
    reason: str | None = None,
) -> SaveResult:
    """Targets as written (``indicator id → text``); the number is read from the words."""

    def apply(sheet: ActionSheet) -> None:
        indicators = sheet.indicators.filter(pk__in=targets)
        changed = [i for i in indicators if targets[i.pk].strip() != i.target_text]
        require_reason(sheet=sheet, reason=reason, fields_changed={TARGETS} if changed else ())
        for indicator in changed:
            text = targets[indicator.pk].strip()
            indicator.target_text, indicator.target = text, _target(text)
            indicator.source_line = None
            _save(indicator, ["target_text", "target", "source_line"])

    return _write(action, "indicateurs", expected_version, original, apply, reason)


def indicator_add(
    *,
    action: ActionSheet,
    definition: IndicatorDefinition | None,
    label: str,
    section: str,
    target_text: str,
    reason: str | None = None,
) -> SaveResult:
    """A catalogue indicator (``definition``) or the operator's own (``label``, ``section``)."""

    def apply(sheet: ActionSheet) -> None:
        changed = {TARGETS} if target_text.strip() else set()
        require_reason(sheet=sheet, reason=reason, fields_changed=changed)
        last = sheet.indicators.aggregate(last=Max("position"))["last"]
        indicator = ActionIndicator(
            action=sheet,
            definition=definition,
            label="" if definition else label.strip(),
            section=definition.section if definition else section,
            target_text=target_text.strip(),
            target=_target(target_text),
            position=0 if last is None else last + 1,
        )
        _save(indicator, [])

    return _write(action, None, None, None, apply, reason)


def _delete(instance, refused: str) -> None:
    """Delete, or say in French why not: values reported against it (bilans) keep it."""
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(refused, code="in_use") from error


def indicator_delete(
    *, action: ActionSheet, indicator: ActionIndicator, reason: str | None = None
) -> SaveResult:
    def apply(sheet: ActionSheet) -> None:
        if indicator.action_id != sheet.pk:
            raise ValidationError("Cet indicateur n'appartient pas à cette fiche.")
        require_reason(sheet=sheet, reason=reason, fields_changed={TARGETS})
        _delete(
            indicator,
            f"L'indicateur « {indicator.display_label} » ne peut pas être supprimé : un bilan "
            "contient déjà une valeur réalisée pour lui.",
        )

    return _write(action, None, None, None, apply, reason)


def budget_extra_line_add(
    *, action: ActionSheet, label: str, amount: Decimal, reason: str | None = None
) -> SaveResult:
    """A line the operator adds under the budget table (autofinancement, ...)."""

    def apply(sheet: ActionSheet) -> None:
        require_reason(sheet=sheet, reason=reason, fields_changed={EXTRA_LINES})
        budget = sheet_budget(sheet)
        if budget is None:
            budget = Budget(action=sheet)
            _save(budget, [], exclude=["action"])
        last = budget.extra_lines.aggregate(last=Max("position"))["last"]
        line = BudgetExtraLine(
            budget=budget,
            label=label.strip(),
            amount=amount,
            position=0 if last is None else last + 1,
        )
        _save(line, [])

    return _write(action, None, None, None, apply, reason)


def budget_extra_line_delete(
    *, action: ActionSheet, line: BudgetExtraLine, reason: str | None = None
) -> SaveResult:
    def apply(sheet: ActionSheet) -> None:
        if line.budget.action_id != sheet.pk:
            raise ValidationError("Cette ligne n'appartient pas à cette fiche.")
        require_reason(sheet=sheet, reason=reason, fields_changed={EXTRA_LINES})
        _delete(
            line,
            f"La ligne « {line} » ne peut pas être supprimée : un bilan contient déjà un "
            "montant réalisé pour elle.",
        )

    return _write(action, None, None, None, apply, reason)
