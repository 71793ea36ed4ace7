"""The list of the contracts the user may see."""

from collections import defaultdict

from django.db.models import Count
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from ctai.accounts import permissions
from ctai.audit.stamps import read_for_person
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.cache import cached
from ctai.programmation.selectors import SEVERITIES


@require_GET
def contract_list(request):
    user = request.user
    can_create = permissions.can_create_contract(user)
    return render(
        request,
        "contracts/contract_list.html",
        {"rows_html": _rows_html(user, can_create), "can_create": can_create},
    )


def _rows_html(user, can_create: bool) -> str:
    """The table of the person's contracts, rendered once per state of what it shows: their
    memberships (which contracts, whole or their own sheets) and the stamps of those contracts
    (sheets, findings, names: docs/adr/0012-page-cache.md)."""
    mine = sorted(
        (m.contract_id, m.role, m.organisation_id or 0) for m in permissions.memberships(user)
    )
    # Read with the navigation's counts, which reuse it (one query for both).
    versions = read_for_person(user, {contract_id for contract_id, _, _ in mine}).versions
    shown = (mine, sorted(versions.items()), can_create)
    html = cached(
        "contract-list",
        shown,
        lambda: render_to_string(
            "contracts/includes/contract_rows.html",
            {"rows": _rows(user), "can_create": can_create},
        ),
    )
    return mark_safe(html)


def _rows(user) -> list[dict]:
    contracts = list(Contract.objects.for_user(user).select_related("coordinator"))
    ids = [contract.pk for contract in contracts]
    sheets = dict(
        ActionSheet.objects.filter(contract__in=ids)
        .values_list("contract")
        .annotate(n=Count("id"))
        .order_by()
    )
    findings: dict[int, dict[str, int]] = defaultdict(dict)
    for contract_id, severity, n in (
        StoredFinding.objects.filter(contract__in=ids)
        .values_list("contract", "severity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        findings[contract_id][severity] = n
    # Operators see their own sheets only, not the contract's dashboard and counts.
    partial = [c.pk for c in contracts if not permissions.can_view_whole_contract(user, c)]
    own_sheets: dict[int, list[ActionSheet]] = defaultdict(list)
    for sheet in ActionSheet.objects.for_user(user).filter(contract__in=partial):
        own_sheets[sheet.contract_id].append(sheet)
    return [
        {
            "contract": contract,
            "whole": contract.pk not in partial,
            "own_sheets": own_sheets.get(contract.pk, []),
            "sheets": sheets.get(contract.pk, 0),
            "findings": [(s, findings[contract.pk].get(s, 0)) for s in SEVERITIES],
        }
        for contract in contracts
    ]
