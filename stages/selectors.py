"""Reads for stages: current stage, timelines, checklists and progress — fixed query counts."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .models import (
    STAGE_ORDER,
    ActivityProgress,
    ActivityStatus,
    EngagementKind,
    Profession,
    ReadinessAnswer,
    ReadinessCheck,
    ReadinessQuestion,
    Stage,
    StageActivity,
    StageChange,
    StageChangeStatus,
    StakeholderEngagement,
    SystemLevel,
    subject_filter,
)
from .progress import ActivityDates, StageProgress, all_stage_progress


def current_stage(area, subject=None) -> StageChange | None:
    """The latest confirmed stage change for the area's programme (or a subject)."""
    return (
        StageChange.objects.filter(subject_filter(subject), area=area, status=StageChangeStatus.CONFIRMED)
        .order_by("-entered_on", "-pk")
        .first()
    )


def pending_proposal(area, subject=None) -> StageChange | None:
    """A proposed change still waiting for a lead or CELCIS, if any."""
    return (
        StageChange.objects.filter(subject_filter(subject), area=area, status=StageChangeStatus.PROPOSED)
        .select_related("recorded_by")
        .first()
    )


def stage_timeline(area, subject=None):
    """Every stage change, newest first, with who recorded and decided it."""
    return StageChange.objects.filter(subject_filter(subject), area=area).select_related("recorded_by", "decided_by")


@dataclass
class ChecklistRow:
    activity: StageActivity
    progress: ActivityProgress | None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ActivityStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return ActivityStatus(self.status).label


def checklist(area, subject=None) -> dict[str, list[ChecklistRow]]:
    """Stage → its catalogue activities with the subject's progress (two queries)."""
    records = {p.activity_id: p for p in ActivityProgress.objects.filter(subject_filter(subject), area=area)}
    activities = StageActivity.objects.filter(Q(retired_on__isnull=True) | Q(pk__in=list(records)))
    rows: dict[str, list[ChecklistRow]] = {stage: [] for stage in STAGE_ORDER}
    for activity in activities:
        rows[activity.stage].append(ChecklistRow(activity=activity, progress=records.get(activity.pk)))
    return rows


def _activity_dates(rows: dict[str, list[ChecklistRow]]) -> list[ActivityDates]:
    return [
        ActivityDates(
            stage=stage,
            done=row.status == ActivityStatus.DONE,
            started_on=row.progress.started_on if row.progress else None,
            completed_on=row.progress.completed_on if row.progress else None,
        )
        for stage, stage_rows in rows.items()
        for row in stage_rows
    ]


def progress_for(area, subject=None, rows=None) -> list[StageProgress]:
    """Proportion done and duration for each stage."""
    rows = rows if rows is not None else checklist(area, subject)
    return all_stage_progress(STAGE_ORDER, _activity_dates(rows), timezone.localdate())


def checklist_by_stage(area, subject=None) -> tuple[list[dict], list[StageProgress]]:
    """Each stage with its checklist rows and progress, for the checklist pages; and the progress list."""
    rows = checklist(area, subject)
    progress = progress_for(area, subject, rows=rows)
    by_stage = {p.stage: p for p in progress}
    stages = [
        {"value": stage, "label": Stage(stage).label, "rows": rows[stage], "progress": by_stage[stage]}
        for stage in STAGE_ORDER
    ]
    return stages, progress


def national_stage_overview(areas) -> list[dict]:
    """For each area: its current programme stage and per-stage progress (three queries in all)."""
    areas = list(areas)
    area_ids = [a.pk for a in areas]
    latest: dict[int, StageChange] = {}
    for change in StageChange.objects.filter(
        area_id__in=area_ids, subject_content_type__isnull=True, status=StageChangeStatus.CONFIRMED
    ).order_by("entered_on", "pk"):
        latest[change.area_id] = change
    records = defaultdict(dict)
    for record in ActivityProgress.objects.filter(area_id__in=area_ids, subject_content_type__isnull=True):
        records[record.area_id][record.activity_id] = record
    activities = list(StageActivity.objects.all())
    today = timezone.localdate()
    result = []
    for area in areas:
        own = records[area.pk]
        dates = [
            ActivityDates(
                stage=activity.stage,
                done=own.get(activity.pk) is not None and own[activity.pk].status == ActivityStatus.DONE,
                started_on=own[activity.pk].started_on if activity.pk in own else None,
                completed_on=own[activity.pk].completed_on if activity.pk in own else None,
            )
            for activity in activities
            if activity.retired_on is None or activity.pk in own
        ]
        result.append(
            {"area": area, "current": latest.get(area.pk), "progress": all_stage_progress(STAGE_ORDER, dates, today)}
        )
    return result


def engagement_summary(area) -> dict:
    """Engagement counted by level and by profession, with those not yet heard from (one query)."""
    rows = list(StakeholderEngagement.objects.filter(area=area).values_list("level", "professions", "participants"))
    by_level = Counter()
    participants_by_level = Counter()
    by_profession = Counter()
    for level, professions, participants in rows:
        by_level[level] += 1
        participants_by_level[level] += participants
        for profession in set(professions or []):
            by_profession[profession] += 1
    levels = [
        {"label": label, "engagements": by_level[value], "participants": participants_by_level[value]}
        for value, label in SystemLevel.choices
    ]
    professions = [
        # Participants are not counted per profession: one engagement may mix several.
        {"label": label, "engagements": by_profession[value]}
        for value, label in Profession.choices
    ]
    return {
        "total": len(rows),
        "levels": levels,
        "professions": professions,
        "unheard_levels": [row["label"] for row in levels if not row["engagements"]],
        "unheard_professions": [row["label"] for row in professions if not row["engagements"]],
        "kinds": EngagementKind.choices,
    }


def mean_score(scores) -> float | None:
    """The average of 1–5 readiness scores to one decimal place (None for none)."""
    scores = list(scores)
    return round(sum(scores) / len(scores), 1) if scores else None


def readiness_table(area, *, limit: int = 8) -> dict:
    """The latest readiness checks side by side: questions as rows, checks (newest first) as
    columns, each check with its mean score, and how many checks there are in all (four queries)."""
    checks = list(ReadinessCheck.objects.filter(area=area).order_by("-checked_on", "-pk")[:limit])
    answers = ReadinessAnswer.objects.filter(readiness_check__in=checks).select_related("question")
    scores = {(a.readiness_check_id, a.question_id): a.score for a in answers}
    questions = {a.question_id: a.question for a in answers}
    for question in ReadinessQuestion.objects.filter(retired_on__isnull=True):
        questions.setdefault(question.pk, question)
    rows = [
        {"question": q, "scores": [scores.get((c.pk, q.pk)) for c in checks]}
        for q in sorted(questions.values(), key=lambda q: (q.order, q.pk))
    ]
    for check in checks:
        check.mean = mean_score(scores[key] for key in scores if key[0] == check.pk)
    return {"checks": checks, "rows": rows, "total": ReadinessCheck.objects.filter(area=area).count()}


def overview_panel(area, access) -> dict:
    """The area overview's stage panel: current stage, any proposal and progress per stage."""
    return {
        "current": current_stage(area),
        "proposal": pending_proposal(area),
        "progress": progress_for(area),
    }
