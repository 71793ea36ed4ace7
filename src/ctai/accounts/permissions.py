"""Named predicates: what a person may do. Views and services ask these, never roles directly.

Each predicate takes the user and the object; memberships are read with one query, cached on
the user object for the request (``_ctai_memberships``).
"""

from ctai.accounts.models import Membership
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import WHOLE_CONTRACT_ROLES, Role


def memberships(user) -> list[Membership]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    cached = getattr(user, "_ctai_memberships", None)
    if cached is None:
        # No ordering: the model's (by contract) joins the contracts table, and every
        # question asked of the list is about membership, not order.
        cached = list(Membership.objects.of(user).order_by())
        user._ctai_memberships = cached
    return cached


def roles_on(user, contract: Contract) -> set[str]:
    return {m.role for m in memberships(user) if m.contract_id == contract.pk}


def is_coordinator(user, contract: Contract) -> bool:
    return Role.COORDINATOR in roles_on(user, contract)


def is_state_reviewer(user, contract: Contract) -> bool:
    return Role.STATE_REVIEWER in roles_on(user, contract)


def operator_organisation_ids(user, contract: Contract) -> set[int]:
    return {
        m.organisation_id
        for m in memberships(user)
        if m.contract_id == contract.pk and m.role == Role.OPERATOR
    }


def can_view_contract(user, contract: Contract) -> bool:
    return bool(roles_on(user, contract))


def can_view_whole_contract(user, contract: Contract) -> bool:
    """Coordinator, State reviewer and COPIL see every sheet; operators only their own."""
    return bool(roles_on(user, contract) & set(WHOLE_CONTRACT_ROLES))


def can_view_sheet(user, sheet: ActionSheet) -> bool:
    return can_view_whole_contract(user, sheet.contract) or (
        sheet.operator_id in operator_organisation_ids(user, sheet.contract)
    )


def can_edit_programmation(user, contract: Contract) -> bool:
    """Budgets, targets, sheets: the coordinator only."""
    return is_coordinator(user, contract)


def is_operator_member(user, sheet: ActionSheet) -> bool:
    return sheet.operator_id is not None and sheet.operator_id in operator_organisation_ids(
        user, sheet.contract
    )


def can_comment(user, contract: Contract) -> bool:
    return bool(roles_on(user, contract) & {Role.COORDINATOR, Role.STATE_REVIEWER})


def can_view_history(user, contract: Contract) -> bool:
    """The audit trail: the coordinator and the State reviewers of the contract."""
    return bool(roles_on(user, contract) & {Role.COORDINATOR, Role.STATE_REVIEWER})


def can_create_contract(user) -> bool:
    """A new contract (from a document or the short form): platform admins only."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def can_import_version(user, contract: Contract) -> bool:
    """A new version of the contract's document: its coordinator only."""
    return is_coordinator(user, contract)


def scope(user, contract: Contract) -> tuple[tuple[str, int], ...]:
    """What decides what the user sees of the contract: their roles there, with the
    organisation of each (an operator sees its own sheets). Two people with the same scope see
    the same pages: the key of the per-person cached blocks."""
    return tuple(
        sorted(
            (str(m.role), m.organisation_id)
            for m in memberships(user)
            if m.contract_id == contract.pk
        )
    )
