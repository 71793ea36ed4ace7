from django.contrib import admin

from ctai.checks.models import StoredFinding


@admin.register(StoredFinding)
class StoredFindingAdmin(admin.ModelAdmin):
    list_display = ["contract", "severity", "code", "action_number", "message"]
    list_filter = ["contract", "severity", "code"]
    readonly_fields = [f.name for f in StoredFinding._meta.fields]
