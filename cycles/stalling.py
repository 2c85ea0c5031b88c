"""Stalled cycles (DOMAIN: an open cycle with no phase change for settings.CYCLE_STALLED_DAYS days).

The rule is one comparison with a cutoff date, so lists, the overview panel, the cycle page, to-do
items and other apps all ask the same question: `is_stalled` for a cycle already loaded, the
selectors for the database. Each selector is one query, however many areas or cycles.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from .models import ACTIVE_PHASES, Cycle


def stalled_after_days() -> int:
    return settings.CYCLE_STALLED_DAYS


def stalled_cutoff(today: date | None = None) -> date:
    """An open cycle whose phase last changed on or before this date is stalled."""
    return (today or timezone.localdate()) - timedelta(days=stalled_after_days())


def days_in_phase(cycle: Cycle, today: date | None = None) -> int:
    return ((today or timezone.localdate()) - cycle.phase_changed_on).days


def is_stalled(cycle: Cycle, today: date | None = None) -> bool:
    """Open, and no phase change for CYCLE_STALLED_DAYS days or more (60: stalled at 60, not at 59)."""
    return cycle.phase in ACTIVE_PHASES and cycle.phase_changed_on <= stalled_cutoff(today)


def stalled_filter(today: date | None = None) -> Q:
    """The same rule as a filter, for any queryset of cycles."""
    return Q(phase__in=ACTIVE_PHASES, phase_changed_on__lte=stalled_cutoff(today))


def stalled_cycles(area_ids: Iterable[int], today: date | None = None):
    """The stalled cycles of the given areas, longest stalled first (one query when evaluated)."""
    return (
        Cycle.objects.filter(stalled_filter(today), area_id__in=list(area_ids))
        .select_related("area")
        .order_by("phase_changed_on", "pk")
    )


def stalled_counts(area_ids: Iterable[int], today: date | None = None) -> dict[int, dict]:
    """Per area with any: how many cycles are stalled and since when the longest has sat (one query).

    `{area_id: {"count": 2, "since": date(2026, 2, 3)}}`; areas with none are left out.
    """
    rows = (
        Cycle.objects.filter(stalled_filter(today), area_id__in=list(area_ids))
        .order_by()
        .values("area_id")
        .annotate(count=Count("pk"), since=Min("phase_changed_on"))
    )
    return {row["area_id"]: {"count": row["count"], "since": row["since"]} for row in rows}
