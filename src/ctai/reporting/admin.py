"""Platform admins read reports and their log; the workflow happens in the application."""

from django.contrib import admin

from ctai.reporting.models import (
    ContradictoryEvaluation,
    IndicatorAchievement,
    OperatorReport,
    ReportAttachment,
    ReportComment,
    ReportingPeriod,
    ReportTransition,
    SheetOpinion,
    SpendingLine,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["contract", "year", "kind", "due_date"]
    list_filter = ["kind", "year"]


class ReadOnlyInline(admin.TabularInline):
    """Shown, never edited: every field is read-only (a non-editable one such as an automatic
    date in ``fields`` made the report's admin page answer 500)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AchievementInline(ReadOnlyInline):
    model = IndicatorAchievement
    fields = ["indicator", "value", "comment"]


class SpendingInline(ReadOnlyInline):
    model = SpendingLine
    fields = ["budget_line", "extra_line", "amount"]


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "by", "source", "target", "reason"]


class AttachmentInline(ReadOnlyInline):
    model = ReportAttachment
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]


class CommentInline(ReadOnlyInline):
    model = ReportComment
    fields = ["created_at", "author", "body"]


@admin.register(OperatorReport)
class OperatorReportAdmin(admin.ModelAdmin):
    """Read-only: a report changes only through the services (who may do what, the log)."""

    list_display = ["__str__", "status", "submitted_at", "validated_at", "updated_at"]
    list_filter = ["status", "period__kind", "period__year"]
    list_select_related = ["period", "sheet"]
    inlines = [AchievementInline, SpendingInline, AttachmentInline, CommentInline, TransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OpinionInline(ReadOnlyInline):
    model = SheetOpinion
    fields = ["sheet", "appraisal", "comment", "answer"]


@admin.register(ContradictoryEvaluation)
class ContradictoryEvaluationAdmin(admin.ModelAdmin):
    """Read-only: opinions, answers and signatures are written in the application (who may
    do what, the audit trail)."""

    list_display = ["__str__", "contract", "state_signed_at", "coordination_signed_at"]
    list_filter = ["year"]
    list_select_related = ["contract"]
    inlines = [OpinionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
