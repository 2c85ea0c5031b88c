"""Reporting periods for measures: weeks, months and financial-year quarters. Pure Python.

A period is named by its first day: a Monday for weekly data, the 1st for monthly data, and the
first day of a financial-year quarter (1 Apr, 1 Jul, 1 Oct, 1 Jan) for quarterly data. Data entry
works a financial year (April to March) at a time, as the programme reports.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.dates import day_label, month_label, weekday_label

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"

QUARTER_MONTHS = (4, 7, 10, 1)  # Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March
EARLIEST = date(2000, 1, 1)  # older periods are almost certainly typing mistakes


def period_problem(frequency: str, day: date) -> str | None:
    """Why `day` cannot name a period of this frequency, in words; None when it can."""
    if frequency == WEEKLY and day.weekday() != 0:
        return f"{day_label(day)} is a {weekday_label(day)}; weekly periods start on a Monday."
    if frequency == MONTHLY and day.day != 1:
        return f"{day_label(day)} is not the 1st of a month; monthly periods start on the 1st."
    if frequency == QUARTERLY and (day.day != 1 or day.month not in QUARTER_MONTHS):
        return (
            f"{day_label(day)} does not start a financial-year quarter; "
            "quarterly periods start on 1 April, 1 July, 1 October or 1 January."
        )
    return None


def period_containing(frequency: str, day: date) -> date:
    """The first day of the period that `day` falls in."""
    if frequency == WEEKLY:
        return day - timedelta(days=day.weekday())
    if frequency == MONTHLY:
        return day.replace(day=1)
    month = max(m for m in (1, 4, 7, 10) if m <= day.month)
    return date(day.year, month, 1)


def next_period(frequency: str, start: date) -> date:
    """The first day of the period after the one starting on `start`."""
    if frequency == WEEKLY:
        return start + timedelta(days=7)
    step = 1 if frequency == MONTHLY else 3
    month = start.month - 1 + step
    return date(start.year + month // 12, month % 12 + 1, 1)


def periods_between(frequency: str, first: date, last: date) -> list[date]:
    """Every period start from the period holding `first` to the one holding `last`, inclusive."""
    periods = []
    current = period_containing(frequency, first)
    while current <= last:
        periods.append(current)
        current = next_period(frequency, current)
    return periods


def financial_year(day: date) -> int:
    """The calendar year in which `day`'s financial year (April to March) begins."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    """ "2025-26" for the year starting 1 April 2025."""
    return f"{year}-{(year + 1) % 100:02d}"


def financial_year_periods(frequency: str, year: int) -> list[date]:
    """The periods starting within the financial year that begins in April of `year`."""
    first = date(year, 4, 1)
    last = date(year + 1, 3, 31)
    return [p for p in periods_between(frequency, first, last) if p >= first]


def quarter_label(start: date) -> str:
    """ "2026-27 Q3" for October–December 2026."""
    number = QUARTER_MONTHS.index(period_containing(QUARTERLY, start).month) + 1
    return f"{financial_year_label(financial_year(start))} Q{number}"


def period_label(frequency: str, start: date) -> str:
    """A period as people say it: "w/c 6 Jan 2025", "Jan 2025" or "2024-25 Q4"."""
    if frequency == WEEKLY:
        return f"w/c {day_label(start)}"
    if frequency == MONTHLY:
        return month_label(start)
    return quarter_label(start)
