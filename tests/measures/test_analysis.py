"""Worked examples for the run chart and XmR rules in shared/DOMAIN.md."""

import pytest

from measures.analysis import run_chart, runs_limits, xmr

# --- Run chart -------------------------------------------------------------------------------


def test_run_chart_returns_exactly_the_agreed_keys():
    assert set(run_chart([1, 2, 3])) == {
        "median",
        "shifts",
        "trends",
        "runs",
        "useful_observations",
        "too_few_runs",
        "too_many_runs",
    }


def test_median_comes_from_all_points_without_a_baseline():
    assert run_chart([3, 1, 2, 10])["median"] == 2.5


def test_a_fixed_baseline_sets_the_median_from_the_leading_points_only():
    values = [10, 12, 11, 13, 30, 31, 32, 33, 34, 35]
    assert run_chart(values, baseline=4)["median"] == 11.5
    # Later points never move a fixed centre line.
    assert run_chart(values + [1000, 2000], baseline=4)["median"] == 11.5


def test_baseline_counts_non_gap_points():
    assert run_chart([None, 4, None, 6, 100, 200], baseline=2)["median"] == 5


def test_shift_of_six_points_above_the_median():
    values = [5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9]
    result = run_chart(values, baseline=6)
    # Points on the median (the first six) neither count nor break; the six 9s are the shift.
    assert result["shifts"] == [[6, 11]]


def test_five_points_on_one_side_is_not_a_shift():
    assert run_chart([1, 9, 9, 9, 9, 9, 1], baseline=None)["shifts"] == []


def test_points_on_the_median_neither_count_nor_break_a_shift():
    #         0  1  2  3  4  5  6  7  8  9  10
    values = [8, 8, 5, 8, 5, 8, 8, 1, 1, 1, 1]
    result = run_chart(values)
    assert result["median"] == 5
    # Five points above with two on the median between them: not six, so no shift ...
    assert result["shifts"] == []
    # ... but a sixth point above completes it, spanning first to last counted point.
    longer = run_chart([8, 8, 5, 8, 5, 8, 8, 8, 1, 1, 1, 1, 1])
    assert longer["median"] == 5
    assert longer["shifts"] == [[0, 7]]


def test_gaps_neither_count_nor_break_a_shift():
    values = [1, 1, 1, 1, 9, None, 9, None, 9, 9, 9, 9]
    assert run_chart(values, baseline=4)["shifts"] == [[4, 11]]


def test_trend_of_five_rising_points():
    assert run_chart([1, 2, 3, 4, 5])["trends"] == [[0, 4]]
    assert run_chart([1, 2, 3, 4])["trends"] == []


def test_trend_falling():
    assert run_chart([9, 7, 5, 3, 1, 2])["trends"] == [[0, 4]]


def test_a_repeated_value_counts_once_and_does_not_break_a_trend():
    #         0  1  2  3  4  5  6  7
    values = [1, 2, 2, 3, 4, 4, 5, 1]
    # 1,2,3,4,5 rising: span from the last 1 (index 0) to the first 5 (index 6).
    assert run_chart(values)["trends"] == [[0, 6]]
    # Only four distinct rising values even with repeats: no trend.
    assert run_chart([1, 1, 2, 3, 3, 4])["trends"] == []


def test_trend_span_runs_from_last_occurrence_of_first_value_to_first_occurrence_of_last():
    #         0  1  2  3  4  5  6  7  8
    values = [3, 3, 3, 4, 5, 6, 7, 7, 7]
    assert run_chart(values)["trends"] == [[2, 6]]


def test_gaps_are_skipped_in_trends_and_indices_point_into_the_original_list():
    values = [1, None, 2, None, None, 3, 4, None, 5]
    assert run_chart(values)["trends"] == [[0, 8]]


def test_trends_up_then_down_share_the_turning_point():
    values = [1, 2, 3, 4, 5, 4, 3, 2, 1]
    assert run_chart(values)["trends"] == [[0, 4], [4, 8]]


def test_runs_count_median_crossings_among_useful_observations():
    values = [1, 9, 5, 1, 9, 9, 1]  # median 5; the 5 is not useful
    result = run_chart(values)
    assert result["useful_observations"] == 6
    assert result["runs"] == 5  # below, above, below, above above, below


@pytest.mark.parametrize(("n", "limits"), [(10, (3, 9)), (20, (7, 15)), (30, (11, 21))])
def test_runs_limits_match_the_swed_eisenhart_table(n, limits):
    assert runs_limits(n) == limits


def test_too_few_runs_with_ten_useful_observations():
    values = [1, 1, 1, 1, 1, 9, 9, 9, 9, 9]  # 2 runs < 3
    result = run_chart(values)
    assert result["runs"] == 2 and result["too_few_runs"] and not result["too_many_runs"]


def test_too_many_runs():
    values = [1, 9] * 5  # 10 runs > 9
    result = run_chart(values)
    assert result["runs"] == 10 and result["too_many_runs"] and not result["too_few_runs"]


