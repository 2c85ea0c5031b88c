from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, Driver, Item, ItemScore, ItemSet


@admin.register(Driver)
class DriverAdmin(SimpleHistoryAdmin):
    list_display = ("name", "key", "group", "order")
    list_filter = ("group",)


@admin.register(ItemSet)
class ItemSetAdmin(SimpleHistoryAdmin):
    list_display = ("number", "status", "published_at")
    list_filter = ("status",)


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ("text", "driver", "item_set", "order")
    list_filter = ("item_set", "driver")
    list_select_related = ("driver", "item_set")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("area", "assessed_on", "status", "item_set")
    list_filter = ("status", "area")
    list_select_related = ("area", "item_set")


@admin.register(ItemScore)
class ItemScoreAdmin(SimpleHistoryAdmin):
    list_display = ("item", "assessment", "score")
    list_select_related = ("item", "assessment")
