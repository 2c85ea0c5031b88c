"""Reads for cycles and the feedback loop. Every function here uses a fixed number of queries,
however many cycles, iterations or feedback items lie behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from areas.history import history_entries
from areas.models import LocalArea

from . import figures, stalling
from .models import (
    ACTIVE_PHASES,
    DONE_FEEDBACK,
    OPEN_FEEDBACK,
    PHASE_ORDER,
    Cycle,
    CycleKind,
    CycleMeasure,
    Decision,
    FeedbackItem,
    FeedbackStatus,
    Phase,
    UsabilityIteration,
)

# --- Cycles ------------------------------------------------------------------------------------


def cycles_for_area(area):
    """The area's cycles: active ones first (earliest phase first), then closed ones, newest first.

    Only what the list shows is loaded (its long texts are not), and the phases are ranked in the
    ordering itself: an annotation would be taken apart again by the paginator's count."""
    phase_order = Case(
        *[When(phase=phase, then=Value(rank)) for rank, phase in enumerate(PHASE_ORDER)],
        output_field=IntegerField(),
    )
    return (
        Cycle.objects.filter(area=area)
        .select_related("innovation", "follows")
        .only(*LIST_FIELDS, "innovation__name", "follows__title")
        .order_by(phase_order, "-created_at", "-pk")
    )


LIST_FIELDS = (
    "area_id",
    "title",
    "kind",
    "phase",
    "phase_changed_on",
    "decision",
    "started_on",
    "ended_on",
    "closed_on",
    "innovation",
    "follows",
)


def filter_cycles(cycles, data: dict):
    """Apply the list's filters: innovation, kind, phase (or "active"), decision, start dates."""
    if data.get("innovation"):
        cycles = cycles.filter(innovation=data["innovation"])
    if data.get("kind"):
        cycles = cycles.filter(kind=data["kind"])
    if data.get("phase") == "active":
        cycles = cycles.filter(phase__in=ACTIVE_PHASES)
    elif data.get("phase") == "stalled":
        cycles = cycles.filter(stalling.stalled_filter())
    elif data.get("phase"):
        cycles = cycles.filter(phase=data["phase"])
    if data.get("decision"):
        cycles = cycles.filter(decision=data["decision"])
    if data.get("start"):
        cycles = cycles.filter(started_on__gte=data["start"])
    if data.get("end"):
        cycles = cycles.filter(started_on__lte=data["end"])
    return cycles


def linked_measures(cycle: Cycle) -> list:
    return [link.measure for link in cycle.measure_links.select_related("measure").order_by("measure__name")]


def cycle_history(cycle: Cycle):
    """The cycle's changes, its measure links and its iterations, newest first (three queries)."""
    entries = [
        *history_entries(
            Cycle.history.filter(id=cycle.pk).select_related("innovation", "follows", "action", "driver_gap"),
            describe=lambda r: "Cycle",
        ),
        *history_entries(
            CycleMeasure.history.filter(cycle_id=cycle.pk).select_related("measure"),
            describe=lambda r: f"Measure: {r.measure}",
        ),
        *history_entries(
            UsabilityIteration.history.filter(cycle_id=cycle.pk), describe=lambda r: f"Iteration {r.number}"
        ),
    ]
    return sorted(entries, key=lambda e: e.when, reverse=True)


@dataclass
class TimelineEvent:
    on: date
    what: str
    cycle: Cycle


@dataclass
class TimelineMonth:
    month: date
    events: list[TimelineEvent] = field(default_factory=list)


def timeline(cycles, *, start: date | None = None, end: date | None = None) -> list[TimelineMonth]:
    """Each month's cycle events (a test starting, ending, a cycle closing), newest month first."""
    events = []
    for cycle in cycles:
        name = "Usability test" if cycle.kind == CycleKind.USABILITY else "PDSA cycle"
        if cycle.started_on:
            events.append(TimelineEvent(cycle.started_on, f"{name} started", cycle))
        if cycle.ended_on:
            events.append(TimelineEvent(cycle.ended_on, f"{name} test finished", cycle))
        if cycle.closed_on:
            events.append(
                TimelineEvent(cycle.closed_on, f"{name} closed: {cycle.get_decision_display().lower()}", cycle)
            )
    events = [e for e in events if (start is None or e.on >= start) and (end is None or e.on <= end)]
    months: dict[date, TimelineMonth] = {}
    for event in sorted(events, key=lambda e: (e.on, e.cycle.pk), reverse=True):
        month = event.on.replace(day=1)
        months.setdefault(month, TimelineMonth(month=month)).events.append(event)
    return list(months.values())