def test_no_runs_verdict_below_ten_useful_observations():
    result = run_chart([1, 9] * 4 + [5, 5])  # 8 useful (the 5s sit on the median)
    assert result["useful_observations"] == 8
    assert not result["too_few_runs"] and not result["too_many_runs"]


def test_an_empty_or_all_gap_series_gives_no_median_and_no_signals():
    result = run_chart([None, None])
    assert result["median"] is None and result["shifts"] == [] and result["runs"] == 0


# --- XmR -------------------------------------------------------------------------------------


def test_xmr_returns_exactly_the_agreed_keys():
    assert set(xmr([1, 2, 3])) == {"mean", "mr_bar", "lcl", "ucl", "beyond_limits", "shifts", "trends", "two_of_three"}


def test_limits_are_mean_plus_or_minus_2_66_mean_moving_ranges():
    result = xmr([10, 12, 10, 12, 10])
    assert result["mean"] == pytest.approx(10.8)
    assert result["mr_bar"] == pytest.approx(2)
    assert result["ucl"] == pytest.approx(10.8 + 5.32)
    assert result["lcl"] == pytest.approx(10.8 - 5.32)


def test_large_moving_ranges_are_screened_out_once():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 40, 10]
    # Moving ranges: eight 1s, then 30 and 30; first mean 68/10 = 6.8, limit 3.267 × 6.8 ≈ 22.2,
    # so both 30s are dropped and the mean moving range is 1.
    assert xmr(values)["mr_bar"] == pytest.approx(1)


def test_moving_ranges_skip_gaps():
    assert xmr([10, None, 12, None, 10])["mr_bar"] == pytest.approx(2)


def test_a_point_beyond_a_limit():
    values = [10, 11, 9, 10, 11, 10, 9, 10, 30]
    result = xmr(values, baseline=8)
    assert result["beyond_limits"] == [8]


def test_fixed_baseline_is_not_recalculated_by_later_points():
    base = [10, 11, 9, 10, 11, 10, 9, 10]
    first = xmr(base, baseline=8)
    later = xmr(base + [50, 60, 70], baseline=8)
    assert (later["mean"], later["mr_bar"], later["ucl"]) == (first["mean"], first["mr_bar"], first["ucl"])
    assert later["beyond_limits"] == [8, 9, 10]


def test_seven_points_on_one_side_of_the_mean_is_a_shift_and_the_mean_breaks_it():
    base = [12, 10, 12, 10, 12, 10, 12, 10]  # mean 11, ending below it
    assert xmr(base + [12] * 7, baseline=8)["shifts"] == [[8, 14]]
    assert xmr(base + [12] * 6, baseline=8)["shifts"] == []
    # A point exactly on the mean breaks the run.
    assert xmr(base + [12, 12, 12, 11, 12, 12, 12, 12], baseline=8)["shifts"] == []


def test_gaps_do_not_break_an_xmr_shift():
    base = [12, 10, 12, 10, 12, 10, 12, 10]
    values = base + [12, None, 12, 12, None, 12, 12, 12, 12]
    assert xmr(values, baseline=8)["shifts"] == [[8, 16]]


def test_seven_strictly_rising_points_is_a_trend_and_an_equal_value_breaks_it():
    assert xmr([1, 2, 3, 4, 5, 6, 7])["trends"] == [[0, 6]]
    assert xmr([1, 2, 3, 4, 5, 6])["trends"] == []
    assert xmr([1, 2, 3, 3, 4, 5, 6, 7])["trends"] == []
    assert xmr([1, 2, 3, 3, 4, 5, 6, 7, 8, 9])["trends"] == [[3, 9]]


def test_falling_trend_with_a_gap():
    assert xmr([9, 8, None, 7, 6, 5, 4, 3])["trends"] == [[0, 7]]


def test_two_of_three_near_the_upper_limit_flags_the_near_points():
    # mean 10, mR̄ 3 → limits 2.02 and 17.98; the near band starts at 10 + 5.32 = 15.32.
    base = [10, 13, 10, 7, 10, 13, 10, 7, 10]
    result = xmr(base + [16, 11, 17], baseline=9)
    assert result["mean"] == pytest.approx(10) and result["mr_bar"] == pytest.approx(3)
    assert result["two_of_three"] == [9, 11]
    assert result["beyond_limits"] == []


def test_two_of_three_needs_all_three_on_the_same_side():
    base = [10, 13, 10, 7, 10, 13, 10, 7, 10]
    assert xmr(base + [16, 9, 17], baseline=9)["two_of_three"] == []


def test_points_beyond_the_limit_are_not_near_it():
    base = [10, 13, 10, 7, 10, 13, 10, 7, 10]
    result = xmr(base + [16, 11, 25], baseline=9)
    assert result["beyond_limits"] == [11]
    assert result["two_of_three"] == []


def test_too_few_points_for_limits():
    result = xmr([5])
    assert result["mean"] == 5 and result["mr_bar"] is None and result["ucl"] is None
    assert xmr([])["mean"] is None
