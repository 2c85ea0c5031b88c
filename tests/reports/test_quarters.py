"""Reporting quarters, due dates and reminder dates, across the financial-year boundary."""

from datetime import date

import pytest

from core.quarters import Quarter, parse_slug, quarter_slug
from reports.quarters import due_date, is_late, reminder_dates


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (date(2026, 4, 1), "2026-27 Q1", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 9, 30), "2026-27 Q2", date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 12, 31), "2026-27 Q3", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), "2026-27 Q4", date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 3, 31), "2026-27 Q4", date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), "2027-28 Q1", date(2027, 4, 1), date(2027, 6, 30)),
    ],
)
def test_quarters_follow_the_financial_year(day, label, start, end):
    quarter = Quarter.of(day)
    assert (quarter.label, quarter.start, quarter.end) == (label, start, end)


def test_q4_return_is_due_in_april_of_the_next_calendar_year():
    q4 = Quarter(2026, 4)  # January–March 2027
    assert due_date(q4, 15) == date(2027, 4, 15)
    assert due_date(q4, 0) == date(2027, 3, 31)


def test_q3_return_is_due_in_january_of_the_next_calendar_year():
    assert due_date(Quarter(2026, 3), 15) == date(2027, 1, 15)


def test_a_leap_year_february_counts_its_29th():
    # Q4 of 2027-28 ends on 31 March 2028; 2028 is a leap year, which must not shift the date.
    assert Quarter(2027, 4).end == date(2028, 3, 31)
    assert due_date(Quarter(2027, 4), 30) == date(2028, 4, 30)


def test_submitted_on_the_due_date_is_on_time_and_a_day_later_is_late():
    due = due_date(Quarter(2026, 4), 15)
    assert not is_late(due_on=due, submitted_on=date(2027, 4, 15), today=date(2027, 5, 1))
    assert is_late(due_on=due, submitted_on=date(2027, 4, 16), today=date(2027, 5, 1))


def test_unsubmitted_is_late_only_after_the_due_date():
    due = date(2027, 4, 15)
    assert not is_late(due_on=due, submitted_on=None, today=date(2027, 4, 15))
    assert is_late(due_on=due, submitted_on=None, today=date(2027, 4, 16))


def test_reminders_a_week_before_on_the_day_and_weekly_while_overdue():
    due = date(2027, 4, 15)
    assert reminder_dates(due, date(2027, 4, 7)) == []
    assert reminder_dates(due, date(2027, 4, 8)) == [("week_before", date(2027, 4, 8))]
    assert reminder_dates(due, date(2027, 4, 15))[-1] == ("due", due)
    assert reminder_dates(due, date(2027, 4, 21))[-1] == ("due", due)
    assert reminder_dates(due, date(2027, 4, 29)) == [
        ("week_before", date(2027, 4, 8)),
        ("due", due),
        ("overdue", date(2027, 4, 22)),
        ("overdue", date(2027, 4, 29)),
    ]


def test_quarter_slugs_round_trip_and_refuse_nonsense():
    for quarter in (Quarter(2026, 1), Quarter(2026, 4), Quarter(2099, 3)):
        assert parse_slug(quarter_slug(quarter)) == quarter
    assert quarter_slug(Quarter(2026, 4)) == "2026-27-q4"
    for bad in ("2026-28-q1", "2026-27-q5", "2026-27", "", "q1"):
        with pytest.raises(ValueError):
            parse_slug(bad)
