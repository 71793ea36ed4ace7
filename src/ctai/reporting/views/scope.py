"""Fetching a report page's objects within the user's scope: outside it, a 404.

A sheet the user may not see answers 404 (``contracts.views.scope.get_sheet``); a period that
is not planned for the sheet's year too. The report itself is shown by the rule of
``OperatorReport.objects.for_user`` (``report_visible``, from the memberships the request has
already read): a State reviewer does not see drafts, a COPIL member only validated reports;
the page then says that the report is not available to them yet.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from ctai.accounts import permissions
from ctai.contracts.models import ActionSheet
from ctai.contracts.views.fragments import cached_block
from ctai.contracts.views.scope import get_sheet
from ctai.core.roles import Role
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import OperatorReport, ReportingPeriod


@dataclass
class ReportScope:
    sheet: ActionSheet
    period: ReportingPeriod
    report: OperatorReport | None  # None: not started, or not visible to this user
    exists: bool  # a report exists (visible or not)

    @property
    def url(self) -> str:
        return report_url(self.sheet, self.period)


def report_url(sheet: ActionSheet, period: ReportingPeriod, action: str = "report") -> str:
    return reverse(
        f"reporting:{action}", args=[sheet.contract_id, sheet.year, sheet.number, period.kind]
    )


def report_visible(user, sheet: ActionSheet, report: OperatorReport) -> bool:
    """``OperatorReport.objects.for_user``'s rule for one report of ``sheet`` (a sheet in the
    user's scope): the coordination and the sheet's operator see it at every stage, a State
    reviewer once it is no longer a draft, a COPIL member once validated."""
    roles = permissions.roles_on(user, sheet.contract)
    if Role.COORDINATOR in roles or permissions.is_operator_member(user, sheet):
        return True
    if Role.STATE_REVIEWER in roles and report.status != ReportStatus.DRAFT:
        return True
    return Role.COPIL in roles and report.status == ReportStatus.VALIDATED


def _period_and_report(
    sheet: ActionSheet, year: int, kind: str
) -> tuple[ReportingPeriod, int | None]:
    """The period (404 if not planned) and the id of the sheet's report for it, if started:
    periods and reports are audited, their creation and deletion move the contract's stamp,
    so both are kept with it. The report itself (its version moves without an audited change)
    is read on each request."""

    def find():
        period = ReportingPeriod.objects.filter(
            contract=sheet.contract_id, year=year, kind=kind
        ).first()
        if period is None:
            return None  # not kept: asked again
        found = OperatorReport.objects.filter(period=period, sheet=sheet)
        return period, found.values_list("pk", flat=True).first()

    found = cached_block("report-scope", sheet.contract, (sheet.pk, year, kind), find)
    if found is None:
        raise Http404
    return found


def get_report_scope(
    request, contract: int, year: int, number: int, kind: str, *, contents: bool = True
) -> ReportScope:
    """``contents``: the report comes with everything it holds (``with_contents``); without,
    the report alone, sharing the scope's sheet and period (the report page loads what it
    shows itself, often from its cache)."""
    if kind not in PeriodKind.values:
        raise Http404
    sheet = get_sheet(request, contract, year, number)
    period, report_pk = _period_and_report(sheet, year, kind)
    report = None
    if report_pk is not None:
        found = OperatorReport.objects.filter(pk=report_pk)
        report = (found.with_contents() if contents else found).first()
    if report is None:
        return ReportScope(sheet, period, None, False)
    if not report_visible(request.user, sheet, report):
        return ReportScope(sheet, period, None, True)
    if not contents:
        period.contract = sheet.contract
        report.period, report.sheet = period, sheet
    return ReportScope(sheet, period, report, True)


def require_operator(request, scope: ReportScope) -> None:
    """Only a member of the sheet's operator fills the report (403 for the others)."""
    if not permissions.is_operator_member(request.user, scope.sheet):
        raise PermissionDenied


def require_coordinator(request, scope: ReportScope) -> None:
    if not permissions.is_coordinator(request.user, scope.sheet.contract):
        raise PermissionDenied


def require_report(scope: ReportScope) -> OperatorReport:
    """The report an action applies to; none yet (or not visible): 404."""
    if scope.report is None:
        raise Http404
    return scope.report
