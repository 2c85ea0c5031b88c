"""How the portal writes dates for people: the one rule, in one place (STYLE: "dates as 26 Nov 2026").

- a day: "26 Nov 2026" (no leading zero, the month's first three letters);
- a month: "Jul 2025";
- a moment: "26 Nov 2026, 14:02" (24-hour clock, UK time);
- a time of day on its own: "14:02".

Python code calls these functions; templates use Django's own `|date` for a day (the project's
DATE_FORMAT, "j M Y", which tests/core/test_date_style.py holds equal to `day_label`) and the filters in
`core/templatetags/dates.py` for the rest. Nothing else formats a date for a reader: no `strftime`, no
`{day:%d %b %Y}`, no `|date:"…"` (the same test reads the code and templates for them).

What machines read stays ISO: URLs, keys, `<input type="date">` values, and the data cells of
exports whose header says so ("2026-11-26").

Pure Python apart from turning an aware datetime into UK time.
"""

from __future__ import annotations

from datetime import date, datetime, time

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _local(value):
    """An aware datetime in the portal's time zone (UK time); anything else unchanged."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value)
    return value


def day_label(value: date | datetime) -> str:
    """'26 Nov 2026'. A datetime gives the day it falls on in UK time."""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_label(value: date | datetime) -> str:
    """'Jul 2025': the month a day falls in."""
    value = _local(value)
    return f"{MONTHS[value.month - 1]} {value.year}"


def time_label(value: datetime | time) -> str:
    """'14:02': the time of day on the 24-hour clock (UK time for an aware datetime)."""
    value = _local(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def datetime_label(value: datetime) -> str:
    """'26 Nov 2026, 14:02': a moment, in UK time."""
    value = _local(value)
    return f"{day_label(value)}, {time_label(value)}"


def weekday_label(value: date | datetime) -> str:
    """'Monday': the day of the week, for sentences such as "6 Jan 2025 is a Monday"."""
    return WEEKDAYS[_local(value).weekday()]


def axis_label(value: date | datetime) -> str:
    """A chart's date tick: the month ('Jul 2025') on the 1st, the day ('6 Jan 2025') otherwise, so
    monthly and quarterly charts read as months and weekly ones as days."""
    return month_label(value) if value.day == 1 else day_label(value)
