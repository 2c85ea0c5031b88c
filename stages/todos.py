"""What the stages app asks of people (core.todos). Computed from the records, so an item goes
when the thing is done; five queries whatever the number of areas or records.

- Leads (and CELCIS for the areas in scope): each proposed stage change waiting for their decision,
  overdue from the day it was proposed, since it blocks the member who proposed it.
- Members and leads: each checklist activity past its target date and not done, while its subject
  is still in (or has not yet reached) its stage — an activity "left open" when the subject moved
  on is no longer being worked on, so it is not chased; each stage past its target date and not
  ended; and a readiness-for-change check when the area's programme is in exploration or
  installation and its last check is more than READINESS_INTERVAL_MONTHS old (or there is none).
- CELCIS: areas whose stage progress has stalled: the programme is in a stage that still has
  activities not done, and for STALLED_DAYS no activity of the programme or of any of the area's
  subjects has been completed and no stage change has been confirmed.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db.models import Max
from django.urls import reverse

from core.dates import day_label
from core.todos import Todo, TodoScope, Urgency

from .bulk import gather
from .models import ReadinessCheck, Stage, StageActivity, StageChange, StageChangeStatus

# The readiness page asks for the check to be repeated "say every six months".
READINESS_INTERVAL_MONTHS = 6
STALLED_DAYS = 90
# Stages in which readiness for change is still being built, before practice begins.
READINESS_STAGES = {Stage.EXPLORATION, Stage.INSTALLATION}


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _slug(scope: TodoScope, area_id: int) -> str:
    return next(area.slug for area in scope.areas if area.pk == area_id)


def _subject_url(slug: str, content_type_id, object_id, part: str, record_pk=None) -> str:
    """The subject's stage page (or the page for one of its records): the programme's, or an
    innovation's (the only records with stage pages; as stages.notices links them)."""
    if content_type_id is None:
        names = {"stage": "stages:overview", "decide": "stages:change_decide", "activity": "stages:activity_progress"}
        kwargs = {"area_slug": slug}
        record_kwarg = {"decide": "pk", "activity": "activity_pk"}
    else:
        names = {
            "stage": "innovations:stage",
            "decide": "innovations:stage_decide",
            "activity": "innovations:activity_progress",
        }
        kwargs = {"area_slug": slug, "pk": object_id}
        record_kwarg = {"decide": "change_pk", "activity": "activity_pk"}
    if record_pk is not None:
        kwargs[record_kwarg[part]] = record_pk
    return reverse(names[part], kwargs=kwargs)


def _proposals(scope: TodoScope) -> list[Todo]:
    lead_ids = [area_id for area_id in scope.area_ids if scope.leads(area_id)]
    proposals = StageChange.objects.filter(area_id__in=lead_ids, status=StageChangeStatus.PROPOSED)
    items = []
    for change in proposals.select_related("recorded_by").order_by("recorded_at", "pk"):
        slug = _slug(scope, change.area_id)
        about = " for one of the area's innovations" if change.subject_content_type_id else ""
        items.append(
            Todo(
                key="stages.confirm_change",
                title=f"Confirm or decline the proposed move to {change.get_stage_display().lower()}{about}",
                url=_subject_url(slug, change.subject_content_type_id, change.subject_object_id, "decide", change.pk),
                urgency=Urgency.OVERDUE,
                area=scope.area_name(change.area_id),
                since=change.recorded_at.date(),
                detail=f"Proposed by {change.recorded_by}, from {day_label(change.entered_on)}.",
            )
        )
    return items


