"""To-do lists: whose list covers which areas (the home page and the area overview's panel), how each
item is described, and the areas app's own items (a new programme area whose lead has not signed in).

Every framework app contributes items through `core.todos`; this module only decides the scope and
shows them. Each function here uses a fixed number of queries whatever the number of areas or items.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.urls import reverse
from django.utils import timezone

from core.dates import day_label
from core.todos import Todo, TodoScope, Urgency, collect

from .access import Access
from .models import LocalArea, Membership, Role

GROUP_HEADINGS = {
    Urgency.OVERDUE: "Overdue or holding others up",
    Urgency.DUE_SOON: "Due soon or waiting for you",
    Urgency.UPCOMING: "Coming up",
}


def specialist_areas(user) -> list[LocalArea]:
    """The areas a CELCIS specialist supports now, by name (one query)."""
    return list(
        LocalArea.objects.filter(specialist_assignments__user=user, specialist_assignments__ended_on__isnull=True)
        .distinct()
        .order_by("name")
    )


@dataclass
class HomeScope:
    """A person's to-do scope for the home page, and which choice of areas it reflects."""

    scope: TodoScope
    specialist_areas: list[LocalArea]
    all_areas: bool  # CELCIS looking at every programme area rather than their own


def home_scope(access: Access, *, want_all: bool = False, today: datetime.date | None = None) -> HomeScope:
    """Whose list is it: an area team's own areas; CELCIS's specialist areas (every programme area
    when they support none, or when they ask); Community of Practice items for those who take part."""
    today = today or timezone.localdate()
    user = access.user
    if access.is_celcis:
        mine = specialist_areas(user)
        all_areas = want_all or not mine
        areas = list(LocalArea.objects.in_programme().order_by("name")) if all_areas else mine
        scope = TodoScope(
            user=user,
            areas=areas,
            lead_area_ids={area.pk for area in areas},
            celcis=True,
            community=True,
            today=today,
        )
        return HomeScope(scope=scope, specialist_areas=mine, all_areas=all_areas)
    working = access.working_areas
    scope = TodoScope(
        user=user,
        areas=working,
        lead_area_ids={area.pk for area in working if access.can_lead_area(area)},
        community=access.can_take_part_in_community,
        today=today,
    )
    return HomeScope(scope=scope, specialist_areas=[], all_areas=False)


def area_scope(area: LocalArea, access: Access, today: datetime.date | None = None) -> TodoScope | None:
    """The to-do scope of one area's overview for this person; None for those who only read it."""
    if not access.can_edit_area(area):
        return None
    return TodoScope(
        user=access.user,
        areas=[area],
        lead_area_ids={area.pk} if access.can_lead_area(area) else set(),
        celcis=access.is_celcis,
        today=today or timezone.localdate(),
    )


# --- How items read ------------------------------------------------------------------------------------


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def timing(item: Todo, today: datetime.date) -> str:
    """ "due 15 Jan 2027", "overdue since 2 Jan 2027", "due today" or "waiting 12 days"."""
    if item.due:
        if item.due < today:
            return f"overdue since {day_label(item.due)}"
        return "due today" if item.due == today else f"due {day_label(item.due)}"
    if item.since:
        waited = (today - item.since).days
        return "waiting since today" if waited <= 0 else f"waiting {_days(waited)}"
    return ""


@dataclass(frozen=True)
class TodoRow:
    item: Todo
    when: str
    late: bool


@dataclass(frozen=True)
class TodoGroup:
    urgency: Urgency
    heading: str
    rows: list[TodoRow]


def grouped(items: list[Todo], today: datetime.date) -> list[TodoGroup]:
    """Items (already most urgent first) grouped by urgency, each with its timing in words."""
    groups = []
    for urgency, members in groupby(items, key=lambda item: item.urgency):
        rows = [TodoRow(item, timing(item, today), bool(item.due and item.due < today)) for item in members]
        groups.append(TodoGroup(urgency=urgency, heading=GROUP_HEADINGS[urgency], rows=rows))
    return groups


def overview_panel(area: LocalArea, access: Access) -> dict:
    """The area overview's to-do panel: what needs this person in this area (nothing for area viewers)."""
    scope = area_scope(area, access)
    if scope is None:
        return {"hidden": True}
    todos = collect(scope)
    return {"hidden": False, "groups": grouped(todos, scope.today), "count": len(todos)}


# --- The areas app's own items ---------------------------------------------------------------------------


def items(scope: TodoScope) -> list[Todo]:
    """For CELCIS: each programme area in scope that has no lead yet, or whose leads have not yet
    signed in (a new area stays on the list until its lead is in). One query."""
    if not scope.celcis:
        return []
    programme = [area for area in scope.areas if area.in_programme]
    if not programme:
        return []
    leads: dict[int, list[Membership]] = {area.pk: [] for area in programme}
    for membership in (
        Membership.objects.active()
        .filter(area_id__in=list(leads), role=Role.AREA_LEAD)
        .select_related("user")
        .order_by("started_on", "pk")
    ):
        leads[membership.area_id].append(membership)
    found = []
    for area in programme:
        area_leads = leads[area.pk]
        if any(m.user.last_login for m in area_leads):
            continue
        if not area_leads:
            found.append(
                Todo(
                    key="areas.no_lead",
                    title=f"Add a lead for {area.name}",
                    url=reverse("areas:member_add", args=[area.slug]),
                    urgency=Urgency.OVERDUE,
                    area=area.name,
                    since=area.date_joined,
                    detail="Nobody can sign off the area's stage changes or returns until it has a lead.",
                )
            )
            continue
        names = ", ".join(str(m.user) for m in area_leads)
        found.append(
            Todo(
                key="areas.lead_not_signed_in",
                title=f"Check that {area.name}'s lead has signed in",
                url=reverse("areas:members", args=[area.slug]),
                urgency=Urgency.DUE_SOON,
                area=area.name,
                since=area_leads[0].started_on,
                detail=f"Not signed in yet: {names}. You can send the invitation again from the members page.",
            )
        )
    return found
