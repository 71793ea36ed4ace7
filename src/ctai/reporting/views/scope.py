"""Fetching a report page's objects within the user's scope: outside it, a 404.

A sheet the user may not see answers 404 (``contracts.views.scope.get_sheet``); a period that
is not planned for the sheet's year too. The report itself is read through
``OperatorReport.objects.for_user``: a State reviewer does not see drafts, a COPIL member only
validated reports; the page then says that the report is not available to them yet.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ctai.accounts import permissions
from ctai.contracts.models import ActionSheet
from ctai.contracts.views.scope import get_sheet
from ctai.reporting.enums import PeriodKind
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


def get_report_scope(request, contract: int, year: int, number: int, kind: str) -> ReportScope:
    if kind not in PeriodKind.values:
        raise Http404
    sheet = get_sheet(request, contract, year, number)
    period = get_object_or_404(ReportingPeriod, contract=sheet.contract, year=year, kind=kind)
    found = OperatorReport.objects.filter(period=period, sheet=sheet)
    report = found.for_user(request.user).with_contents().first()
    return ReportScope(sheet, period, report, report is not None or found.exists())


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