def timeline_cycles(area, innovation=None):
    """The cycles with any date to show on the timeline (one query)."""
    cycles = Cycle.objects.filter(area=area).filter(
        Q(started_on__isnull=False) | Q(ended_on__isnull=False) | Q(closed_on__isnull=False)
    )
    if innovation is not None:
        cycles = cycles.filter(innovation=innovation)
    # Only what the timeline shows: the cycles' long texts (aims, learning…) would be loaded for nothing.
    return (
        cycles.select_related("innovation", "follows")
        .only(*TIMELINE_FIELDS, "innovation__name", "follows__title")
        .order_by("started_on", "pk")
    )


# The list's fields less the phase (a timeline places cycles by their dates).
TIMELINE_FIELDS = tuple(name for name in LIST_FIELDS if name not in ("phase", "phase_changed_on"))


def not_started(area, innovation=None):
    """Cycles still being planned, with no dates yet (one query)."""
    cycles = Cycle.objects.filter(area=area, started_on__isnull=True, phase=Phase.PLAN)
    if innovation is not None:
        cycles = cycles.filter(innovation=innovation)
    return cycles.select_related("innovation").order_by("-created_at", "-pk")


def cycles_for_measure(measure):
    """Cycles watched on a measure, first started first (one query)."""
    return Cycle.objects.filter(measure_links__measure=measure).order_by("started_on", "pk")


# --- Usability testing on an innovation's page -------------------------------------------------


def usability_tests(innovation):
    """The innovation's usability tests, newest first, with their iterations summed up (one query)."""
    latest = UsabilityIteration.objects.filter(cycle=OuterRef("pk")).order_by("-number")
    return (
        Cycle.objects.filter(area_id=innovation.area_id, innovation=innovation, kind=CycleKind.USABILITY)
        .annotate(
            iteration_count=Count("iterations"),
            tested_total=Coalesce(Sum("iterations__cohort_size"), 0),
            latest_criteria=Subquery(latest.values("criteria_met")[:1]),
        )
        .order_by("-created_at", "-pk")
    )


def innovation_section(innovation, access) -> dict:
    """The usability-testing history on an innovation's page (one query)."""
    return {"tests": list(usability_tests(innovation)), "can_edit": access.can_edit_area(innovation.area)}


# --- The feedback loop --------------------------------------------------------------------------


