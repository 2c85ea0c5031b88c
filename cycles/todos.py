"""To-do items from improvement cycles and the feedback loop (see core.todos).

An area member or lead is given each stalled PDSA cycle in their areas, each feedback item still
awaiting a response, and each change made whose answer has not yet gone back to practice. CELCIS
staff, looking across many areas, are given one count per area instead: stalled cycles, and
feedback items overdue for a response. Two queries whatever the number of areas or records.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min
from django.urls import reverse

from core.todos import Todo, TodoScope, Urgency

from . import figures, stalling
from .models import AWAITING_RESPONSE, FeedbackItem, FeedbackStatus


def _url(name: str, area, *args, query: str = "") -> str:
    return reverse(f"cycles:{name}", args=[area.slug, *args]) + (f"?{query}" if query else "")


def _stalled(scope: TodoScope, areas: dict) -> list[Todo]:
    days = stalling.stalled_after_days()
    return [
        Todo(
            key="cycles.stalled",
            title=f"Move on, step back or close the stalled cycle “{cycle.title}”",
            url=_url("detail", areas[cycle.area_id], cycle.pk),
            urgency=Urgency.OVERDUE,
            area=areas[cycle.area_id].name,
            since=cycle.phase_changed_on,
            detail=f"No phase change in {cycle.get_phase_display()} for {days} days or more.",
        )
        for cycle in stalling.stalled_cycles(areas, scope.today)
    ]


def _feedback(scope: TodoScope, areas: dict) -> list[Todo]:
    items = FeedbackItem.objects.filter(
        area_id__in=list(areas), status__in=(*AWAITING_RESPONSE, FeedbackStatus.CHANGED)
    ).order_by("raised_on", "pk")
    found = []
    for item in items:
        area = areas[item.area_id]
        url = _url("feedback_update", area, item.pk)
        if item.status == FeedbackStatus.CHANGED:
            found.append(
                Todo(
                    key="cycles.feedback_share_back",
                    title=f"Share the answer to “{item.title}” back with practice",
                    url=url,
                    urgency=Urgency.DUE_SOON,
                    area=area.name,
                    since=item.resolved_on,
                    detail="A change was made; the barrier is resolved once practice has heard.",
                )
            )
            continue
        due = item.raised_on + timedelta(days=figures.OVERDUE_AFTER_DAYS)
        routed = item.status == FeedbackStatus.ROUTED
        found.append(
            Todo(
                key="cycles.feedback_awaiting",
                title=f"Chase a response to “{item.title}”" if routed else f"Route the barrier “{item.title}”",
                url=url,
                urgency=Urgency.OVERDUE if figures.is_overdue(item.raised_on, scope.today) else Urgency.DUE_SOON,
                area=area.name,
                due=due,
                since=item.raised_on,
                detail=f"With the {item.get_routed_to_display()}, awaiting a response."
                if routed
                else "Raised from practice and not yet taken to anyone who can act.",
            )
        )
    return found


def _celcis_counts(scope: TodoScope, areas: dict) -> list[Todo]:
    """One item per area with stalled cycles, and one per area with feedback overdue for a response."""
    found = []
    for area_id, row in sorted(stalling.stalled_counts(areas, scope.today).items()):
        area, count = areas[area_id], row["count"]
        found.append(
            Todo(
                key="cycles.stalled_count",
                title=f"{count} stalled improvement cycle{'s' if count != 1 else ''} in {area.name}",
                url=_url("list", area, query="phase=stalled"),
                urgency=Urgency.OVERDUE,
                area=area.name,
                since=row["since"],
                detail=f"Open with no phase change for {stalling.stalled_after_days()} days or more.",
            )
        )
    cutoff = scope.today - timedelta(days=figures.OVERDUE_AFTER_DAYS)
    overdue = (
        FeedbackItem.objects.filter(area_id__in=list(areas), status__in=AWAITING_RESPONSE, raised_on__lt=cutoff)
        .order_by()
        .values("area_id")
        .annotate(count=Count("pk"), oldest=Min("raised_on"))
        .order_by("area_id")
    )
    for row in overdue:
        area, count = areas[row["area_id"]], row["count"]
        found.append(
            Todo(
                key="cycles.feedback_overdue_count",
                title=f"{count} feedback item{'s' if count != 1 else ''} overdue for a response in {area.name}",
                url=_url("feedback_list", area, query="status=overdue"),
                urgency=Urgency.OVERDUE,
                area=area.name,
                since=row["oldest"],
                detail=f"Barriers raised more than {figures.OVERDUE_AFTER_DAYS} days ago with no response yet.",
            )
        )
    return found


def items(scope: TodoScope) -> list[Todo]:
    """What waits for someone in `scope` from cycles and the feedback loop (two queries)."""
    areas = {area.pk: area for area in scope.areas}
    if not areas:
        return []
    if scope.celcis:
        return _celcis_counts(scope, areas)
    return _stalled(scope, areas) + _feedback(scope, areas)
