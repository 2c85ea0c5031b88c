"""Feedback-loop figures as pure functions over dates already loaded (no queries).

An item's age is the number of days from the date it was raised to today (or to the day it was
resolved). An open item is overdue once it has been open more than OVERDUE_AFTER_DAYS days: the
programme's quarterly return asks for items "open more than 60 days".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

OVERDUE_AFTER_DAYS = 60


@dataclass(frozen=True)
class AgeBand:
    label: str
    low: int  # days, inclusive
    high: int | None  # days, inclusive; None for no upper end

    def holds(self, days: int) -> bool:
        return days >= self.low and (self.high is None or days <= self.high)


AGE_BANDS = (
    AgeBand("Up to 30 days", 0, 30),
    AgeBand("31 to 60 days", 31, OVERDUE_AFTER_DAYS),
    AgeBand("61 to 90 days", OVERDUE_AFTER_DAYS + 1, 90),
    AgeBand("More than 90 days", 91, None),
)


def age_in_days(raised_on: date, on: date) -> int:
    return (on - raised_on).days


def is_overdue(raised_on: date, on: date) -> bool:
    """Open more than OVERDUE_AFTER_DAYS days on `on` (the caller knows the item is open)."""
    return age_in_days(raised_on, on) > OVERDUE_AFTER_DAYS


def age_bands(raised_dates: Iterable[date], on: date) -> list[tuple[AgeBand, int]]:
    """How many open items fall in each age band on `on`; every band is listed, empty or not."""
    counts = dict.fromkeys(AGE_BANDS, 0)
    for raised_on in raised_dates:
        days = max(age_in_days(raised_on, on), 0)
        for band in AGE_BANDS:
            if band.holds(days):
                counts[band] += 1
                break
    return list(counts.items())


def median_days(spans: Iterable[tuple[date, date]]) -> float | None:
    """The median number of days from raised to resolved, or None when nothing has been resolved."""
    days = [(resolved - raised).days for raised, resolved in spans]
    return median(days) if days else None
