from django.contrib import admin

from ctai.governance.models import Decision, Meeting, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["contract", "date", "kind", "status"]
    list_filter = ["kind", "status"]
    inlines = [ParticipantInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "owner", "due_date", "follow_up"]
    list_filter = ["kind", "follow_up"]
    filter_horizontal = ["sheets"]
