from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BaselineChange, DataUpload, Measure, MeasureValue, SharedMeasure


@admin.register(SharedMeasure)
class SharedMeasureAdmin(SimpleHistoryAdmin):
    list_display = ("name", "measure_type", "frequency", "direction")
    list_filter = ("measure_type", "frequency")


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ("name", "area", "measure_type", "frequency", "direction", "baseline_points")
    list_filter = ("area", "measure_type", "frequency")
    list_select_related = ("area",)


@admin.register(MeasureValue)
class MeasureValueAdmin(SimpleHistoryAdmin):
    list_display = ("measure", "area", "period_start", "value", "numerator", "denominator")
    list_filter = ("area",)
    list_select_related = ("measure", "area")


@admin.register(BaselineChange)
class BaselineChangeAdmin(SimpleHistoryAdmin):
    list_display = ("measure", "area", "previous_points", "new_points", "changed_at")
    list_select_related = ("measure", "area")


@admin.register(DataUpload)
class DataUploadAdmin(SimpleHistoryAdmin):
    list_display = ("file_name", "area", "status", "uploaded_by", "uploaded_at", "saved_rows")
    list_filter = ("area", "status")
    list_select_related = ("area", "uploaded_by")
    exclude = ("content",)
