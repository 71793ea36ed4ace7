from django.contrib import admin

from ctai.notifications.models import DigestSent, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "sent_at"]
    readonly_fields = ["user", "day", "created_at", "sent_at", "email_attempts"]
