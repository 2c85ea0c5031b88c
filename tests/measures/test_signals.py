"""Signals in words: the analysis functions' results said as improvement or concern."""

from measures.interpretation import analyse, format_number, summary_label, tone_for

LABELS = [f"Month {n}" for n in range(40)]
STEADY = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8]


def test_a_rise_is_improvement_when_higher_is_better_and_a_concern_when_lower_is():
    values = STEADY + [20] * 8
    up = analyse(values, LABELS, direction="increase", baseline=12)
    down = analyse(values, LABELS, direction="decrease", baseline=12)
    assert {s.tone for s in up.xmr_signals} == {"improvement"}
    assert {s.tone for s in down.xmr_signals} == {"concern"}
    beyond = next(s for s in up.xmr_signals if s.rule == "beyond_limits")
    assert beyond.text.startswith("8 points above the upper limit")
    assert "Improvement: higher is better for this measure." in beyond.text
    shift = next(s for s in down.xmr_signals if s.rule == "shift")
    assert "8 points in a row above the mean (10)" in shift.text
    assert "A concern: lower is better for this measure." in shift.text


def test_without_a_direction_a_signal_is_special_cause_only():
    result = analyse(STEADY + [20] * 8, LABELS, direction="neither", baseline=12)
    assert {s.tone for s in result.signals} == {"neutral"}
    assert "neither improvement nor concern" in result.xmr_signals[0].text


def test_the_run_chart_shift_names_its_first_and_last_period():
    result = analyse(STEADY + [20] * 6, LABELS, direction="increase", baseline=12)
    shift = next(s for s in result.run_signals if s.rule == "shift")
    assert "6 points in a row above the median (10), from Month 12 to Month 17" in shift.text


def test_fewer_than_twelve_points_setting_the_limits_earns_a_warning():
    few = analyse([10, 12, 11, 9, 10], LABELS, direction="increase")
    assert any("Only 5 points set the limits" in w for w in few.warnings)
    enough = analyse(STEADY, LABELS, direction="increase")
    assert not any("set the limits" in w for w in enough.warnings)


def test_a_baseline_fixed_beyond_the_data_says_it_is_not_complete():
    result = analyse([10, 12, 11], LABELS, direction="increase", baseline=12)
    assert any("only 3 have been recorded" in w for w in result.warnings)


def test_the_fixed_baseline_is_explained_and_no_baseline_is_too():
    fixed = analyse(STEADY + [10] * 4, LABELS, direction="increase", baseline=12)
    assert "come from the first 12 points (Month 0 to Month 11)" in fixed.notes[0]
    loose = analyse(STEADY, LABELS, direction="increase")
    assert "No baseline is fixed" in loose.notes[0]


def test_gaps_are_skipped_and_named_periods_stay_in_place():
    values = STEADY + [None, 20, 20, None, 20, 20, 20, 20, 20]
    result = analyse(values, LABELS, direction="increase", baseline=12)
    shift = next(s for s in result.xmr_signals if s.rule == "shift")
    assert shift.indices == (13, 14, 16, 17, 18, 19, 20)
    assert "from Month 13 to Month 20" in shift.text


def test_marks_name_every_rule_that_caught_a_point():
    result = analyse(STEADY + [20] * 8, LABELS, direction="increase", baseline=12)
    tone, names = result.marks("xmr")[12]
    assert tone == "improvement"
    assert names == ["Beyond a limit (improvement)", "Shift (improvement)"]


def test_summary_badges_say_what_was_found():
    assert summary_label(set(), points=1) == "Not enough data"
    assert summary_label(set(), points=20) == "No signal"
    assert summary_label({"improvement"}, points=20) == "Improvement"
    assert summary_label({"improvement", "concern"}, points=20) == "Improvement and concern"
    assert summary_label({"neutral"}, points=20) == "Special cause"


def test_figures_carry_their_units():
    assert format_number(42.5, "%") == "42.5%"
    assert format_number(17.0, "referrals") == "17 referrals"
    assert format_number(3.256, "days") == "3.26 days"
    assert format_number(1234.4, "") == "1,234"
    assert format_number(None, "%") == "—"


def test_tone_follows_the_direction():
    assert tone_for(1, "increase") == "improvement"
    assert tone_for(-1, "increase") == "concern"
    assert tone_for(-1, "decrease") == "improvement"
    assert tone_for(1, "neither") == "neutral"
