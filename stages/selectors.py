"""Reads for stages: current stage, timelines, checklists and progress — fixed query counts."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Window
from django.utils import timezone

from core import freshness

from . import evidence
from .evidence import EvidenceRecord
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
    StageTarget,
    StakeholderEngagement,
    SystemLevel,
    subject_filter,
)
from .progress import ActivityDates, StageProgress, Visit, all_stage_progress, days_late, stage_visits


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
    left_open: bool = False  # not done when the subject left the activity's stage
    late_days: int = 0  # past its target date: to when it was done, or to today while running
    offers: list[EvidenceRecord] = field(default_factory=list)  # records that may show it done
    more_offers: int = 0  # further matching records not listed
    evidence: EvidenceRecord | None = None  # the record a person confirmed as its evidence

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ActivityStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return "Left open" if self.left_open else ActivityStatus(self.status).label

    @property
    def done(self) -> bool:
        return self.status == ActivityStatus.DONE

    @property
    def evidence_kinds(self) -> list[str]:
        return evidence.kind_labels(self.activity.evidence_kinds)


def checklist(area, subject=None) -> dict[str, list[ChecklistRow]]:
    """Stage → its catalogue activities with the subject's progress (two queries)."""
    records = {p.activity_id: p for p in ActivityProgress.objects.filter(subject_filter(subject), area=area)}
    activities = StageActivity.objects.filter(Q(retired_on__isnull=True) | Q(pk__in=list(records)))  # in_catalogue
    rows: dict[str, list[ChecklistRow]] = {stage: [] for stage in STAGE_ORDER}
    for activity in activities:
        rows[activity.stage].append(ChecklistRow(activity=activity, progress=records.get(activity.pk)))
    return rows


def activity_dates(stage: str, record: ActivityProgress | None, on: date) -> ActivityDates:
    """One activity as the subject stood with it on `on`: done by then, and its dates up to then (an
    activity recorded done on a later day was not done yet)."""

    def by_then(day: date | None) -> date | None:
        return day if day is not None and day <= on else None

    return ActivityDates(
        stage=stage,
        done=record is not None
        and record.status == ActivityStatus.DONE
        and (record.completed_on is None or record.completed_on <= on),
        started_on=by_then(record.started_on) if record else None,
        completed_on=by_then(record.completed_on) if record else None,
    )


def in_catalogue(activity: StageActivity, recorded: dict) -> bool:
    """The subject's catalogue: every activity not retired, and retired ones it already has a record for."""
    return activity.retired_on is None or activity.pk in recorded


def _activity_dates(rows: dict[str, list[ChecklistRow]], on: date) -> list[ActivityDates]:
    return [activity_dates(stage, row.progress, on) for stage, stage_rows in rows.items() for row in stage_rows]


def visits_for(area, subject=None) -> list[Visit]:
    """Each stay in a stage from the confirmed stage changes, oldest first (one query)."""
    changes = StageChange.objects.filter(subject_filter(subject), area=area, status=StageChangeStatus.CONFIRMED)
    return stage_visits(changes.order_by("entered_on", "pk").values_list("stage", "entered_on"))


def targets_for(area, subject=None) -> dict[str, date]:
    """Stage → the date the area plans to finish it (one query)."""
    return dict(StageTarget.objects.filter(subject_filter(subject), area=area).values_list("stage", "target_on"))


def progress_for(area, subject=None, rows=None, visits=None, targets=None) -> list[StageProgress]:
    """Proportion done, activity span, time in stage and plan against actual for each stage."""
    rows = rows if rows is not None else checklist(area, subject)
    visits = visits if visits is not None else visits_for(area, subject)
    targets = targets if targets is not None else targets_for(area, subject)
    today = timezone.localdate()
    return all_stage_progress(STAGE_ORDER, _activity_dates(rows, today), today, visits, targets)


def _offered(kind, area, subject, today: date) -> tuple[list[EvidenceRecord], int]:
    """A kind's most recent records up to today (at most `OFFERED_PER_KIND`) and how many there are
    in all: one query, however many records the area has."""
    usable = kind.queryset(area, subject).filter(**{f"{kind.date_field}__lte": today})
    latest = list(usable.annotate(usable_total=Window(Count("pk")))[: evidence.OFFERED_PER_KIND])
    total = latest[0].usable_total if latest else 0
    return [kind.as_evidence(record, area.slug) for record in latest], total


def _confirmed(kind, area, subject, record_ids) -> dict[int, EvidenceRecord]:
    """The records of a kind confirmed as evidence, by pk (one query)."""
    records = kind.queryset(area, subject).filter(pk__in=record_ids)
    return {record.pk: kind.as_evidence(record, area.slug) for record in records}


