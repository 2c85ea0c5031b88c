"""Drivers to-do items (core.todos): the half-yearly assessment falling due, drafts left open, and for
CELCIS the areas whose drivers assessment is out of date.

Two queries whatever the number of areas or assessments (one for CELCIS): each area's latest completed
programme-level assessment, and the open drafts. The scope holds only areas where the person works
(areas.todos leaves out those they only read), so everything offered here is theirs to do.
"""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from core.dates import day_label
from core.todos import Todo, TodoScope, Urgency

from .models import Assessment, AssessmentStatus
from .selectors import is_stale, months_before, next_due

# A draft untouched for longer than this is flagged as overdue: the session it records is fading.
DRAFT_OVERDUE_DAYS = 30


def _latest_programme_assessments(area_ids: list[int]) -> dict[int, object]:
    """Area id → the date of its latest completed assessment of the programme as a whole (one query)."""
    rows = (
        Assessment.objects.filter(
            area_id__in=area_ids, status=AssessmentStatus.COMPLETED, subject_content_type__isnull=True
        )
        .values("area_id")
        .annotate(latest=Max("assessed_on"))
    )
    return {row["area_id"]: row["latest"] for row in rows}


def _urgency(due, today) -> Urgency:
    """Due, or more than a month past due (overdue)."""
    return Urgency.OVERDUE if due is not None and today > months_before(due, -1) else Urgency.DUE_SOON


def _due_item(area, latest, scope: TodoScope, drafts_here: list[Assessment]) -> Todo | None:
    """'Run this half-year's drivers assessment' for a member or lead, or the CELCIS follow-up."""
    if latest is not None and not is_stale(latest, scope.today):
        return None
    due = next_due(latest) if latest is not None else None
    detail = (
        f"The last drivers assessment of the programme was on {day_label(latest)}."
        if latest is not None
        else "No drivers assessment of the programme as a whole has been completed yet."
    )
    if scope.celcis:
        return Todo(
            key="drivers.out_of_date",
            title=f"Follow up {area.name}'s drivers assessment: "
            + ("it is out of date" if latest is not None else "none completed yet"),
            url=reverse("drivers:list", kwargs={"area_slug": area.slug}),
            urgency=_urgency(due, scope.today),
            area=area.name,
            due=due,
            detail=detail,
        )
    if any(draft.subject_content_type_id is None for draft in drafts_here):
        return None  # already under way: the open draft is the item to finish
    return Todo(
        key="drivers.assessment_due",
        title="Run this half-year's drivers assessment",
        url=reverse("drivers:assessment_create", kwargs={"area_slug": area.slug}),
        urgency=_urgency(due, scope.today),
        area=area.name,
        due=due,
        detail=detail,
    )


def _draft_item(area, draft: Assessment, scope: TodoScope) -> Todo:
    """'Finish the drivers assessment of …' for a draft left open."""
    age = (scope.today - draft.assessed_on).days
    return Todo(
        key="drivers.draft_open",
        title=f"Finish the drivers assessment of {day_label(draft.assessed_on)}",
        url=reverse("drivers:assessment_score", kwargs={"area_slug": area.slug, "pk": draft.pk}),
        urgency=Urgency.OVERDUE if age > DRAFT_OVERDUE_DAYS else Urgency.DUE_SOON,
        area=area.name,
        since=draft.assessed_on,
        detail="Still a draft: complete it once enough items are answered, so its scores count.",
    )


def items(scope: TodoScope) -> list[Todo]:
    """The drivers work waiting in `scope`'s programme areas."""
    areas = [area for area in scope.areas if area.in_programme]
    if not areas:
        return []
    area_ids = [area.pk for area in areas]
    latest = _latest_programme_assessments(area_ids)
    drafts: dict[int, list[Assessment]] = {area_id: [] for area_id in area_ids}
    if not scope.celcis:
        for draft in Assessment.objects.filter(area_id__in=area_ids, status=AssessmentStatus.DRAFT).order_by(
            "assessed_on", "pk"
        ):
            drafts[draft.area_id].append(draft)
    found = []
    for area in areas:
        due = _due_item(area, latest.get(area.pk), scope, drafts[area.pk])
        if due is not None:
            found.append(due)
        found.extend(_draft_item(area, draft, scope) for draft in drafts[area.pk])
    return found
