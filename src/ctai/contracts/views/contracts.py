"""The list of the contracts the user may see."""

from collections import defaultdict

from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ctai.accounts import permissions
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet, Contract
from ctai.programmation.selectors import SEVERITIES


@require_GET
def contract_list(request):
    contracts = list(Contract.objects.for_user(request.user).select_related("coordinator"))
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
    partial = [c.pk for c in contracts if not permissions.can_view_whole_contract(request.user, c)]
    own_sheets: dict[int, list[ActionSheet]] = defaultdict(list)
    for sheet in ActionSheet.objects.for_user(request.user).filter(contract__in=partial):
        own_sheets[sheet.contract_id].append(sheet)
    rows = [
        {
            "contract": contract,
            "whole": contract.pk not in partial,
            "own_sheets": own_sheets.get(contract.pk, []),
            "sheets": sheets.get(contract.pk, 0),
            "findings": [(s, findings[contract.pk].get(s, 0)) for s in SEVERITIES],
        }
        for contract in contracts
    ]
    return render(
        request,
        "contracts/contract_list.html",
        {"rows": rows, "can_create": permissions.can_create_contract(request.user)},
    )
