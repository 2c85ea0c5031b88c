"""Stage figures for many areas at once — the national page and to-do lists — in a fixed number of
queries whatever the number of areas, subjects or records (filter on area ids, never per area)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType

from .models import (
    STAGE_ORDER,
    ActivityProgress,
    ActivityStatus,
    StageActivity,
    StageChange,
    StageChangeStatus,
    StageTarget,
)
from .progress import ActivityDates, StageProgress, all_stage_progress, stage_visits


@dataclass
class SubjectStages:
    """Everything about one subject's stages (an area's programme, or one of its records)."""

    area_id: int
    content_type_id: int | None = None
    object_id: int | None = None
    changes: list[StageChange] = field(default_factory=list)  # confirmed, oldest first
    records: dict[int, ActivityProgress] = field(default_factory=dict)  # activity id → its record
    targets: dict[str, date] = field(default_factory=dict)

    @property
    def current(self) -> StageChange | None:
        return self.changes[-1] if self.changes else None

    def progress(self, activities: list[StageActivity], today: date) -> list[StageProgress]:
        """The subject's progress per stage over the catalogue for it (no queries)."""
        dates = [
            ActivityDates(
                stage=activity.stage,
                done=activity.pk in self.records and self.records[activity.pk].status == ActivityStatus.DONE,
                started_on=self.records[activity.pk].started_on if activity.pk in self.records else None,
                completed_on=self.records[activity.pk].completed_on if activity.pk in self.records else None,
            )
            for activity in activities
            if activity.retired_on is None or activity.pk in self.records
        ]
        visits = stage_visits((change.stage, change.entered_on) for change in self.changes)
        return all_stage_progress(STAGE_ORDER, dates, today, visits, self.targets)


def gather(area_ids) -> dict[tuple, SubjectStages]:
    """(area id, content type id, object id) → the subject's stages, for every subject with any
    confirmed stage change, activity record or target in the areas (three queries)."""
    subjects: dict[tuple, SubjectStages] = {}

    def subject(row) -> SubjectStages:
        key = (row.area_id, row.subject_content_type_id, row.subject_object_id)
        if key not in subjects:
            subjects[key] = SubjectStages(*key)
        return subjects[key]

    confirmed = StageChange.objects.filter(area_id__in=area_ids, status=StageChangeStatus.CONFIRMED)
    for change in confirmed.order_by("entered_on", "pk"):
        subject(change).changes.append(change)
    for record in ActivityProgress.objects.filter(area_id__in=area_ids):
        subject(record).records[record.activity_id] = record
    for target in StageTarget.objects.filter(area_id__in=area_ids):
        subject(target).targets[target.stage] = target.target_on
    return subjects


def subject_records(subjects) -> dict[tuple, object]:
    """(content type id, object id) → the record each subject is about (a query per kind of record)."""
    wanted = defaultdict(set)
    for item in subjects:
        if item.content_type_id:
            wanted[item.content_type_id].add(item.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for record in model._default_manager.filter(pk__in=ids):
            found[(content_type_id, record.pk)] = record
    return found


def national_stage_overview(areas, today: date) -> dict:
    """Every programme area's programme and every one of their innovations (or other subjects)
    with a stage record: current stage, time in it and progress per stage."""
    areas = list(areas)
    by_id = {area.pk: area for area in areas}
    subjects = gather(list(by_id))
    activities = list(StageActivity.objects.all())
    records = subject_records(subjects.values())
    programmes, others = [], []
    for area in areas:
        item = subjects.get((area.pk, None, None)) or SubjectStages(area.pk)
        programmes.append(_row(area, None, item, activities, today))
    for item in subjects.values():
        record = records.get((item.content_type_id, item.object_id))
        if item.content_type_id and record is not None:
            if hasattr(record, "area_id"):
                record.area = by_id[item.area_id]  # already loaded: its page link needs no query
            others.append(_row(by_id[item.area_id], record, item, activities, today))
    others.sort(key=lambda row: (row["area"].name, str(row["subject"])))
    return {"programmes": programmes, "subjects": others}


def _row(area, subject, item: SubjectStages, activities, today) -> dict:
    progress = item.progress(activities, today)
    return {
        "area": area,
        "subject": subject,
        "current": item.current,
        "now": next((p for p in progress if p.in_stage), None),
        "progress": progress,
    }
