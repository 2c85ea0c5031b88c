"""Across areas: the national heat map of each area's latest assessment, and the area overview panel."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Assessment, AssessmentStatus
from ..scoring import AssessmentScores, Score
from .actions import open_driver_actions
from .common import drivers_by_group, drivers_in_order, is_stale, programme_assessments, scores_by_assessment


@dataclass
class HeatmapColumn:
    area: object
    assessment: Assessment | None
    scores: AssessmentScores | None

    @property
    def is_stale(self) -> bool:
        return self.assessment is not None and is_stale(self.assessment.assessed_on)


@dataclass
class HeatmapRow:
    label: str
    kind: str  # "group", "driver" or "overall"
    cells: list[Score | None]


@dataclass
class Heatmap:
    columns: list[HeatmapColumn]
    rows: list[HeatmapRow]


def latest_assessments(area_ids) -> dict[int, Assessment]:
    """Each area's latest completed assessment of the programme as a whole (replaced ones left out):
    one query. DOMAIN: comparisons across areas always use this one, never an innovation's."""
    latest: dict[int, Assessment] = {}
    completed = (
        Assessment.objects.filter(
            area_id__in=list(area_ids), status=AssessmentStatus.COMPLETED, subject_content_type__isnull=True
        )
        .exclude(corrections__status=AssessmentStatus.COMPLETED)
        .select_related("item_set")
        .order_by("area_id", "-assessed_on", "-pk")
    )
    for assessment in completed:
        latest.setdefault(assessment.area_id, assessment)
    return latest


def national_heatmap(areas) -> Heatmap:
    """Drivers (rows) × areas (columns) from each area's latest assessment, with group and overall
    rows. A fixed number of queries for any number of areas."""
    areas = list(areas)
    latest = latest_assessments(a.pk for a in areas)
    drivers = drivers_in_order()
    scores = scores_by_assessment(latest.values(), drivers)
    columns = [
        HeatmapColumn(
            area=area,
            assessment=latest.get(area.pk),
            scores=scores.get(latest[area.pk].pk) if area.pk in latest else None,
        )
        for area in areas
    ]
    rows = []
    for group, label, group_drivers in drivers_by_group(drivers):
        rows.append(HeatmapRow(label, "group", [c.scores.group(group) if c.scores else None for c in columns]))
        for driver in group_drivers:
            rows.append(
                HeatmapRow(driver.name, "driver", [c.scores.driver(driver.key) if c.scores else None for c in columns])
            )
    rows.append(HeatmapRow("Overall", "overall", [c.scores.overall if c.scores else None for c in columns]))
    return Heatmap(columns=columns, rows=rows)


# --- The area overview panel ---------------------------------------------------------------------------

PANEL_WEAKEST = 3
PANEL_ACTIONS = 5


def overview_panel(area, access) -> dict:
    """The latest programme assessment's scores, the weakest drivers and open actions on gaps (a fixed
    number of queries)."""
    latest = programme_assessments(area).select_related("item_set").first()
    drivers = drivers_in_order()
    rows = []
    overall = None
    if latest:
        scores = scores_by_assessment([latest], drivers)[latest.pk]
        rows = [{"driver": d, "score": scores.driver(d.key)} for d in drivers]
        overall = scores.overall
    answered = [row for row in rows if row["score"].answered]
    weakest = sorted(answered, key=lambda row: (row["score"].percent, row["driver"].order))[:PANEL_WEAKEST]
    actions = open_driver_actions(area)
    open_actions = list(actions[:PANEL_ACTIONS]) if actions is not None else []
    open_count = actions.count() if actions is not None else 0
    return {
        "latest": latest,
        "rows": rows,
        "overall": overall,
        "weakest": weakest,
        "open_actions": open_actions,
        "open_action_count": open_count,
        "latest_is_stale": bool(latest and is_stale(latest.assessed_on)),
        "can_edit": access.can_edit_area(area),
    }
