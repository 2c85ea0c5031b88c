"""To-do items from the area's action list (see core.todos).

Anyone in an area is given the actions they own (they are a team member with a portal account) and
the overdue actions of their areas. CELCIS staff, looking across many areas, are given their own
actions and one count of overdue actions per area instead of one item per action. Two queries
whatever the number of areas or actions.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse

from core.dates import day_label
from core.todos import Todo, TodoScope, Urgency

from .models import OPEN_STATUSES, Action

# An action of yours due within this many days is due soon; later ones are upcoming.
DUE_SOON_DAYS = 14


def _urgency(action: Action, today) -> Urgency:
    if action.due_date is None:
        return Urgency.UPCOMING
    if action.due_date < today:
        return Urgency.OVERDUE
    return Urgency.DUE_SOON if action.due_date <= today + timedelta(days=DUE_SOON_DAYS) else Urgency.UPCOMING


def _action_items(scope: TodoScope, areas: dict, *, others_overdue: bool) -> list[Todo]:
    """The person's own open actions, and (unless CELCIS) everyone's overdue ones in their areas."""
    wanted = Q(owner__user=scope.user)
    if others_overdue:
        wanted |= Q(due_date__lt=scope.today)
    actions = (
        Action.objects.filter(wanted, area_id__in=list(areas), status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    found = []
    for action in actions:
        area = areas[action.area_id]
        mine = action.owner_id is not None and action.owner.user_id == scope.user.pk
        due = f"due {day_label(action.due_date)}" if action.due_date else "no due date"
        found.append(
            Todo(
                key="teams.action_mine" if mine else "teams.action_overdue",
                title=f"Your action: “{action.title}”" if mine else f"Overdue action: “{action.title}”",
                url=reverse("teams:action_update" if mine else "teams:action_detail", args=[area.slug, action.pk]),
                urgency=_urgency(action, scope.today),
                area=area.name,
                due=action.due_date,
                detail=f"Yours, {due}. Mark it done or update it." if mine else f"Owned by {action.owner or 'nobody'}.",
            )
        )
    return found


def _overdue_counts(scope: TodoScope, areas: dict) -> list[Todo]:
    rows = (
        Action.objects.filter(area_id__in=list(areas), status__in=OPEN_STATUSES, due_date__lt=scope.today)
        .order_by()
        .values("area_id")
        .annotate(count=Count("pk"), oldest=Min("due_date"))
        .order_by("area_id")
    )
    found = []
    for row in rows:
        area, count = areas[row["area_id"]], row["count"]
        found.append(
            Todo(
                key="teams.actions_overdue_count",
                title=f"{count} overdue action{'s' if count != 1 else ''} in {area.name}",
                url=reverse("teams:actions", args=[area.slug]) + "?status=overdue",
                urgency=Urgency.OVERDUE,
                area=area.name,
                due=row["oldest"],
                detail="Open actions past their due date.",
            )
        )
    return found


def items(scope: TodoScope) -> list[Todo]:
    """What waits for someone in `scope` on the action lists (at most two queries)."""
    areas = {area.pk: area for area in scope.areas}
    if not areas:
        return []
    if scope.celcis:
        return _action_items(scope, areas, others_overdue=False) + _overdue_counts(scope, areas)
    return _action_items(scope, areas, others_overdue=True)
