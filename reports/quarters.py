"""Reporting quarters and return due dates. Pure Python: no Django, no database.

Quarters follow the financial year (Q1 April–June, Q2 July–September, Q3 October–December, Q4
January–March); "2026-27 Q4" is January–March 2027. The quarter type itself is shared with the
innovations app's fidelity figures, so a quarter means the same thing everywhere in the portal.

A return for a quarter is due a set number of days after the quarter ends (the RETURN_DUE_DAYS
setting, 15 by default), so a Q4 return is due in the April of the next calendar year.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from innovations.fidelity import Quarter, quarters_between

__all__ = [
    "Quarter",
    "due_date",
    "is_late",
    "parse_slug",
    "quarter_slug",
    "quarters_between",
    "reminder_dates",
]

_SLUG = re.compile(r"^(\d{4})-(\d{2})-q([1-4])$")


def quarter_slug(quarter: Quarter) -> str:
    """'2026-27-q3': the quarter as it appears in a URL."""
    return f"{quarter.year}-{(quarter.year + 1) % 100:02d}-q{quarter.number}"


def parse_slug(slug: str) -> Quarter:
    """The quarter a URL names; ValueError for anything that is not one ('2026-27-q3')."""
    match = _SLUG.match(slug or "")
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
        raise ValueError(f"{slug!r} is not a quarter like '2026-27-q3'.")
    return Quarter(int(match.group(1)), int(match.group(3)))


def due_date(quarter: Quarter, due_days: int) -> date:
    """The day a quarter's return is due: `due_days` after the quarter's last day."""
    return quarter.end + timedelta(days=due_days)


def is_late(*, due_on: date, submitted_on: date | None, today: date) -> bool:
    """Late: first submitted after the due date, or not yet submitted and the due date has passed."""
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on


def reminder_dates(due_on: date, today: date) -> list[tuple[str, date]]:
    """Every reminder due by `today` for a return due on `due_on`, as (kind, date), oldest first.

    A week before the due date, on the due date, then every seven days while it is overdue.
    """
    scheduled = [("week_before", due_on - timedelta(days=7)), ("due", due_on)]
    overdue = due_on + timedelta(days=7)
    while overdue <= today:
        scheduled.append(("overdue", overdue))
        overdue += timedelta(days=7)
    return [(kind, day) for kind, day in scheduled if day <= today]
