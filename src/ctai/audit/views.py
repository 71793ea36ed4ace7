"""The "Historique" tabs: every recorded change of a contract or of one action sheet.

Read by the contract's coordinator and State reviewers; anyone else gets a 404. Field names
are shown with their French label (the model field's verbose_name), values the French way.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from ctai.accounts import permissions
from ctai.audit.models import AuditAction, AuditEvent
from ctai.contracts.models import ActionSheet, Contract
from ctai.contracts.views.scope import contract_crumbs, sheet_crumbs
from ctai.core.money import french_number

PER_PAGE = 50
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    """One field; ``value`` alone for a creation (the new value) or a deletion (the last one)."""

    label: str
    before: str
    after: str
    value: str = ""


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    object_kind: str
    changes: list[Change]


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)  # the name or the attname ("operator_id")
    except FieldDoesNotExist:
        return None


class ValueFormatter:
    """Shows stored values the French way; related ids become names, fetched once per page."""

    def __init__(self, events: list[AuditEvent]):
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for event in events:
            model = _model(event.model)
            for name, pair in event.changes.items():
                field = _field(model, name)
                if isinstance(field, models.ForeignKey):
                    wanted[field.related_model].update(v for v in pair if v is not None)
        self.names: dict[type[models.Model], dict[str, str]] = {
            related: {str(o.pk): str(o) for o in related._base_manager.filter(pk__in=list(ids))}
            for related, ids in wanted.items()
        }

    def show(self, field: models.Field | None, value: Any) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, bool):
            return "oui" if value else "non"
        if field is None:
            return str(value)
        if isinstance(field, models.ForeignKey):
            name = self.names.get(field.related_model, {}).get(str(value))
            return name or f"n° {value} (supprimé)"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return self._typed(field, value)

    @staticmethod
    def _typed(field: models.Field, value: Any) -> str:
        if isinstance(field, models.DecimalField):
            try:
                return french_number(Decimal(str(value)))
            except InvalidOperation:
                return str(value)
        if isinstance(field, models.DateTimeField):
            moment = parse_datetime(str(value))
            if moment is not None:
                return date_format(timezone.localtime(moment), "d/m/Y H:i")
        elif isinstance(field, models.DateField):
            day = parse_date(str(value))
            if day is not None:
                return date_format(day, "d/m/Y")
        return str(value)


def entries(events: list[AuditEvent]) -> list[Entry]:
    formatter = ValueFormatter(events)
    result = []
    for event in events:
        model = _model(event.model)
        changes = []
        for name, pair in event.changes.items():
            field = _field(model, name)
            before, after = (formatter.show(field, v) for v in [*pair, None, None][:2])
            if before == after:
                continue  # e.g. an empty list recorded at creation
            label = capfirst(str(field.verbose_name)) if field is not None else name
            if event.action == AuditAction.CREATE:
                changes.append(Change(label, before, after, value=after))
            elif event.action == AuditAction.DELETE:
                changes.append(Change(label, before, after, value=before))
            else:
                changes.append(Change(label, before, after))
        kind = capfirst(str(model._meta.verbose_name)) if model is not None else event.model
        result.append(Entry(event, kind, changes))
    return result


def history_page(request, events, *, title: str, crumbs, context: dict):
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {
            **context,
            "title": title,
            "page": page,
            "entries": entries(list(page.object_list)),
            "breadcrumbs": [*crumbs, ("Historique", "")],
        },
    )


@require_http_methods(["GET", "HEAD"])
def contract_history(request, contract: int):
    found = get_object_or_404(Contract.objects.select_related("coordinator"), pk=contract)
    if not permissions.can_view_history(request.user, found):
        raise Http404
    return history_page(
        request,
        AuditEvent.objects.for_contract(found.pk),
        title=f"Historique du contrat — {found.territory}",
        crumbs=contract_crumbs(found),
        context={"contract": found, "sheet": None},
    )


@require_http_methods(["GET", "HEAD"])
def sheet_history(request, contract: int, year: int, number: int):
    sheet = get_object_or_404(
        ActionSheet.objects.select_related("contract", "contract__coordinator"),
        contract_id=contract,
        year=year,
        number=number,
    )
    if not permissions.can_view_history(request.user, sheet.contract):
        raise Http404
    return history_page(
        request,
        AuditEvent.objects.for_sheet(sheet.pk),
        title=f"Historique de la fiche n° {sheet.number} ({sheet.year}) — {sheet.title}",
        crumbs=sheet_crumbs(sheet),
        context={"contract": sheet.contract, "sheet": sheet},
    )