def _late_work(scope: TodoScope, subjects, activities) -> list[Todo]:
    """Activities and stages past their target date, for the people who do the work."""
    items = []
    for item in subjects.values():
        progress = {p.stage: p for p in item.progress(activities, scope.today)}
        slug = _slug(scope, item.area_id)
        ids = (item.content_type_id, item.object_id)
        for activity in activities:
            record = item.records.get(activity.pk)
            if record is None or record.target_on is None or record.status == "done":
                continue
            if record.target_on < scope.today and progress[activity.stage].left_on is None:
                items.append(
                    Todo(
                        key="stages.activity_late",
                        title=f"Finish “{activity.title}”",
                        url=_subject_url(slug, *ids, "activity", activity.pk),
                        urgency=Urgency.OVERDUE,
                        area=scope.area_name(item.area_id),
                        due=record.target_on,
                        detail=f"{Stage(activity.stage).label} activity past its target date.",
                    )
                )
        for stage_progress in progress.values():
            if stage_progress.late and stage_progress.ended_on is None:
                items.append(
                    Todo(
                        key="stages.stage_late",
                        title=f"Finish {Stage(stage_progress.stage).label.lower()}",
                        url=_subject_url(slug, *ids, "stage"),
                        urgency=Urgency.OVERDUE,
                        area=scope.area_name(item.area_id),
                        due=stage_progress.target_on,
                        detail=f"{stage_progress.done} of {stage_progress.total} activities done.",
                    )
                )
    return items


def _readiness_due(scope: TodoScope, subjects) -> list[Todo]:
    latest = dict(
        ReadinessCheck.objects.filter(area_id__in=scope.area_ids)
        .values("area_id")
        .annotate(latest=Max("checked_on"))
        .values_list("area_id", "latest")
    )
    items = []
    for area_id in scope.area_ids:
        programme = subjects.get((area_id, None, None))
        current = programme.current if programme else None
        if current is None or current.stage not in READINESS_STAGES:
            continue
        last = latest.get(area_id)
        due = months_after(last, READINESS_INTERVAL_MONTHS) if last else current.entered_on
        if due <= scope.today + timedelta(days=30):
            items.append(
                Todo(
                    key="stages.readiness_due",
                    title="Repeat the readiness-for-change check" if last else "Check readiness for change",
                    url=reverse("stages:readiness_create", kwargs={"area_slug": _slug(scope, area_id)}),
                    urgency=Urgency.DUE_SOON,
                    area=scope.area_name(area_id),
                    due=due,
                    detail=f"Last check {day_label(last)}." if last else "No readiness check recorded yet.",
                )
            )
    return items


def last_movement(item) -> date | None:
    """The latest day the subject's stage work moved: a completion or a confirmed stage change."""
    days = [record.completed_on for record in item.records.values() if record.completed_on]
    days += [change.entered_on for change in item.changes]
    return max(days) if days else None


def stalled_areas(scope: TodoScope, subjects, activities) -> list[Todo]:
    """Areas whose programme sits in a stage with work open and nothing moved for STALLED_DAYS."""
    items = []
    for area_id in scope.area_ids:
        programme = subjects.get((area_id, None, None))
        if programme is None or programme.current is None:
            continue
        stage = programme.current.stage
        now = next(p for p in programme.progress(activities, scope.today) if p.stage == stage)
        if now.done == now.total:
            continue
        moved = [last_movement(item) for key, item in subjects.items() if key[0] == area_id]
        last = max(day for day in moved if day)
        if (scope.today - last).days >= STALLED_DAYS:
            items.append(
                Todo(
                    key="stages.stalled",
                    title=f"Stage progress has stalled in {Stage(stage).label.lower()}",
                    url=reverse("stages:overview", kwargs={"area_slug": _slug(scope, area_id)}),
                    urgency=Urgency.DUE_SOON,
                    area=scope.area_name(area_id),
                    since=last,
                    detail=f"No activity completed and no stage change since {day_label(last)}.",
                )
            )
    return items


def items(scope: TodoScope) -> list[Todo]:
    """The stages app's to-do items for `scope` (core.todos)."""
    if not scope.area_ids:
        return []
    result = _proposals(scope)
    subjects = gather(scope.area_ids)
    activities = list(StageActivity.objects.all())
    if scope.celcis:
        result += stalled_areas(scope, subjects, activities)
    else:
        result += _late_work(scope, subjects, activities)
        result += _readiness_due(scope, subjects)
    return result
