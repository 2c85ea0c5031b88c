from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActivityProgress,
    ReadinessCheck,
    ReadinessQuestion,
    StageActivity,
    StageChange,
    StakeholderEngagement,
)


@admin.register(StageActivity)
class StageActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "stage", "order", "retired_on")
    list_filter = ("stage",)


@admin.register(ReadinessQuestion)
class ReadinessQuestionAdmin(SimpleHistoryAdmin):
    list_display = ("text", "order", "retired_on")


@admin.register(StageChange)
class StageChangeAdmin(SimpleHistoryAdmin):
    list_display = ("area", "stage", "entered_on", "status")
    list_filter = ("status", "stage", "area")
    list_select_related = ("area",)


@admin.register(ActivityProgress)
class ActivityProgressAdmin(SimpleHistoryAdmin):
    list_display = ("area", "activity", "status", "started_on", "completed_on")
    list_filter = ("status", "area")
    list_select_related = ("area", "activity")


@admin.register(StakeholderEngagement)
class StakeholderEngagementAdmin(SimpleHistoryAdmin):
    list_display = ("area", "held_on", "kind", "level", "participants")
    list_filter = ("area", "kind", "level")


@admin.register(ReadinessCheck)
class ReadinessCheckAdmin(SimpleHistoryAdmin):
    list_display = ("area", "checked_on")
    list_filter = ("area",)
