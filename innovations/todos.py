"""To-do items from usable innovations: fidelity checks due or overdue (see core.todos).

- Members and leads of an area: for each innovation in use there, "Record the fidelity checks due"
  when a practitioner's latest check is overdue (older than the instrument's validity period) or
  falls due within 30 days. It links to the innovation's list of checks due, where each is recorded.
- CELCIS: each innovation, across the areas in scope, with checks overdue, to follow up with the area.

A practitioner never checked has no due date, so appears on the list of checks due but not here. Two
queries, however many areas, innovations or practitioners.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from areas.access import Access
from core.todos import Todo, TodoScope, Urgency

from .fidelity import check_due
from .models import FidelityCheck, InnovationStatus, Practitioner

ENDED = (InnovationStatus.NOT_SELECTED, InnovationStatus.DISCONTINUED)


def _due_by_innovation(area_ids, today) -> dict[tuple, list]:
    """(area id, area slug, innovation id, name) → the practitioners' CheckDue that are overdue or due soon."""
    latest = FidelityCheck.objects.filter(practitioner=OuterRef("pk")).order_by("-checked_on", "-pk")
    rows = (
        Practitioner.objects.filter(area_id__in=area_ids, left_on__isnull=True)
        .exclude(innovation__status__in=ENDED)
        .annotate(latest_checked_on=Subquery(latest.values("checked_on")[:1]))
        .filter(latest_checked_on__isnull=False)
        .values_list(
            "pk",
            "latest_checked_on",
            "area_id",
            "area__slug",
            "innovation_id",
            "innovation__name",
            "innovation__fidelity_validity_months",
        )
    )
    due = defaultdict(list)
    for pk, latest_on, area_id, slug, innovation_id, name, months in rows:
        one = check_due(pk, latest_on, today, months)
        if one.overdue or one.due_soon:
            due[(area_id, slug, innovation_id, name)].append(one)
    return due


def _url(slug: str, innovation_id: int) -> str:
    return reverse("innovations:checks_due", kwargs={"area_slug": slug, "pk": innovation_id})


def _count(n: int) -> str:
    return f"{n} practitioner{'s' if n != 1 else ''}"


def items(scope: TodoScope) -> list[Todo]:
    """Fidelity checks due or overdue (members and leads); innovations with checks overdue (CELCIS)."""
    if not scope.areas:
        return []
    if scope.celcis:
        area_ids = scope.area_ids
    else:
        access = Access.for_user(scope.user)
        area_ids = [area.pk for area in scope.areas if access.can_edit_area(area)]
    result = []
    for (area_id, slug, innovation_id, name), due in sorted(_due_by_innovation(area_ids, scope.today).items()):
        overdue = [d for d in due if d.overdue]
        if scope.celcis:
            if overdue:
                result.append(
                    Todo(
                        key="innovations.checks_overdue_in_area",
                        title=f"Follow up fidelity checks overdue for {name}",
                        url=_url(slug, innovation_id),
                        urgency=Urgency.OVERDUE,
                        area=scope.area_name(area_id),
                        due=min(d.due for d in overdue),
                        detail=f"{_count(len(overdue))} with their latest check older than the validity period.",
                    )
                )
            continue
        soon = [d for d in due if d.due_soon]
        detail = ", ".join(
            part
            for part in (
                f"{_count(len(overdue))} overdue" if overdue else "",
                f"{_count(len(soon))} due soon" if soon else "",
            )
            if part
        )
        result.append(
            Todo(
                key="innovations.fidelity_checks_due",
                title=f"Record the fidelity checks due for {name}",
                url=_url(slug, innovation_id),
                urgency=Urgency.OVERDUE if overdue else Urgency.DUE_SOON,
                area=scope.area_name(area_id),
                due=min(d.due for d in due),
                detail=f"{detail}: they stop counting as at fidelity once overdue.",
            )
        )
    return result
