from django.contrib import admin

from ctai.documents.models import DocumentImport, ReviewItem


@admin.register(DocumentImport)
class DocumentImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "contract", "imported_at", "sha256"]
    readonly_fields = ["contract", "filename", "sha256", "imported_at", "changes"]


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):
    list_display = ["contract", "line", "action_number", "field", "reason"]
    list_filter = ["contract"]
    search_fields = ["text", "reason"]
