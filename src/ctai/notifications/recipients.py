"""Who hears of an event: the people holding a role on the contract, read from memberships."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from ctai.accounts.models import Membership
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import Role
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import OperatorReport, SheetComment


def holding(contract: Contract | int, *roles: str) -> QuerySet:
    """Active people with one of ``roles`` on ``contract``."""
    members = Membership.objects.active().filter(contract=contract, role__in=roles)
    return get_user_model().objects.filter(is_active=True, pk__in=members.values("user"))


def operator_members(sheet: ActionSheet) -> QuerySet:
    """The people of the sheet's operator (porteur) on its contract."""
    if sheet.operator_id is None:
        return get_user_model().objects.none()
    members = Membership.objects.active().filter(
        contract=sheet.contract_id, organisation=sheet.operator_id, role=Role.OPERATOR
    )
    return get_user_model().objects.filter(is_active=True, pk__in=members.values("user"))


def operators_of_year(contract: Contract, year: int) -> QuerySet:
    sheets = ActionSheet.objects.filter(contract=contract, year=year, operator__isnull=False)
    members = Membership.objects.active().filter(
        contract=contract, role=Role.OPERATOR, organisation__in=sheets.values("operator")
    )
    return get_user_model().objects.filter(is_active=True, pk__in=members.values("user"))


def report_readers(report: OperatorReport) -> list:
    """Everyone who may read the report (``OperatorReport.objects.for_user``, from the other
    side): the coordination, the operator's people, the State once submitted, the COPIL once
    validated."""
    contract = report.period.contract_id
    roles = [Role.COORDINATOR]
    if report.status != ReportStatus.DRAFT:
        roles.append(Role.STATE_REVIEWER)
    if report.status == ReportStatus.VALIDATED:
        roles.append(Role.COPIL)
    people = {u.pk: u for u in holding(contract, *roles)}
    people.update({u.pk: u for u in operator_members(report.sheet)})
    return list(people.values())


def sheet_readers(sheet: ActionSheet) -> list:
    """Who hears of a message on a sheet: the coordination, the operator's people and the
    State — those who act on it. The COPIL reads the sheet too but hears only of the
    conversations it has written in (it steers; it is not asked about every sheet)."""
    roles = [Role.COORDINATOR, Role.STATE_REVIEWER]
    people = {u.pk: u for u in holding(sheet.contract_id, *roles)}
    people.update({u.pk: u for u in operator_members(sheet)})
    copil = holding(sheet.contract_id, Role.COPIL).filter(
        pk__in=SheetComment.objects.filter(sheet=sheet).values("author")
    )
    people.update({u.pk: u for u in copil})
    return list(people.values())
