"""The drivers arithmetic, free of Django: points ÷ (2 × items answered), unanswered items left out."""

import pytest

from drivers.scoring import (
    Score,
    ScoredItem,
    band,
    change,
    check_score,
    describe_change,
    percentage,
    score_assessment,
    score_of,
)


def test_a_driver_score_is_points_over_twice_the_items_answered():
    score = score_of([2, 1, 0, 2])
    assert (score.points, score.answered, score.total, score.possible) == (5, 4, 4, 8)
    assert score.percent == 63  # 62.5 rounds half up


def test_unanswered_items_are_left_out_not_counted_as_zero():
    score = score_of([2, None, 2, None])
    assert (score.answered, score.total, score.unanswered) == (2, 4, 2)
    assert score.percent == 100


def test_nothing_answered_gives_no_percentage_rather_than_zero():
    assert score_of([None, None]).percent is None
    assert score_of([]).percent is None
    assert Score().percent is None
    assert percentage(0, 0) is None


def test_all_not_in_place_is_zero_percent():
    assert score_of([0, 0, 0]).percent == 0


@pytest.mark.parametrize("bad", [3, -1, 1.5, "2", True])
def test_a_score_outside_0_to_2_is_refused(bad):
    with pytest.raises(ValueError, match="scored 2"):
        check_score(bad)
    with pytest.raises(ValueError):
        score_of([bad])


def test_group_and_overall_scores_are_over_their_items_not_an_average_of_drivers():
    items = [
        ScoredItem("selection", "competency", 2),  # selection: 1 item, 100%
        ScoredItem("training", "competency", 0),  # training: 3 items, 0%
        ScoredItem("training", "competency", 0),
        ScoredItem("training", "competency", 0),
        ScoredItem("technical", "leadership", 1),
        ScoredItem("technical", "leadership", None),
    ]
    scores = score_assessment(items, drivers=["selection", "training", "technical", "adaptive"])
    assert scores.driver("selection").percent == 100
    assert scores.driver("training").percent == 0
    assert scores.group("competency").percent == 25  # 2 of 8 points, not the mean of 100% and 0%
    assert (scores.group("leadership").answered, scores.group("leadership").total) == (1, 2)
    assert scores.group("leadership").percent == 50
    assert scores.overall.points == 3 and scores.overall.answered == 5 and scores.overall.percent == 30
    assert scores.driver("adaptive") == Score() and scores.driver("adaptive").percent is None
    assert scores.group("organisation").percent is None  # asked for nothing: an empty score


def test_change_needs_both_scores():
    assert change(40, 65) == 25
    assert change(None, 65) is None
    assert change(40, None) is None
    assert describe_change(25) == "Up 25 points"
    assert describe_change(-1) == "Down 1 point"
    assert describe_change(0) == "No change"
    assert describe_change(None) == "No comparison"


@pytest.mark.parametrize(
    ("percent", "css_class"),
    [
        (0, "driver-band-1"),
        (24, "driver-band-1"),
        (25, "driver-band-2"),
        (50, "driver-band-3"),
        (74, "driver-band-3"),
        (75, "driver-band-4"),
        (100, "driver-band-4"),
        (None, "driver-band-none"),
    ],
)
def test_heat_map_bands(percent, css_class):
    assert band(percent) == css_class
