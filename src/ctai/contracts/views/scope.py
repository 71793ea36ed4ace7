"""Fetching the objects of a request within the user's scope: anything else is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from ctai.accounts import permissions
from ctai.audit.stamps import read_for_person
from ctai.checks.services import FindingsDelta
from ctai.contracts.models import ActionSheet, Contract
from ctai.contracts.views.fragments import cached_block, versioned_block


def _in_scope(user, contract_id: int) -> bool:
    """The user holds an active membership on the contract (what ``for_user`` filters on),
    read from their memberships (one query a request, shared with every permission)."""
    return any(m.contract_id == contract_id for m in permissions.memberships(user))


def _versioned(user, name: str, contract_id: int, parts: tuple, compute):
    """``compute()`` for the contract's current stamp (read here, before the data), from the
    cache when the same version was already read: an unpickled copy, the caller's own.
    Returns ``(value, version)``. The stamp is read with those of the person's other
    contracts and the navigation's counts, in one query the navigation then reuses."""
    mine = {m.contract_id for m in permissions.memberships(user)}
    version = read_for_person(user, mine).versions[contract_id]
    return versioned_block(name, contract_id, version, parts, compute), version


def get_contract(request, contract: int, *, edit: bool = False) -> Contract:
    """A contract whose every sheet the user may see (coordinator, State, COPIL): operators
    get a 404 on whole-contract pages, which would show other operators' figures. ``edit``:
    the coordinator only (403 for the others, who may see the contract).

    The instance (with its coordinator) is read once per version of the contract's data
    (docs/adr/0012-page-cache.md); the stamp read here is the one the page's blocks use."""
    if not _in_scope(request.user, contract):
        raise Http404
    found, version = _versioned(
        request.user,
        "contract",
        contract,
        (),
        lambda: get_object_or_404(Contract.objects.select_related("coordinator"), pk=contract),
    )
    found._ctai_version = version
    if not permissions.can_view_whole_contract(request.user, found):
        raise Http404
    if edit and not permissions.can_edit_programmation(request.user, found):
        raise PermissionDenied
    return found


YEAR_PARAMETER = "annee"


def get_year(request, contract: Contract) -> int:
    """The programme year a page is about: ``?annee=YYYY``, by default the contract's current
    programme year; a year outside the contract's period is a 404 (there is no such page)."""
    chosen = request.GET.get(YEAR_PARAMETER, "").strip()
    if not chosen:
        return current_year(contract)
    if not chosen.isdigit() or int(chosen) not in contract.years:
        raise Http404("Cette année ne fait pas partie de la période du contrat.")
    return int(chosen)


def current_year(contract: Contract) -> int:
    """``contract.current_year()``, computed once per version of the contract's data and day
    (it depends on the years of its sheets, whose writes move the stamp, and on today)."""
    today = timezone.localdate()
    return cached_block("current-year", contract, (today,), lambda: contract.current_year(today))


def year_url(name: str, contract: Contract, year: int) -> str:
    """The URL of a contract page for one programme year."""
    return f"{reverse(name, args=[contract.pk])}?{YEAR_PARAMETER}={year}"


def get_sheet(request, contract: int, year: int, number: int, *, edit: bool = False):
    """A sheet in the user's scope (404 otherwise); ``edit``: the coordinator only (403).

    The scope is ``ActionSheet.objects.for_user``'s, checked on the person's memberships: the
    whole contract for its coordination, State reviewers and COPIL, an operator's own sheets.
    The instance (with its contract, axis and operator) is read once per version of the
    contract's data; the stamp read here is the one the page's blocks use."""
    user = request.user
    if not _in_scope(user, contract):
        raise Http404
    sheet, version = _versioned(
        user,
        "sheet",
        contract,
        (year, number),
        lambda: get_object_or_404(
            ActionSheet.objects.select_related(
                "contract", "contract__coordinator", "axis", "operator"
            ),
            contract_id=contract,
            year=year,
            number=number,
        ),
    )
    sheet.contract._ctai_version = version
    if not permissions.can_view_sheet(user, sheet):
        raise Http404
    if edit and not permissions.can_edit_programmation(user, sheet.contract):
        raise PermissionDenied
    return sheet


def sheet_url(sheet: ActionSheet, anchor: str = "") -> str:
    url = reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number])
    return f"{url}#{anchor}" if anchor else url


def contract_crumbs(contract: Contract, year: int | None = None) -> list[tuple[str, str]]:
    dashboard = reverse("contracts:dashboard", args=[contract.pk])
    return [
        ("Contrats", reverse("contracts:list")),
        (contract.territory, dashboard if year is None else f"{dashboard}?annee={year}"),
    ]


def sheet_crumbs(sheet: ActionSheet, user=None) -> list[tuple[str, str]]:
    """The way to a sheet; for an operator (``user`` who does not see the whole contract),
    only the pages they may open: the contract and its programmation would answer 404."""
    own = [(f"Fiche n° {sheet.number} ({sheet.year})", sheet_url(sheet))]
    if user is not None and not permissions.can_view_whole_contract(user, sheet.contract):
        return [("Contrats", reverse("contracts:list")), *own]
    return [
        *contract_crumbs(sheet.contract, sheet.year),
        (
            f"Programmation {sheet.year}",
            year_url("contracts:programmation", sheet.contract, sheet.year),
        ),
        *own,
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
