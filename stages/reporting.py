"""The stages part of a quarterly return (reports.snapshot): the programme's and each innovation's
stage and progress, stage changes and activities completed in the quarter, computed with the same
rules as the stage pages (stages.progress: the clock stops when the subject leaves a stage)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from core.quarters import Quarter

from .models import (
    STAGE_ORDER,
    ActivityProgress,
    ActivityStatus,
    Stage,
    StageActivity,
    StageChange,
    StageChangeStatus,
)
from .progress import ActivityDates, all_stage_progress, stage_visits


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _progress_rows(
    records: dict[int, ActivityProgress], activities: list[StageActivity], upto: date, visits=()
) -> list[dict]:
    dates = []
    for activity in activities:
        if activity.retired_on is not None and activity.pk not in records:
            continue
        record = records.get(activity.pk)
        completed_on = record.completed_on if record and record.completed_on and record.completed_on <= upto else None
        started_on = record.started_on if record and record.started_on and record.started_on <= upto else None
        done = bool(
            record
            and record.status == ActivityStatus.DONE
            and (record.completed_on is None or record.completed_on <= upto)
        )
        dates.append(ActivityDates(stage=activity.stage, done=done, started_on=started_on, completed_on=completed_on))
    return [
        {
            "stage": row.stage,
            "label": Stage(row.stage).label,
            "done": row.done,
            "total": row.total,
            "percent": row.percent,
            "duration_days": row.duration_days,
        }
        # The stage clock stops when the subject left the stage (its confirmed changes up to `upto`).
        for row in all_stage_progress(STAGE_ORDER, dates, upto, visits)
    ]


def _stage_of(change: StageChange | None) -> dict:
    if change is None:
        return {"stage": None, "label": "Not recorded", "entered_on": None}
    return {"stage": change.stage, "label": change.get_stage_display(), "entered_on": _iso(change.entered_on)}


def stages_section(area, quarter: Quarter, upto: date, innovations: list) -> dict:
    """The programme's and each innovation's stage and progress, stage changes and activities
    completed in the quarter."""
    innovation_type = ContentType.objects.get_for_model(apps.get_model("innovations", "Innovation"))
    names = {i.pk: i.name for i in innovations}

    def subject_key(record):
        if record.subject_content_type_id is None:
            return None
        if record.subject_content_type_id == innovation_type.pk:
            return record.subject_object_id
        return "other"

    latest: dict = {}
    changes = []
    entered: dict = defaultdict(list)  # subject → (stage, date entered), oldest first
    for stage_change in StageChange.objects.filter(
        area=area, status=StageChangeStatus.CONFIRMED, entered_on__lte=upto
    ).order_by("entered_on", "pk"):
        key = subject_key(stage_change)
        latest[key] = stage_change
        entered[key].append((stage_change.stage, stage_change.entered_on))
        if stage_change.entered_on >= quarter.start and (key is None or key in names):
            changes.append(
                {
                    "subject": "The programme as a whole" if key is None else names[key],
                    "stage": stage_change.stage,
                    "label": stage_change.get_stage_display(),
                    "entered_on": _iso(stage_change.entered_on),
                }
            )

    activities = list(StageActivity.objects.all())
    records: dict = defaultdict(dict)
    completed = []
    for record in ActivityProgress.objects.filter(area=area).select_related("activity"):
        key = subject_key(record)
        records[key][record.activity_id] = record
        in_quarter = record.completed_on and quarter.start <= record.completed_on <= upto
        if record.status == ActivityStatus.DONE and in_quarter and (key is None or key in names):
            completed.append(
                {
                    "subject": "The programme as a whole" if key is None else names[key],
                    "title": record.activity.title,
                    "stage": Stage(record.activity.stage).label,
                    "completed_on": _iso(record.completed_on),
                }
            )
    completed.sort(key=lambda row: (row["completed_on"], row["subject"], row["title"]))
    return {
        "programme": {
            **_stage_of(latest.get(None)),
            "progress": _progress_rows(records[None], activities, upto, stage_visits(entered[None])),
        },
        "innovations": [
            {
                "id": innovation.pk,
                "name": innovation.name,
                **_stage_of(latest.get(innovation.pk)),
                "progress": _progress_rows(
                    records[innovation.pk], activities, upto, stage_visits(entered[innovation.pk])
                ),
            }
            for innovation in innovations
        ],
        "changes": changes,
        "activities_completed": completed,
        "activities_completed_count": len(completed),
    }
