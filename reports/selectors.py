"""Reads for returns, the CELCIS review and report runs. Each uses a fixed number of queries,
however many areas, returns or runs lie behind it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea
from core.quarters import Quarter
from cycles.figures import OVERDUE_AFTER_DAYS
from cycles.models import ACTIVE_PHASES, OPEN_FEEDBACK, Cycle, FeedbackItem
from cycles.stalling import stalled_counts
from drivers.models import Assessment, AssessmentStatus
from drivers.scoring import change
from drivers.selectors import scores_by_assessment
from measures.models import Measure
from measures.selectors import signal_flags
from stages.models import STAGE_ORDER, StageChange, StageChangeStatus
from teams.models import Action

from .models import (
    SECTION_KEYS,
    SECTION_TITLES,
    QuarterlyReturn,
    ReportDownload,
    ReportRun,
    ReportScope,
    ReturnEvent,
    ReturnStatus,
    RunStatus,
)
from .quarters import is_late


def cycles_review_figures(area_ids: list[int], today: date) -> dict[int, dict]:
    """Per area: PDSA cycles in progress (Plan, Do, Study or Act), how many of them are stalled
    (cycles.stalling's rule) and feedback items still open more than 60 days after they were raised
    (three queries)."""
    active = Counter(
        Cycle.objects.filter(area_id__in=area_ids, phase__in=ACTIVE_PHASES).values_list("area_id", flat=True)
    )
    cutoff = today - timedelta(days=OVERDUE_AFTER_DAYS)
    waiting = Counter(
        FeedbackItem.objects.filter(area_id__in=area_ids, status__in=OPEN_FEEDBACK, raised_on__lt=cutoff).values_list(
            "area_id", flat=True
        )
    )
    stalled = stalled_counts(area_ids, today)
    return {
        pk: {
            "active_cycles": active[pk],
            "stalled_cycles": stalled.get(pk, {}).get("count", 0),
            "feedback_open_long": waiting[pk],
        }
        for pk in area_ids
    }


# --- An area's returns -------------------------------------------------------------------------------


def returns_for_area(area):
    return QuarterlyReturn.objects.filter(area=area).select_related("submitted_by").order_by("-quarter_start")


def return_events(quarterly_return):
    return ReturnEvent.objects.filter(quarterly_return=quarterly_return).select_related("actor")


@dataclass
class SectionView:
    key: str
    title: str
    text: str
    comment: str
    text_when_returned: str | None

    @property
    def changed_since_return(self) -> bool:
        return self.text_when_returned is not None and self.text_when_returned != self.text


def narrative_sections(quarterly_return: QuarterlyReturn) -> list[SectionView]:
    """Each narrative section with CELCIS's comment on it and what it said when returned."""
    returned = quarterly_return.narrative_when_returned or {}
    return [
        SectionView(
            key=key,
            title=SECTION_TITLES[key],
            text=getattr(quarterly_return, key),
            comment=(quarterly_return.section_comments or {}).get(key, ""),
            text_when_returned=returned.get(key) if returned else None,
        )
        for key in SECTION_KEYS
    ]


# --- The CELCIS review ---------------------------------------------------------------------------------


@dataclass
class ReviewRow:
    area: LocalArea
    quarterly_return: QuarterlyReturn | None
    stage: StageChange | None
    drivers_assessment: object | None = None
    drivers_overall: int | None = None
    drivers_change: int | None = None
    overdue_actions: int = 0
    measures_with_signal: int = 0
    measures: int = 0
    active_cycles: int = 0
    stalled_cycles: int = 0
    feedback_open_long: int = 0

    @property
    def status(self) -> str:
        return self.quarterly_return.status if self.quarterly_return else "none"

    @property
    def status_label(self) -> str:
        return self.quarterly_return.get_status_display() if self.quarterly_return else "Not opened"

    @property
    def submitted_on(self) -> date | None:
        r = self.quarterly_return
        return timezone.localdate(r.first_submitted_at) if r and r.first_submitted_at else None

    @property
    def accepted_on(self) -> date | None:
        r = self.quarterly_return
        return timezone.localdate(r.accepted_at) if r and r.accepted_at else None

    @property
    def on_time(self) -> bool | None:
        """True or False once it is known; None while the due date has not yet passed unsubmitted."""
        r = self.quarterly_return
        if r is None:
            return None
        late = is_late(due_on=r.due_on, submitted_on=self.submitted_on, today=timezone.localdate())
        if self.submitted_on is None and not late:
            return None
        return not late


def review_rows(quarter: Quarter, areas, *, today: date | None = None) -> list[ReviewRow]:
    """Every programme area for `quarter`: its return and its current position across the frameworks."""
    today = today or timezone.localdate()
    areas = list(areas)
    ids = [a.pk for a in areas]
    returns = {
        r.area_id: r
        for r in QuarterlyReturn.objects.filter(area_id__in=ids, quarter_start=quarter.start)
        .select_related("area")
        .defer("snapshot")  # the frozen figures: large, and not shown here
    }
    stages: dict[int, StageChange] = {}
    for stage_change in StageChange.objects.filter(
        area_id__in=ids, subject_content_type__isnull=True, status=StageChangeStatus.CONFIRMED
    ).order_by("entered_on", "pk"):
        stages[stage_change.area_id] = stage_change
    # Each area's latest two completed programme assessments, for the overall score and its change.
    assessments = defaultdict(list)
    for assessment in (
        Assessment.objects.filter(area_id__in=ids, status=AssessmentStatus.COMPLETED, subject_content_type__isnull=True)
        .exclude(corrections__status=AssessmentStatus.COMPLETED)
        .order_by("area_id", "-assessed_on", "-pk")
    ):
        if len(assessments[assessment.area_id]) < 2:
            assessments[assessment.area_id].append(assessment)
    scores = scores_by_assessment([a for pair in assessments.values() for a in pair])
    overdue = Counter(
        Action.objects.filter(area_id__in=ids).overdue(today).order_by().values_list("area_id", flat=True)
    )
    # Whether each measure shows a signal: analysed once per change of its data (measures.selectors).
    measures = list(
        Measure.objects.filter(area_id__in=ids).only("pk", "area_id", "version", "data_version", "frequency")
    )
    flags = signal_flags(measures)
    signals = Counter(m.area_id for m in measures if flags[m.pk])
    measure_counts = Counter(m.area_id for m in measures)
    cycles = cycles_review_figures(ids, today)

    rows = []
    for area in areas:
        pair = assessments.get(area.pk, [])
        latest = scores[pair[0].pk].overall.percent if pair else None
        previous = scores[pair[1].pk].overall.percent if len(pair) > 1 else None
        row = ReviewRow(
            area=area,
            quarterly_return=returns.get(area.pk),
            stage=stages.get(area.pk),
            drivers_assessment=pair[0] if pair else None,
            drivers_overall=latest,
            drivers_change=change(previous, latest),
            overdue_actions=overdue[area.pk],
            measures_with_signal=signals[area.pk],
            measures=measure_counts[area.pk],
        )
        row.active_cycles = cycles[area.pk]["active_cycles"]
        row.stalled_cycles = cycles[area.pk]["stalled_cycles"]
        row.feedback_open_long = cycles[area.pk]["feedback_open_long"]
        rows.append(row)
    return rows


STATUS_ORDER = {"none": 0, "draft": 1, "returned": 2, "submitted": 3, "accepted": 4}


def sort_rows(rows: list[ReviewRow], key: str) -> list[ReviewRow]:
    """Rows in the order the reviewer asked for (area name breaks ties)."""
    sorters = {
        "status": lambda r: STATUS_ORDER[r.status],
        "submitted": lambda r: (r.submitted_on is None, r.submitted_on or date.min),
        "stage": lambda r: STAGE_ORDER.index(r.stage.stage) if r.stage else -1,
        "drivers": lambda r: -1 if r.drivers_overall is None else r.drivers_overall,
        "overdue": lambda r: -r.overdue_actions,
        "signals": lambda r: -r.measures_with_signal,
        "cycles": lambda r: -r.active_cycles,
        "feedback": lambda r: -r.feedback_open_long,
    }
    rows = sorted(rows, key=lambda r: r.area.name)
    if key in sorters:
        rows = sorted(rows, key=sorters[key])
    return rows


@dataclass
class QuarterCompleteness:
    quarter: Quarter
    areas: int
    submitted: int = 0
    on_time: int = 0
    accepted: int = 0
    late_unsubmitted: int = 0


def completeness(quarters: list[Quarter], areas: int, *, today: date | None = None) -> list[QuarterCompleteness]:
    """Per quarter: returns submitted, submitted on time, and accepted (one query)."""
    today = today or timezone.localdate()
    rows = {q.start: QuarterCompleteness(quarter=q, areas=areas) for q in quarters}
    for start, status, first, due in QuarterlyReturn.objects.filter(
        quarter_start__in=list(rows), area__in_programme=True
    ).values_list("quarter_start", "status", "first_submitted_at", "due_on"):
        row = rows[start]
        if first:
            row.submitted += 1
            if timezone.localdate(first) <= due:
                row.on_time += 1
        elif today > due:
            row.late_unsubmitted += 1
        if status == ReturnStatus.ACCEPTED:
            row.accepted += 1
    return [rows[q.start] for q in quarters]


# --- Report runs ------------------------------------------------------------------------------------------


def visible_runs(access: Access):
    """The runs this person may see: CELCIS all; national viewers published national reports; an
    area's leads and area viewers (its Child Protection Committee) that area's reports."""
    runs = ReportRun.objects.select_related("area", "requested_by")
    if access.is_celcis:
        return runs
    allowed = Q(pk__in=[])
    if access.is_national_viewer:
        allowed |= Q(scope=ReportScope.NATIONAL, published=True, status=RunStatus.DONE)
    readable = [area.pk for area in access.own_areas if access.can_see_area_reports(area)]
    if readable:
        allowed |= Q(scope=ReportScope.AREA, area_id__in=readable)
    return runs.filter(allowed)


def can_see_reports(access: Access) -> bool:
    """Who has a reports page at all: CELCIS, national viewers, area leads and area viewers."""
    return access.sees_every_area or any(access.can_see_area_reports(area) for area in access.own_areas)


def can_see_run(access: Access, run: ReportRun) -> bool:
    if run.is_national:
        return access.is_celcis or (access.is_national_viewer and run.published and run.status == RunStatus.DONE)
    return access.can_see_area_reports(run.area)


def downloads_for(run: ReportRun, limit: int = 20):
    return ReportDownload.objects.filter(run=run).select_related("user")[:limit]


def run_history(run: ReportRun):
    from areas.history import history_entries

    return history_entries(run.history.all(), describe=lambda r: f"Version {r.number}")


# --- Exports of accepted return figures -----------------------------------------------------------------


def sees_returns_in_full(access: Access, area: LocalArea) -> bool:
    """The area's own people and CELCIS see every return and CELCIS's comments; national viewers
    (and an area's governance viewers) see accepted returns only, without the review."""
    return access.is_celcis or access.can_edit_area(area)


def accepted_returns(first: Quarter, last: Quarter):
    """Accepted returns of programme areas from `first` to `last`, by quarter and area (one query)."""
    return (
        QuarterlyReturn.objects.filter(
            status=ReturnStatus.ACCEPTED, quarter_start__gte=first.start, quarter_start__lte=last.start
        )
        .select_related("area")
        .order_by("quarter_start", "area__name")
    )


def accepted_counts(first: Quarter, last: Quarter) -> list[tuple[Quarter, int]]:
    """How many accepted returns each quarter from `first` to `last` has (one query)."""
    found = Counter(accepted_returns(first, last).order_by().values_list("quarter_start", flat=True))
    from core.quarters import quarters_between

    return [(quarter, found[quarter.start]) for quarter in quarters_between(first, last)]


def export_downloads(limit: int = 10):
    """The latest downloads of return figures, newest first (CELCIS sees who took what)."""
    return ReportDownload.objects.filter(run__isnull=True).select_related("user")[:limit]


def areas_without_accepted_return(quarter: Quarter) -> list[str]:
    """The programme areas whose return for `quarter` is not accepted (so a national report of it
    would leave them out), by name (one query)."""
    accepted = QuarterlyReturn.objects.filter(quarter_start=quarter.start, status=ReturnStatus.ACCEPTED)
    return list(
        LocalArea.objects.in_programme()
        .exclude(pk__in=accepted.values("area_id"))
        .order_by("name")
        .values_list("name", flat=True)
    )
