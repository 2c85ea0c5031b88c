"""Quarter arithmetic and fidelity figures: pure calculations, no database."""

from datetime import date

import pytest

from core.quarters import Quarter, quarters_between, recent_quarters
from innovations.fidelity import (
    CheckOutcome,
    DatedFigures,
    SliceFigures,
    at_fidelity,
    check_due,
    check_score,
    fidelity_status,
    meets_fidelity,
    meets_threshold,
    practitioners_on,
    quarterly_figures,
    quarters_to_show,
    slice_totals,
)

SIX = 6  # months a check stays current (settings.FIDELITY_VALIDITY_MONTHS)
LONG = 36  # long enough that no check in a test falls overdue


def _figures(quarter_figures: dict) -> list[DatedFigures]:
    """The innovation's own figures from each quarter's first day."""
    return [DatedFigures(q.start, intended, trained) for q, (intended, trained) in quarter_figures.items()]


def _quarters(quarters, quarter_figures, checks, validity=LONG):
    return quarterly_figures(
        quarters, _figures(quarter_figures), checks, today=date(2027, 6, 1), validity_months=validity
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
    assert at_fidelity(checks, date(2026, 6, 30), validity_months=LONG) == {"A", "C"}
    assert at_fidelity(checks, date(2026, 9, 30), validity_months=LONG) == {"B", "C"}


def test_two_checks_on_the_same_day_the_later_recorded_wins():
    checks = [_check("A", date(2026, 5, 1), True, sequence=2), _check("A", date(2026, 5, 1), False, sequence=1)]
    assert at_fidelity(checks, date(2026, 5, 1), validity_months=LONG) == {"A"}


def test_a_practitioner_who_left_stops_counting():
    checks = [_check("A", date(2026, 5, 1), True)]
    left = {"A": date(2026, 8, 15)}
    assert at_fidelity(checks, date(2026, 6, 30), validity_months=LONG, left_on=left) == {"A"}
    assert at_fidelity(checks, date(2026, 9, 30), validity_months=LONG, left_on=left) == set()


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
    rows = _quarters([q1, q2, q3], {q2: (10, 4), q3: (8, 8)}, checks)
    assert [(r.intended, r.trained, r.at_fidelity) for r in rows] == [(None, None, 2), (10, 4, 4), (8, 8, 3)]
    assert rows[0].proportion is None  # nothing recorded by its end: a gap, not zero
    assert rows[1].proportion == 0.4 and rows[1].percent == 40
    assert rows[2].percent == 38 and not rows[2].full_implementation


def test_full_implementation_is_at_least_half_of_intended_practitioners():
    quarter = Quarter(2026, 1)
    five_of_ten = [_check(n, date(2026, 5, 1), True) for n in range(5)]
    assert _quarters([quarter], {quarter: (10, 10)}, five_of_ten)[0].full_implementation
    assert not _quarters([quarter], {quarter: (11, 10)}, five_of_ten)[0].full_implementation
    assert not _quarters([quarter], {quarter: (0, 0)}, five_of_ten)[0].full_implementation


def test_more_at_fidelity_than_intended_is_flagged_not_hidden():
    quarter = Quarter(2026, 1)
    row = _quarters([quarter], {quarter: (1, 1)}, [_check(n, date(2026, 5, 1), True) for n in range(2)])[0]
    assert row.percent == 200 and row.more_at_fidelity_than_intended


def test_quarters_shown_run_from_the_first_data_to_the_current_quarter():
    shown = quarters_to_show([Quarter(2025, 4).start], [date(2025, 8, 1)], date(2026, 11, 26))
    assert shown[0] == Quarter(2025, 2) and shown[-1] == Quarter(2026, 3)
    assert quarters_to_show([], [], date(2026, 11, 26)) == []


def test_scale_up_sums_each_figure_over_the_slices():
    totals = slice_totals([SliceFigures(8, 8, 5), SliceFigures(6, 4, 1), SliceFigures(10, 0, 0)])
    assert (totals.intended, totals.trained, totals.at_fidelity) == (24, 12, 6)
    assert totals.percent == 25
    assert slice_totals([]).proportion is None


# --- Essential items, the validity period and dated figures (worked examples, DOMAIN.md) ----------


def test_an_essential_item_missed_at_a_high_score_is_not_at_fidelity():
    # Four met / not met items and one scored 0-3 against a 75% threshold: the essential item is
    # missed, the rest full marks, so 6 of 7 points.
    score = check_score([(0, 1), (1, 1), (1, 1), (1, 1), (3, 3)])
    assert score == 85.7 and meets_threshold(score, 75)
    assert not meets_fidelity(score, 75, essential_missed=1)
    assert meets_fidelity(score, 75, essential_missed=0)
    assert not meets_fidelity(70.0, 75, essential_missed=0)


def test_a_check_older_than_the_validity_period_is_overdue_and_not_at_fidelity():
    checks = [_check("A", date(2026, 1, 15), True), _check("B", date(2026, 5, 1), True)]
    # Current up to and including 15 Jul 2026, six months on.
    on_the_day = fidelity_status(checks, date(2026, 7, 15), validity_months=SIX)
    assert on_the_day.at_fidelity == {"A", "B"} and on_the_day.overdue == frozenset()
    next_day = fidelity_status(checks, date(2026, 7, 16), validity_months=SIX)
    assert next_day.at_fidelity == {"B"} and next_day.overdue == {"A"}
    # A check below fidelity falls overdue the same way; a practitioner who left is in neither.
    failed = [_check("C", date(2026, 1, 15), False)]
    assert fidelity_status(failed, date(2026, 9, 1), validity_months=SIX).overdue == {"C"}
    left = fidelity_status(checks, date(2026, 9, 1), validity_months=SIX, left_on={"A": date(2026, 8, 1)})
    assert left.overdue == frozenset() and left.at_fidelity == {"B"}


def test_quarterly_figures_count_checks_overdue_in_a_longer_or_shorter_validity():
    q1, q2, q3 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)
    checks = [_check("A", date(2026, 5, 1), True), _check("B", date(2026, 8, 1), True)]
    rows = _quarters([q1, q2, q3], {q1: (4, 4)}, checks, validity=SIX)
    assert [(r.at_fidelity, r.overdue) for r in rows] == [(1, 0), (2, 0), (1, 1)]  # A overdue by 31 Dec
    rows = _quarters([q1, q2, q3], {q1: (4, 4)}, checks, validity=12)
    assert [(r.at_fidelity, r.overdue) for r in rows] == [(1, 0), (2, 0), (2, 0)]