def _with_evidence(area, subject, rows: dict[str, list[ChecklistRow]]) -> None:
    """Give each row the records that may show it done, and the one confirmed: at most two queries
    per kind of record, reading only the few records offered and those confirmed."""
    all_rows = [row for stage_rows in rows.values() for row in stage_rows]
    today = timezone.localdate()
    offered_keys = {key for row in all_rows if not row.done for key in row.activity.evidence_kinds}
    offered = {
        key: _offered(evidence.BY_KEY[key], area, subject, today)
        for key in sorted(offered_keys)
        if key in evidence.BY_KEY
    }
    confirmed_ids: dict[str, set[int]] = {}
    for row in all_rows:
        if row.progress and row.progress.evidence_kind and row.progress.evidence_record_id is not None:
            confirmed_ids.setdefault(row.progress.evidence_kind, set()).add(row.progress.evidence_record_id)
    confirmed = {
        key: _confirmed(evidence.BY_KEY[key], area, subject, ids)
        for key, ids in sorted(confirmed_ids.items())
        if key in evidence.BY_KEY
    }
    for row in all_rows:
        if row.progress and row.progress.evidence_kind:
            row.evidence = confirmed.get(row.progress.evidence_kind, {}).get(row.progress.evidence_record_id)
        if row.done:
            continue
        for key in row.activity.evidence_kinds:
            latest, total = offered.get(key, ([], 0))
            row.offers += latest
            row.more_offers += max(0, total - len(latest))
        row.offers.sort(key=lambda r: r.on, reverse=True)


def _cache_key(name: str, area, subject) -> str:
    """A key for what is drawn from one subject's stage records on one day (its dates count days)."""
    about = f"{subject._meta.label_lower}.{subject.pk}" if subject is not None else "programme"
    return f"stages:{name}:{area.pk}:{about}:{timezone.localdate().isoformat()}"


def checklist_by_stage(area, subject=None) -> tuple[list[dict], list[StageProgress]]:
    """Each stage with its checklist rows (left open, late, evidence) and progress, for the
    checklist pages; and the progress list. Kept until a record of the area (or the programme's
    catalogue) changes, and for the day: every record it reads belongs to the area."""
    return freshness.cached(
        _cache_key("checklist", area, subject), [area.pk], lambda: _checklist_by_stage(area, subject)
    )


def stage_progress(area, subject=None) -> list[StageProgress]:
    """`progress_for` the subject, kept like `checklist_by_stage` (for the stage and summary pages)."""
    return freshness.cached(_cache_key("progress", area, subject), [area.pk], lambda: progress_for(area, subject))


def _checklist_by_stage(area, subject=None) -> tuple[list[dict], list[StageProgress]]:
    """`checklist_by_stage`, read: a fixed number of queries whatever the records."""
    rows = checklist(area, subject)
    progress = progress_for(area, subject, rows=rows)
    by_stage = {p.stage: p for p in progress}
    _with_evidence(area, subject, rows)
    today = timezone.localdate()
    for stage, stage_rows in rows.items():
        for row in stage_rows:
            row.left_open = by_stage[stage].left_on is not None and not row.done
            if row.progress and not row.left_open:
                row.late_days = days_late(row.progress.target_on, row.progress.completed_on, today)
    stages = [
        {"value": stage, "label": Stage(stage).label, "rows": rows[stage], "progress": by_stage[stage]}
        for stage in STAGE_ORDER
    ]
    return stages, progress


def engagement_summary(area, start: date | None = None, end: date | None = None) -> dict:
    """Engagement counted by level and by profession, with those not yet heard from (one query);
    over the engagements held from `start` to `end` when given (a quarter, for its return)."""
    held = StakeholderEngagement.objects.filter(area=area)
    if start is not None:
        held = held.filter(held_on__gte=start)
    if end is not None:
        held = held.filter(held_on__lte=end)
    rows = list(held.values_list("level", "professions", "participants"))
    by_level = Counter()
    participants_by_level = Counter()
    by_profession = Counter()
    for level, professions, participants in rows:
        by_level[level] += 1
        participants_by_level[level] += participants
        for profession in set(professions or []):
            by_profession[profession] += 1
    levels = [
        {"level": value, "label": label, "engagements": by_level[value], "participants": participants_by_level[value]}
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
    progress = progress_for(area)
    return {
        "current": current_stage(area),
        "proposal": pending_proposal(area),
        "progress": progress,
        "in_stage": next((p for p in progress if p.in_stage), None),
    }
