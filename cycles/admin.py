from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cycle, FeedbackItem, UsabilityIteration


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "kind", "phase", "started_on", "closed_on"]
    list_filter = ["area", "kind", "phase"]
    search_fields = ["title"]


@admin.register(UsabilityIteration)
class UsabilityIterationAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "number", "cohort_size", "criteria_met"]


@admin.register(FeedbackItem)
class FeedbackItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "status", "raised_on", "resolved_on"]
    list_filter = ["area", "status", "routed_to"]
    search_fields = ["title"]
