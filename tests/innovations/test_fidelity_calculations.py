"""Quarter arithmetic and fidelity figures: pure calculations, no database."""

from datetime import date

import pytest

from core.quarters import Quarter, quarters_between, recent_quarters
from innovations.fidelity import (
    CheckOutcome,
    SliceFigures,
    at_fidelity,
    check_score,
    meets_threshold,
    quarterly_figures,
    quarters_to_show,
    slice_totals,
)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 4, 1), "2026-27 Q1"),
        (date(2026, 6, 30), "2026-27 Q1"),
        (date(2026, 7, 1), "2026-27 Q2"),
        (date(2026, 10, 1), "2026-27 Q3"),
        (date(2026, 12, 31), "2026-27 Q3"),
        (date(2027, 1, 1), "2026-27 Q4"),
        (date(2027, 3, 31), "2026-27 Q4"),
        (date(2027, 4, 1), "2027-28 Q1"),
        (date(2099, 11, 5), "2099-00 Q3"),
    ],
)
def test_a_date_falls_in_its_financial_year_quarter(day, label):
    assert Quarter.of(day).label == label


def test_2026_27_q3_runs_from_october_to_december_2026():
    quarter = Quarter.parse("2026-27 Q3")
    assert (quarter.start, quarter.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert (Quarter.parse("2026-27 Q4").start, Quarter.parse("2026-27 Q4").end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert Quarter.parse("2026-27 Q1").start == date(2026, 4, 1)


def test_quarters_step_across_the_financial_year_end():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert [q.label for q in quarters_between(Quarter(2025, 3), Quarter(2026, 2))] == [
        "2025-26 Q3",
        "2025-26 Q4",
        "2026-27 Q1",
        "2026-27 Q2",
    ]
    assert quarters_between(Quarter(2026, 2), Quarter(2025, 3)) == []
    assert [q.label for q in recent_quarters(date(2026, 11, 26), 3)] == ["2026-27 Q3", "2026-27 Q2", "2026-27 Q1"]


@pytest.mark.parametrize("label", ["2026 Q3", "2026-28 Q3", "2026-27 Q5", "Q3 2026-27", ""])
def test_a_label_that_is_not_a_quarter_is_refused(label):
    with pytest.raises(ValueError):
        Quarter.parse(label)


def test_check_score_is_points_earned_over_points_available():
    assert check_score([(1, 1), (0, 1), (1, 1), (2, 3)]) == round(100 * 4 / 6, 1)
    assert check_score([]) is None
    assert meets_threshold(80.0, 80) and not meets_threshold(79.9, 80) and not meets_threshold(None, 1)


def _check(practitioner, day, meets, sequence=0):
    return CheckOutcome(practitioner=practitioner, checked_on=day, meets=meets, sequence=sequence)


def test_only_each_practitioners_latest_check_counts():
    checks = [
        _check("A", date(2026, 5, 1), True),
        _check("A", date(2026, 8, 1), False),  # A's latest: below the threshold, so A no longer counts
        _check("B", date(2026, 5, 1), False),
        _check("B", date(2026, 9, 1), True),  # B's latest meets fidelity
        _check("C", date(2026, 6, 1), True),
    ]
    assert at_fidelity(checks, date(2026, 6, 30)) == {"A", "C"}
    assert at_fidelity(checks, date(2026, 9, 30)) == {"B", "C"}


def test_two_checks_on_the_same_day_the_later_recorded_wins():
    checks = [_check("A", date(2026, 5, 1), True, sequence=2), _check("A", date(2026, 5, 1), False, sequence=1)]
    assert at_fidelity(checks, date(2026, 5, 1)) == {"A"}


def test_a_practitioner_who_left_stops_counting():
    checks = [_check("A", date(2026, 5, 1), True)]
    left = {"A": date(2026, 8, 15)}
    assert at_fidelity(checks, date(2026, 6, 30), left_on=left) == {"A"}
    assert at_fidelity(checks, date(2026, 9, 30), left_on=left) == set()


def test_proportion_per_quarter_is_at_fidelity_over_intended_with_gaps_where_nothing_is_recorded():
    q1, q2, q3 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)
    checks = [
        _check("A", date(2026, 5, 1), True),
        _check("B", date(2026, 5, 2), True),
        _check("B", date(2026, 11, 2), False),
        _check("C", date(2026, 8, 1), True),
        _check("D", date(2026, 8, 1), True),
        _check("E", date(2026, 8, 1), False),
    ]
    rows = quarterly_figures([q1, q2, q3], {q1: (10, 4), q3: (8, 8)}, checks)
    assert [(r.intended, r.trained, r.at_fidelity) for r in rows] == [(10, 4, 2), (None, None, 4), (8, 8, 3)]
    assert rows[0].proportion == 0.2 and rows[0].percent == 20
    assert rows[1].proportion is None  # no intended figure: a gap, not zero
    assert rows[2].percent == 38 and not rows[2].full_implementation


def test_full_implementation_is_at_least_half_of_intended_practitioners():
    quarter = Quarter(2026, 1)
    five_of_ten = [_check(n, date(2026, 5, 1), True) for n in range(5)]
    assert quarterly_figures([quarter], {quarter: (10, 10)}, five_of_ten)[0].full_implementation
    assert not quarterly_figures([quarter], {quarter: (11, 10)}, five_of_ten)[0].full_implementation
    assert not quarterly_figures([quarter], {quarter: (0, 0)}, five_of_ten)[0].full_implementation


def test_more_at_fidelity_than_intended_is_flagged_not_hidden():
    quarter = Quarter(2026, 1)
    row = quarterly_figures([quarter], {quarter: (1, 1)}, [_check(n, date(2026, 5, 1), True) for n in range(2)])[0]
    assert row.percent == 200 and row.more_at_fidelity_than_intended


def test_quarters_shown_run_from_the_first_data_to_the_current_quarter():
    shown = quarters_to_show([Quarter(2025, 4)], [date(2025, 8, 1)], date(2026, 11, 26))
    assert shown[0] == Quarter(2025, 2) and shown[-1] == Quarter(2026, 3)
    assert quarters_to_show([], [], date(2026, 11, 26)) == []


def test_scale_up_sums_each_figure_over_the_slices():
    totals = slice_totals([SliceFigures(8, 8, 5), SliceFigures(6, 4, 1), SliceFigures(10, 0, 0)])
    assert (totals.intended, totals.trained, totals.at_fidelity) == (24, 12, 6)
    assert totals.percent == 25
    assert slice_totals([]).proportion is None
