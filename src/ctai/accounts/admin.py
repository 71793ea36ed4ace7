from django.contrib import admin

from ctai.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "contract", "created_at", "revoked_at"]
    list_filter = ["role", "contract", "revoked_at"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]
