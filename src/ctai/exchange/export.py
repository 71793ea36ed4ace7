"""The ctai/1 exchange format: a stored contract as one JSON-ready dict.

See docs/exchange-format.md. The dict has every key, in a fixed order, so that
export → import → export gives the same JSON. A constant number of queries whatever the
number of sheets (prefetching), so the checks can run on it cheaply.
"""

from typing import Any

from django.db.models import Prefetch

from ctai.budget.models import Budget, BudgetExtraLine
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.money import amount_to_str
from ctai.indicators.models import ActionIndicator

FORMAT = "ctai/1"


def _text(value: str) -> str | None:
    return value or None


def contract_queryset():
    return Contract.objects.select_related("coordinator").prefetch_related(
        "parties__organisation",
        "envelopes",
        "axes",
        "review_items",
        Prefetch(
            "actions",
            queryset=ActionSheet.objects.select_related("axis", "operator", "budget")
            .prefetch_related(
                "themes",
                "partners",
                Prefetch("budget__extra_lines", queryset=BudgetExtraLine.objects.all()),
                Prefetch(
                    "indicators",
                    queryset=ActionIndicator.objects.select_related("definition"),
                ),
            )
            .order_by("year", "number"),
        ),
    )


def budget_to_dict(budget: Budget | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        field: amount_to_str(getattr(budget, field)) if budget else None
        for field in BUDGET_FIELDS
        if field not in ("total_cost", "unit_cost")
    }
    data["other_lines"] = [
        {
            "label": _text(line.label),
            "amount": amount_to_str(line.amount),
            "line": line.source_line,
        }
        for line in (budget.extra_lines.all() if budget else [])
    ]
    data["total_cost"] = amount_to_str(budget.total_cost) if budget else None
    data["unit_cost"] = amount_to_str(budget.unit_cost) if budget else None
    data["unit_cost_text"] = _text(budget.unit_cost_text) if budget else None
    data["comment"] = _text(budget.comment) if budget else None
    return data


def action_to_dict(action: ActionSheet) -> dict[str, Any]:
    try:
        budget = action.budget
    except Budget.DoesNotExist:
        budget = None
    return {
        "number": action.number,
        "year": action.year,
        "axis": action.axis.number if action.axis else None,
        "axis_label": _text(action.axis_label),
        "title": action.title,
        "operator": action.operator.name if action.operator else None,
        "operator_kind": _text(action.operator_kind),
        "operator_kind_detail": _text(action.operator_kind_detail),
        "selection_mode": _text(action.selection_mode),
        "selection_detail": _text(action.selection_detail),
        "themes": [theme.code for theme in action.themes.all()],
        "partners": [partner.code for partner in action.partners.all()],
        "partners_other": _text(action.partners_other),
        "calendar": _text(action.calendar),
        "territory": _text(action.territory),
        "description": _text(action.description),
        "refugies_info_url": _text(action.refugies_info_url),
        "budget": budget_to_dict(budget),
        "indicators": [
            {
                "code": indicator.definition.code if indicator.definition else None,
                "label": _text(indicator.label),
                "section": indicator.section,
                "target": amount_to_str(indicator.target),
                "target_text": _text(indicator.target_text),
                "line": indicator.source_line,
            }
            for indicator in action.indicators.all()
        ],
        "sources": action.sources,
    }


def contract_to_document(contract: Contract) -> dict[str, Any]:
    """The ctai/1 document of a contract fetched with ``contract_queryset()``."""
    return {
        "format": FORMAT,
        "contract": {
            "title": contract.title,
            "territory": contract.territory,
            "start": contract.start.isoformat(),
            "end": contract.end.isoformat(),
            "coordinator": contract.coordinator.name if contract.coordinator else None,
            "parties": [
                {
                    "name": party.organisation.name,
                    "role": _text(party.role),
                    "representative": _text(party.representative),
                }
                for party in contract.parties.all()
            ],
            "state_envelopes": [
                {"year": envelope.year, "amount": amount_to_str(envelope.amount)}
                for envelope in contract.envelopes.all()
            ],
            "payment_account": {
                "holder": _text(contract.payment_holder),
                "iban": _text(contract.iban),
                "bic": _text(contract.bic),
            },
            "governance": _text(contract.governance),
            "axes": [
                {
                    "number": axis.number,
                    "title": axis.title,
                    "declared_amount": amount_to_str(axis.declared_amount),
                    "actions": list(axis.listed_actions),
                    "operators": dict(axis.listed_operators),
                }
                for axis in contract.axes.all()
            ],
            "actions": [action_to_dict(action) for action in contract.actions.all()],
            "sources": contract.sources,
            "review": [
                {
                    "line": item.line,
                    "action": item.action_number,
                    "field": _text(item.field),
                    "text": item.text,
                    "reason": item.reason,
                }
                for item in contract.review_items.all()
            ],
        },
    }


def export_contract(contract_id: int) -> dict[str, Any]:
    return contract_to_document(contract_queryset().get(pk=contract_id))
