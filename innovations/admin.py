from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Exploration, FidelityCheck, HexagonIndicator, Innovation


@admin.register(HexagonIndicator)
class HexagonIndicatorAdmin(SimpleHistoryAdmin):
    """CELCIS keeps the Hexagon Tool's prompts here; each version keeps its own indicators."""

    list_display = ("name", "tool_version", "group", "order", "concern_when_low")
    list_filter = ("tool_version",)


@admin.register(Innovation)
class InnovationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "area", "status", "origin")
    list_filter = ("status", "origin", "area")
    list_select_related = ("area",)
    search_fields = ("name",)


@admin.register(Exploration)
class ExplorationAdmin(SimpleHistoryAdmin):
    list_display = ("need", "area", "started_on", "decision")
    list_filter = ("decision", "area")
    list_select_related = ("area",)


@admin.register(FidelityCheck)
class FidelityCheckAdmin(SimpleHistoryAdmin):
    list_display = ("practitioner", "innovation", "area", "checked_on", "meets_fidelity")
    list_filter = ("meets_fidelity", "area")
    list_select_related = ("practitioner", "innovation", "area")
