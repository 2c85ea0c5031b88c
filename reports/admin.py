from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import QuarterlyReturn, ReportRun, ReturnEvent, ReturnReminder


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(SimpleHistoryAdmin):
    list_display = ["area", "quarter_start", "status", "due_on", "first_submitted_at", "accepted_at"]
    list_filter = ["status", "quarter_start"]
    readonly_fields = ["snapshot", "snapshot_taken_at", "narrative_when_returned"]


@admin.register(ReturnEvent)
class ReturnEventAdmin(admin.ModelAdmin):
    list_display = ["quarterly_return", "step", "actor", "at"]


@admin.register(ReturnReminder)
class ReturnReminderAdmin(admin.ModelAdmin):
    list_display = ["quarterly_return", "kind", "scheduled_on", "sent_at", "recipients"]


@admin.register(ReportRun)
class ReportRunAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "published", "queued_at", "finished_at"]
    list_filter = ["scope", "status", "published"]
