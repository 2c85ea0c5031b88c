"""Measures to-do items (core.todos): a programme-wide measure an area adopted whose latest finished
period has no value yet — one item per measure, for the people who enter the area's data.

Two queries whatever the number of areas or measures: the adopted measures in scope, and their values
for the periods due. The scope holds only areas where the person works (areas.todos leaves out those
they only read), so everything offered here is theirs to do.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from core.dates import day_label, month_label
from core.todos import Todo, TodoScope, Urgency

from . import periods
from .models import Measure, MeasureValue


def due_period(frequency: str, today: date) -> date:
    """The latest period that has ended by `today`: the one before the period `today` falls in."""
    current = periods.period_containing(frequency, today)
    return periods.period_containing(frequency, current - timedelta(days=1))


def period_name(frequency: str, start: date) -> str:
    """How the to-do names a period: "Mar 2026", "2025-26 Q4" or "the week of 6 Jan 2025"."""
    if frequency == periods.MONTHLY:
        return month_label(start)
    if frequency == periods.WEEKLY:
        return f"the week of {day_label(start)}"
    return periods.quarter_label(start)


def items(scope: TodoScope) -> list[Todo]:
    """'Enter March 2026's value for …' for each adopted measure whose latest finished period is empty."""
    if scope.celcis or not scope.areas:
        return []  # the areas enter their own data; CELCIS is not asked to
    areas = {area.pk: area for area in scope.areas}
    measures = list(
        Measure.objects.filter(area_id__in=list(areas), shared__isnull=False).only("pk", "area_id", "name", "frequency")
    )
    due = {measure.pk: due_period(measure.frequency, scope.today) for measure in measures}
    entered = set(
        MeasureValue.objects.filter(measure_id__in=list(due), period_start__in=set(due.values())).values_list(
            "measure_id", "period_start"
        )
    )
    found = []
    for measure in sorted(measures, key=lambda m: (areas[m.area_id].name, m.name)):
        period = due[measure.pk]
        if (measure.pk, period) in entered:
            continue
        area = areas[measure.area_id]
        url = reverse("measures:data", kwargs={"area_slug": area.slug, "pk": measure.pk})
        found.append(
            Todo(
                key="measures.value_due",
                title=f"Enter {period_name(measure.frequency, period)}'s value for “{measure.name}”",
                url=f"{url}?year={periods.financial_year(period)}",
                urgency=Urgency.DUE_SOON,
                area=area.name,
                since=periods.next_period(measure.frequency, period),
                detail="A programme-wide measure: its latest finished period has no value yet.",
            )
        )
    return found
