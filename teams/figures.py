"""Dedicated time as full-time equivalents, and the signs of a team that needs attention.

Pure functions over figures already loaded, so pages can show them without further queries.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from core.dates import day_label

# A team is a small group accountable for the work, not an advisory group: three is the fewest.
MIN_ACTIVE_MEMBERS = 3
# A team that has not met for this long has probably stalled.
MEETING_GAP_DAYS = 90


def hours_to_fte(hours) -> Decimal:
    """Weekly hours as full-time equivalents (to two places), against the portal's full-time week."""
    full_time = Decimal(str(settings.FULL_TIME_WEEKLY_HOURS))
    return (Decimal(hours or 0) / full_time).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class HealthFlag:
    key: str
    label: str
    advice: str


def health_flags(*, active_members: int, dedicated_hours, last_meeting_on: date | None, today: date) -> list:
    """What needs attention in an active team, from its counts (no queries)."""
    flags = []
    if active_members < MIN_ACTIVE_MEMBERS:
        flags.append(
            HealthFlag(
                key="few_members",
                label=f"Fewer than {MIN_ACTIVE_MEMBERS} active members",
                advice=f"It has {active_members}. An implementation team needs three to five core members "
                "with expertise in the innovation, in implementation and in improvement methods.",
            )
        )
    if last_meeting_on is None or last_meeting_on < today - timedelta(days=MEETING_GAP_DAYS):
        flags.append(
            HealthFlag(
                key="no_recent_meeting",
                label=f"No meeting in the last {MEETING_GAP_DAYS} days",
                advice="No meeting has been recorded yet."
                if last_meeting_on is None
                else f"The last recorded meeting was on {day_label(last_meeting_on)}.",
            )
        )
    if not dedicated_hours:
        flags.append(
            HealthFlag(
                key="no_dedicated_time",
                label="No dedicated time recorded",
                advice="None of its active members has dedicated hours recorded. The programme depends on "
                "job roles redesigned with time set aside for this work.",
            )
        )
    return flags
