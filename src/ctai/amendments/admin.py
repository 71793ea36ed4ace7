"""Amendments are written through their pages (drafting, signature applied in one
transaction): the admin only reads them."""

from django.contrib import admin

from ctai.amendments.models import Amendment, AmendmentChange, AmendmentComment, ContractVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ChangeInline(admin.TabularInline):
    model = AmendmentChange
    extra = 0
    fields = ["kind", "year", "sheet_number", "axis_number", "field", "label", "before", "after"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Amendment)
class AmendmentAdmin(ReadOnly):
    list_display = ["__str__", "contract", "status", "signed_on"]
    list_filter = ["status"]
    inlines = [ChangeInline]


@admin.register(AmendmentComment)
class AmendmentCommentAdmin(ReadOnly):
    list_display = ["__str__", "amendment", "author_role"]


@admin.register(ContractVersion)
class ContractVersionAdmin(ReadOnly):
    list_display = ["label", "contract", "taken_at"]
    exclude = ["document"]
