from django.contrib import admin

from ctai.indicators.models import IndicatorDefinition


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "label", "section", "unit", "parent"]
    list_filter = ["section", "unit"]
    search_fields = ["code", "label"]