def feedback_for_area(area):
    """The area's feedback items: open ones first, oldest first (the longest waiting at the top)."""
    is_done = Case(When(status__in=DONE_FEEDBACK, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        FeedbackItem.objects.filter(area=area)
        .select_related("cycle")
        .annotate(is_done=is_done)
        .order_by("is_done", "raised_on", "pk")
    )


def overdue_cutoff(today: date | None = None) -> date:
    """Open items raised before this date have been open more than OVERDUE_AFTER_DAYS days."""
    return (today or timezone.localdate()) - timedelta(days=figures.OVERDUE_AFTER_DAYS)


def filter_feedback(items, data: dict, today: date | None = None):
    """Apply the list's filters: status (or open / overdue), where it went, where it came from, dates."""
    status = data.get("status")
    if status == "not_done":
        items = items.filter(status__in=OPEN_FEEDBACK)
    elif status == "overdue":
        items = items.filter(status__in=OPEN_FEEDBACK, raised_on__lt=overdue_cutoff(today))
    elif status:
        items = items.filter(status=status)
    for name in ("routed_to", "raised_from"):
        if data.get(name):
            items = items.filter(**{name: data[name]})
    if data.get("start"):
        items = items.filter(raised_on__gte=data["start"])
    if data.get("end"):
        items = items.filter(raised_on__lte=data["end"])
    return items


@dataclass
class FeedbackFigures:
    """The loop's figures as DOMAIN.md states them: resolved means a change was made and the answer
    went back to practice; closed without change is a separate outcome."""

    today: date
    open_count: int
    overdue_count: int
    bands: list
    resolved_count: int  # resolved items only (change made and shared back)
    median_days: float | None  # raised → resolved, over resolved items only
    closed_count: int  # closed without change
    closed_shared_count: int  # of those, how many had their answer shared back with practice
    awaiting_share_back: list = field(default_factory=list)  # change made, practice not yet told

    @property
    def closed_shared_percent(self) -> int | None:
        return round(100 * self.closed_shared_count / self.closed_count) if self.closed_count else None


def feedback_figures(area, today: date | None = None) -> FeedbackFigures:
    """Open items by age, overdue items, the median days to resolve, the share of closed items shared
    back, and the changes not yet shared back (three queries)."""
    today = today or timezone.localdate()
    raised = list(FeedbackItem.objects.filter(area=area, status__in=OPEN_FEEDBACK).values_list("raised_on", flat=True))
    outcomes = list(
        FeedbackItem.objects.filter(area=area, status__in=(FeedbackStatus.RESOLVED, FeedbackStatus.CLOSED)).values_list(
            "status", "raised_on", "resolved_on", "shared_with_practice_on"
        )
    )
    resolved = [
        (raised_on, max(resolved_on, shared_on))
        for status, raised_on, resolved_on, shared_on in outcomes
        if status == FeedbackStatus.RESOLVED
    ]
    closed = [shared_on for status, _, _, shared_on in outcomes if status == FeedbackStatus.CLOSED]
    return FeedbackFigures(
        today=today,
        open_count=len(raised),
        overdue_count=sum(1 for day in raised if figures.is_overdue(day, today)),
        bands=figures.age_bands(raised, today),
        resolved_count=len(resolved),
        median_days=figures.median_days(resolved),
        closed_count=len(closed),
        closed_shared_count=sum(1 for shared_on in closed if shared_on is not None),
        awaiting_share_back=list(awaiting_share_back(area)),
    )


def awaiting_share_back(area):
    """Changes made whose answer has not yet gone back to practice, longest waiting first."""
    return FeedbackItem.objects.filter(area=area, status=FeedbackStatus.CHANGED).order_by("resolved_on", "pk")


def feedback_history(item: FeedbackItem):
    return history_entries(FeedbackItem.history.filter(id=item.pk).select_related("cycle"), describe=lambda r: "Item")


# --- Figures for a quarterly report ------------------------------------------------------------


@dataclass(frozen=True)
class QuarterFigures:
    """What the area's improvement work did between `start` and `end` (both inclusive).

    Feedback outcomes follow DOMAIN.md: an item is resolved on the later of the day its change was
    made and the day its answer was shared back with practice; closed without change is counted apart.
    """

    start: date
    end: date
    cycles_started: int
    cycles_closed: dict  # decision value → count, every decision listed
    feedback_raised: int
    feedback_resolved: int  # resolved (change made and shared back) in the period
    median_days_to_resolve: float | None  # raised → resolved, of the items resolved in the period only
    open_over_60_days: int  # still open at `end`, raised more than OVERDUE_AFTER_DAYS days before it
    feedback_closed: int = 0  # closed without change in the period
    feedback_closed_shared_back: int = 0  # of those, how many had their answer shared back with practice
    awaiting_share_back: int = 0  # at `end`: a change made, practice not yet told

    @property
    def cycles_closed_total(self) -> int:
        return sum(self.cycles_closed.values())


def quarter_figures(area, start: date, end: date) -> QuarterFigures:
    """The cycles and feedback figures for a reporting period (three queries)."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    in_period = {"closed_on__gte": start, "closed_on__lte": end}
    cycles = Cycle.objects.filter(area=area).aggregate(
        started=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        **{decision.value: Count("pk", filter=Q(decision=decision, **in_period)) for decision in Decision},
    )
    cutoff = end - timedelta(days=figures.OVERDUE_AFTER_DAYS)
    open_at_end = Q(raised_on__lte=end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
    closed = Q(status=FeedbackStatus.CLOSED, resolved_on__gte=start, resolved_on__lte=end)
    changed_by_end = Q(status__in=(FeedbackStatus.CHANGED, FeedbackStatus.RESOLVED), resolved_on__lte=end)
    feedback = FeedbackItem.objects.filter(area=area).aggregate(
        raised=Count("pk", filter=Q(raised_on__gte=start, raised_on__lte=end)),
        overdue=Count("pk", filter=open_at_end & Q(raised_on__lt=cutoff)),
        closed=Count("pk", filter=closed),
        closed_shared=Count("pk", filter=closed & Q(shared_with_practice_on__isnull=False)),
        awaiting=Count(
            "pk",
            filter=changed_by_end & (Q(shared_with_practice_on__isnull=True) | Q(shared_with_practice_on__gt=end)),
        ),
    )
    spans = [
        (raised_on, done_on)
        for raised_on, done_on in FeedbackItem.objects.filter(area=area, status=FeedbackStatus.RESOLVED)
        .annotate(done_on=Greatest("resolved_on", "shared_with_practice_on"))
        .filter(done_on__gte=start, done_on__lte=end)
        .values_list("raised_on", "done_on")
    ]
    return QuarterFigures(
        start=start,
        end=end,
        cycles_started=cycles["started"],
        cycles_closed={decision.value: cycles[decision.value] for decision in Decision},
        feedback_raised=feedback["raised"],
        feedback_resolved=len(spans),
        median_days_to_resolve=figures.median_days(spans),
        open_over_60_days=feedback["overdue"],
        feedback_closed=feedback["closed"],
        feedback_closed_shared_back=feedback["closed_shared"],
        awaiting_share_back=feedback["awaiting"],
    )


# --- The area overview ---------------------------------------------------------------------------


def cycles_panel(area, access) -> dict:
    """Active cycles by phase, and how many are stalled, for the area overview (one query)."""
    rows = (
        Cycle.objects.filter(area=area)
        .order_by()
        .values_list("phase")
        .annotate(n=Count("pk"), stalled=Count("pk", filter=stalling.stalled_filter()))
    )
    counts = {phase: n for phase, n, _ in rows}
    stalled = {phase: n for phase, _, n in rows}
    return {
        "by_phase": [(Phase(phase), counts.get(phase, 0), stalled.get(phase, 0)) for phase in ACTIVE_PHASES],
        "stalled": sum(stalled.values()),
        "stalled_after": stalling.stalled_after_days(),
        "active": sum(counts.get(phase, 0) for phase in ACTIVE_PHASES),
        "closed": counts.get(Phase.CLOSED, 0),
        "can_edit": access.can_edit_area(area),
    }


def feedback_panel(area, access) -> dict:
    """Open feedback items, the oldest overdue one and the changes not yet shared back with practice,
    for the area overview (one query)."""
    today = timezone.localdate()
    open_items = FeedbackItem.objects.filter(area=OuterRef("pk"), status__in=OPEN_FEEDBACK)
    overdue_items = open_items.filter(raised_on__lt=overdue_cutoff(today)).order_by("raised_on", "pk")

    def count(queryset):
        return Coalesce(Subquery(queryset.order_by().values("area").annotate(n=Count("pk")).values("n")), 0)

    row = (
        LocalArea.objects.filter(pk=area.pk)
        .annotate(
            open_count=count(open_items),
            overdue_count=count(overdue_items),
            oldest_pk=Subquery(overdue_items.values("pk")[:1]),
            oldest_title=Subquery(overdue_items.values("title")[:1]),
            oldest_raised_on=Subquery(overdue_items.values("raised_on")[:1]),
            to_share_count=count(FeedbackItem.objects.filter(area=OuterRef("pk"), status=FeedbackStatus.CHANGED)),
        )
        .values("open_count", "overdue_count", "oldest_pk", "oldest_title", "oldest_raised_on", "to_share_count")
        .get()
    )
    oldest = None
    if row["oldest_pk"]:
        oldest = {
            "pk": row["oldest_pk"],
            "title": row["oldest_title"],
            "raised_on": row["oldest_raised_on"],
            "days": figures.age_in_days(row["oldest_raised_on"], today),
        }
    return {
        "open_count": row["open_count"],
        "overdue_count": row["overdue_count"],
        "oldest": oldest,
        "to_share_count": row["to_share_count"],
        "overdue_after": figures.OVERDUE_AFTER_DAYS,
        "can_edit": access.can_edit_area(area),
    }


# --- Measure chart annotations -----------------------------------------------------------------


def pdsa_annotations(measure):
    """The start (and the close, with its decision) of each cycle watched on `measure` (one query)."""
    from measures.annotations import ChartAnnotation

    cycles = Cycle.objects.filter(measure_links__measure=measure).filter(
        Q(started_on__isnull=False) | Q(closed_on__isnull=False)
    )
    found = []
    for cycle in cycles.order_by("started_on", "pk"):
        url = reverse("cycles:detail", kwargs={"area_slug": measure.area.slug, "pk": cycle.pk})
        name = "Usability test" if cycle.kind == CycleKind.USABILITY else "PDSA cycle"
        if cycle.started_on:
            found.append(
                ChartAnnotation(on=cycle.started_on, label=f"{name} started: {cycle.title}", kind="pdsa", url=url)
            )
        if cycle.closed_on:
            found.append(
                ChartAnnotation(
                    on=cycle.closed_on,
                    label=f"{name} closed ({cycle.get_decision_display().lower()}): {cycle.title}",
                    kind="pdsa",
                    url=url,
                )
            )
    return found
