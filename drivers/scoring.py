"""Implementation Drivers scores, free of Django so the arithmetic is easy to test and to trust.

Each item is scored in place (2), partly in place (1) or not in place (0); an item not yet answered
is left out, never counted as zero. A driver's score is its points as a percentage of the points
possible for its answered items (2 × items answered); a group's and the overall score are worked
out the same way over all of their answered items, so a driver with more items weighs more.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

POINTS_IN_PLACE = 2
POINTS_PARTLY = 1
POINTS_NOT_IN_PLACE = 0
VALID_SCORES = (POINTS_IN_PLACE, POINTS_PARTLY, POINTS_NOT_IN_PLACE)

SCORE_LABELS = {
    POINTS_IN_PLACE: "In place",
    POINTS_PARTLY: "Partly in place",
    POINTS_NOT_IN_PLACE: "Not in place",
}
UNANSWERED_LABEL = "Not yet answered"


def check_score(value: int | None) -> int | None:
    """The value itself if it is a valid item score (or None for unanswered); ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or value not in VALID_SCORES:
        raise ValueError(f"An item is scored 2 (in place), 1 (partly in place) or 0 (not in place), not {value!r}.")
    return value


def score_label(value: int | None) -> str:
    return UNANSWERED_LABEL if value is None else SCORE_LABELS[value]


def percentage(points: int, answered: int) -> int | None:
    """Points as a whole-number percentage of 2 × answered (halves round up); None if nothing answered."""
    if not answered:
        return None
    return math.floor(100 * points / (POINTS_IN_PLACE * answered) + 0.5)


@dataclass(frozen=True)
class Score:
    """A score over some items: points won, items answered, items in all, and the percentage."""

    points: int = 0
    answered: int = 0
    total: int = 0

    @property
    def possible(self) -> int:
        return POINTS_IN_PLACE * self.answered

    @property
    def percent(self) -> int | None:
        return percentage(self.points, self.answered)

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    def add(self, value: int | None) -> Score:
        check_score(value)
        if value is None:
            return Score(self.points, self.answered, self.total + 1)
        return Score(self.points + value, self.answered + 1, self.total + 1)


def score_of(values: Iterable[int | None]) -> Score:
    """The score over these item values (None for an unanswered item)."""
    result = Score()
    for value in values:
        result = result.add(value)
    return result


@dataclass(frozen=True)
class ScoredItem:
    """One item's answer, with the driver and group it belongs to (keys, not database objects)."""

    driver: str
    group: str
    value: int | None


@dataclass
class AssessmentScores:
    """Scores per driver, per group and overall for one assessment."""

    drivers: dict[str, Score] = field(default_factory=dict)
    groups: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)

    def driver(self, key: str) -> Score:
        return self.drivers.get(key, Score())

    def group(self, key: str) -> Score:
        return self.groups.get(key, Score())


def score_assessment(items: Iterable[ScoredItem], *, drivers: Iterable[str] = (), groups: Iterable[str] = ()):
    """Add up every item by driver, by group and overall.

    `drivers` and `groups` name those that should appear even with no items (an empty Score).
    """
    result = AssessmentScores(
        drivers={key: Score() for key in drivers},
        groups={key: Score() for key in groups},
    )
    for item in items:
        result.drivers[item.driver] = result.drivers.get(item.driver, Score()).add(item.value)
        result.groups[item.group] = result.groups.get(item.group, Score()).add(item.value)
        result.overall = result.overall.add(item.value)
    return result


def answers_needed(total: int, share) -> int:
    """How many of `total` items must be answered before an assessment may be completed: at least
    `share` of them (0.8 → 80 %), rounded up. Worked in decimals, so 80 % of 35 is 28, not 29."""
    if total <= 0:
        return 1  # an empty version of the items can never be completed
    return max(1, math.ceil(Decimal(str(share)) * total))


def share_text(share) -> str:
    """0.8 → '80 %' (the programme's way of writing the completion rule)."""
    percent = Decimal(str(share)) * 100
    return f"{percent.normalize():f} %"


def answered_text(score: Score) -> str:
    """'31 of 40 answered': shown with every score, so a score from a few items never looks whole."""
    return f"{score.answered} of {score.total} answered"


def change(previous: int | None, latest: int | None) -> int | None:
    """Percentage points moved between two scores; None unless both exist."""
    if previous is None or latest is None:
        return None
    return latest - previous


def score_change(previous: Score | None, latest: Score) -> int | None:
    """Points moved since the previous assessment's score (None when there is nothing to compare)."""
    return change(previous.percent if previous else None, latest.percent)


def describe_change(points: int | None) -> str:
    """'Up 12 points', 'Down 5 points', 'No change', or 'No comparison'."""
    if points is None:
        return "No comparison"
    if points == 0:
        return "No change"
    word = "Up" if points > 0 else "Down"
    size = abs(points)
    return f"{word} {size} point{'s' if size != 1 else ''}"


# Colour bands for heat maps, from weakest to strongest. The class names are styled in
# static/css/drivers.css; every cell also shows its percentage in text.
BANDS = [
    (0, "driver-band-1", "Below 25%"),
    (25, "driver-band-2", "25% to 49%"),
    (50, "driver-band-3", "50% to 74%"),
    (75, "driver-band-4", "75% or more"),
]
NO_SCORE_BAND = "driver-band-none"


def band(percent: int | None) -> str:
    """The colour band class for a percentage (a neutral band when there is no score)."""
    if percent is None:
        return NO_SCORE_BAND
    chosen = BANDS[0][1]
    for floor, css_class, _label in BANDS:
        if percent >= floor:
            chosen = css_class
    return chosen