def test_the_running_quarter_counts_overdue_as_of_today_not_its_last_day():
    quarter = Quarter(2026, 3)  # Oct-Dec 2026
    checks = [_check("A", date(2026, 5, 20), True)]  # current until 20 Nov
    row = quarterly_figures([quarter], [], checks, today=date(2026, 11, 1), validity_months=SIX)[0]
    assert (row.at_fidelity, row.overdue) == (1, 0)
    row = quarterly_figures([quarter], [], checks, today=date(2026, 11, 21), validity_months=SIX)[0]
    assert (row.at_fidelity, row.overdue) == (0, 1)


def test_figures_carry_forward_across_three_quarters_and_a_slice_change():
    q1, q2, q3, q4 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3), Quarter(2026, 4)
    figures = [
        DatedFigures(date(2026, 4, 10), 10, 4),  # the innovation's own, before slices
        DatedFigures(date(2026, 8, 1), 8, 5, slice="zone"),  # the transformation zone starts
        DatedFigures(date(2026, 11, 15), 6, 2, slice="north"),  # a further slice
        DatedFigures(date(2027, 2, 1), 8, 8, slice="zone"),  # the zone's trained change
    ]
    rows = quarterly_figures([q1, q2, q3, q4], figures, [], today=date(2027, 6, 1), validity_months=SIX)
    assert [(r.intended, r.trained) for r in rows] == [(10, 4), (8, 5), (14, 7), (14, 10)]
    # Carried forward unchanged: the zone's figures hold through Q2 and Q3, North's through Q3 and Q4.
    assert practitioners_on(figures, date(2026, 7, 31)) == (10, 4)
    assert practitioners_on(figures, date(2026, 4, 9)) is None
    # Two records on one day: the later-recorded wins.
    same_day = [DatedFigures(date(2026, 5, 1), 5, 1, sequence=1), DatedFigures(date(2026, 5, 1), 6, 2, sequence=2)]
    assert practitioners_on(same_day, date(2026, 5, 1)) == (6, 2)


def test_when_the_next_check_is_due():
    overdue = check_due("A", date(2026, 1, 31), date(2026, 8, 1), SIX)
    assert overdue.due == date(2026, 7, 31) and overdue.overdue and not overdue.due_soon
    soon = check_due("A", date(2026, 3, 1), date(2026, 8, 5), SIX)
    assert soon.due == date(2026, 9, 1) and soon.due_soon and not soon.overdue
    later = check_due("A", date(2026, 5, 1), date(2026, 8, 1), SIX)
    assert not later.due_soon and not later.overdue
    never = check_due("A", None, date(2026, 8, 1), SIX)
    assert never.due is None and not never.overdue and not never.due_soon
    assert check_due("A", date(2026, 8, 31), date(2027, 3, 1), SIX).due == date(2027, 2, 28)
