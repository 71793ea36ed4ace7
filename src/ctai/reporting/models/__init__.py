"""The yearly reporting cycle (articles 4 and 7): periods, operator reports and their contents."""

from ctai.reporting.models.contents import (
    SPENDING_LINES,
    IndicatorAchievement,
    ReportAttachment,
    SpendingLine,
)
from ctai.reporting.models.conversations import ReportComment, SheetComment
from ctai.reporting.models.opinions import ContradictoryEvaluation, SheetOpinion
from ctai.reporting.models.periods import ReportingPeriod
from ctai.reporting.models.reports import (
    OperatorReport,
    ReportTransition,
    StatusChangeOutsideWorkflow,
)

__all__ = [
    "SPENDING_LINES",
    "ContradictoryEvaluation",
    "IndicatorAchievement",
    "OperatorReport",
    "ReportAttachment",
    "ReportComment",
    "ReportTransition",
    "ReportingPeriod",
    "SheetComment",
    "SheetOpinion",
    "SpendingLine",
    "StatusChangeOutsideWorkflow",
]
