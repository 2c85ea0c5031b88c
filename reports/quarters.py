"""Reporting quarters and return due dates. Pure Python: no Django, no database.

Quarters follow the financial year (Q1 April–June, Q2 July–September, Q3 October–December, Q4
January–March); "2026-27 Q4" is January–March 2027. The quarter type itself is `core.quarters.Quarter`,
so a quarter means the same thing everywhere in the portal.

A return for a quarter is due a set number of days after the quarter ends (the RETURN_DUE_DAYS
setting, 15 by default), so a Q4 return is due in the April of the next calendar year.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.quarters import Quarter

__all__ = ["due_date", "is_late", "reminder_dates"]


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
