"""Fetching the objects of a request within the user's scope: anything else is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ctai.checks.services import FindingsDelta
from ctai.contracts.models import ActionSheet, Contract


def get_contract(request, contract: int) -> Contract:
    queryset = Contract.objects.for_user(request.user).select_related("coordinator")
    return get_object_or_404(queryset, pk=contract)


def get_sheet(request, contract: int, year: int, number: int) -> ActionSheet:
    queryset = ActionSheet.objects.for_user(request.user).filter(
        contract__in=Contract.objects.for_user(request.user)
    )
    return get_object_or_404(
        queryset.select_related("contract", "contract__coordinator", "axis", "operator"),
        contract_id=contract,
        year=year,
        number=number,
    )


def sheet_url(sheet: ActionSheet, anchor: str = "") -> str:
    url = reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number])
    return f"{url}#{anchor}" if anchor else url


def contract_crumbs(contract: Contract) -> list[tuple[str, str]]:
    return [
        ("Contrats", reverse("contracts:list")),
        (contract.territory, reverse("contracts:dashboard", args=[contract.pk])),
    ]


def sheet_crumbs(sheet: ActionSheet) -> list[tuple[str, str]]:
    return [
        *contract_crumbs(sheet.contract),
        ("Programmation", reverse("contracts:programmation", args=[sheet.contract_id])),
        (f"Fiche n° {sheet.number} ({sheet.year})", sheet_url(sheet)),
    ]


def report_delta(request, delta: FindingsDelta) -> None:
    """Tell the user which findings the last change made appear or disappear."""
    if not delta.appeared and not delta.disappeared:
        messages.info(request, "Contrôles relancés : aucun constat n'a changé.")
        return
    for finding in delta.disappeared:
        messages.success(request, f"Constat disparu : {finding.message}")
    for finding in delta.appeared:
        messages.warning(
            request, f"Nouveau constat ({finding.get_severity_display()}) : {finding.message}"
        )
