"""Reads for drivers: scores, comparisons, trends, the national heat map and the overview panel.

Every function here uses a fixed number of queries, however many assessments, items or areas lie
behind it; the arithmetic itself lives in `drivers.scoring`. Split by sub-area; everything is
importable from `drivers.selectors` (other apps use `scores_by_assessment`, `comparable_assessments`
and `drivers_in_order`).
"""

from .actions import actions_enabled, driver_actions, open_driver_actions
from .common import (
    comparable_assessments,
    current_item_set,
    draft_item_set,
    draft_last_saved,
    drivers_by_group,
    drivers_in_order,
    facilitator_choices,
    innovation_model,
    innovations_for,
    is_stale,
    item_key,
    items_by_group,
    months_before,
    next_due,
    previous_assessment,
    programme_assessments,
    same_subject,
    scores_by_assessment,
)
from .national import Heatmap, HeatmapColumn, HeatmapRow, latest_assessments, national_heatmap, overview_panel
from .report import AssessmentReport, DriverRow, GroupRow, ItemRow, assessment_report
from .trends import Trend, default_subject_value, subject_choices, subject_for, trend

__all__ = [
    "AssessmentReport",
    "DriverRow",
    "GroupRow",
    "Heatmap",
    "HeatmapColumn",
    "HeatmapRow",
    "ItemRow",
    "Trend",
    "actions_enabled",
    "assessment_report",
    "comparable_assessments",
    "current_item_set",
    "default_subject_value",
    "draft_item_set",
    "draft_last_saved",
    "driver_actions",
    "drivers_by_group",
    "drivers_in_order",
    "facilitator_choices",
    "innovation_model",
    "innovations_for",
    "is_stale",
    "item_key",
    "items_by_group",
    "latest_assessments",
    "months_before",
    "next_due",
    "national_heatmap",
    "open_driver_actions",
    "overview_panel",
    "previous_assessment",
    "programme_assessments",
    "same_subject",
    "scores_by_assessment",
    "subject_choices",
    "subject_for",
    "trend",
]
