"""Periods: weeks start on a Monday, months on the 1st, quarters on a financial-year quarter's first day."""

from datetime import date

import pytest

from measures import periods


@pytest.mark.parametrize(
    ("frequency", "day", "fine"),
    [
        ("weekly", date(2025, 4, 7), True),  # a Monday
        ("weekly", date(2025, 4, 8), False),
        ("monthly", date(2025, 2, 1), True),
        ("monthly", date(2025, 2, 15), False),
        ("quarterly", date(2025, 4, 1), True),
        ("quarterly", date(2025, 7, 1), True),
        ("quarterly", date(2025, 10, 1), True),
        ("quarterly", date(2026, 1, 1), True),
        ("quarterly", date(2025, 2, 1), False),  # the 1st of a month, but not of a quarter
        ("quarterly", date(2025, 4, 2), False),
    ],
)
def test_a_period_must_start_where_its_frequency_says(frequency, day, fine):
    assert (periods.period_problem(frequency, day) is None) is fine


def test_the_problem_is_said_in_words():
    assert "Tuesday" in periods.period_problem("weekly", date(2025, 4, 8))
    assert "1 April, 1 July, 1 October or 1 January" in periods.period_problem("quarterly", date(2025, 2, 1))


def test_periods_follow_on_across_the_year_end():
    assert periods.next_period("monthly", date(2025, 12, 1)) == date(2026, 1, 1)
    assert periods.next_period("quarterly", date(2025, 10, 1)) == date(2026, 1, 1)
    assert periods.next_period("weekly", date(2025, 12, 29)) == date(2026, 1, 5)


def test_a_financial_year_runs_april_to_march():
    assert periods.financial_year(date(2026, 3, 31)) == 2025
    assert periods.financial_year(date(2026, 4, 1)) == 2026
    assert periods.financial_year_label(2025) == "2025-26"
    assert periods.financial_year_periods("quarterly", 2025) == [
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
    ]
    assert len(periods.financial_year_periods("monthly", 2025)) == 12
    weeks = periods.financial_year_periods("weekly", 2025)
    assert weeks[0] == date(2025, 4, 7) and weeks[-1] == date(2026, 3, 30) and len(weeks) == 52


def test_periods_are_named_as_people_say_them():
    assert periods.period_label("weekly", date(2025, 4, 7)) == "w/c 7 Apr 2025"
    assert periods.period_label("monthly", date(2025, 4, 1)) == "Apr 2025"
    assert periods.period_label("quarterly", date(2026, 10, 1)) == "2026-27 Q3"
    assert periods.period_label("quarterly", date(2027, 1, 1)) == "2026-27 Q4"


def test_missing_periods_are_filled_between_the_first_and_last():
    assert periods.periods_between("monthly", date(2025, 11, 1), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
