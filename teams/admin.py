from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Communication, Meeting, MeetingAttendance, Team, TeamMember


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "area", "level", "parent", "formed_on", "stood_down_on")
    list_filter = ("level", "area")
    list_select_related = ("area", "parent")
    search_fields = ("name",)


@admin.register(TeamMember)
class TeamMemberAdmin(SimpleHistoryAdmin):
    list_display = ("name", "team", "area", "organisation", "role", "hours_per_week", "joined_on", "left_on")
    list_filter = ("organisation", "role", "area")
    list_select_related = ("team", "area")
    search_fields = ("name", "email")
    raw_id_fields = ("user", "team")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("team", "area", "held_on")
    list_filter = ("area",)
    list_select_related = ("team", "area")
    raw_id_fields = ("team",)


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(SimpleHistoryAdmin):
    list_display = ("member", "meeting", "area")
    list_select_related = ("member", "meeting", "meeting__team", "area")
    raw_id_fields = ("member", "meeting")


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "area", "team", "owner", "due_date", "status")
    list_filter = ("status", "area")
    list_select_related = ("area", "team", "owner")
    search_fields = ("title",)
    raw_id_fields = ("team", "owner", "meeting", "created_by")


@admin.register(Communication)
class CommunicationAdmin(SimpleHistoryAdmin):
    list_display = ("sent_on", "area", "audience", "channel", "team")
    list_filter = ("audience", "channel", "area")
    list_select_related = ("area", "team")
    raw_id_fields = ("team", "recorded_by")
