"""Fidelity and scale-up figures, as pure calculations over plain values (no Django here).

- Quarters follow the financial year: Q1 April–June … Q4 January–March; "2026-27 Q3" is
  October–December 2026.
- A practitioner counts as at fidelity in a quarter when their latest check on or before the
  quarter's last day meets fidelity; older checks do not count, whatever they showed.
- Full implementation: at least half of the intended practitioners at fidelity.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from core.quarters import Quarter, quarters_between

FULL_IMPLEMENTATION = 0.5  # share of intended practitioners at fidelity

# --- Checks --------------------------------------------------------------------------------------


def check_score(results: Iterable[tuple[int, int]]) -> float | None:
    """Percentage of the points available: each result is (points, maximum points)."""
    results = list(results)
    available = sum(maximum for _, maximum in results)
    if not available:
        return None
    return round(100 * sum(points for points, _ in results) / available, 1)


def meets_threshold(score: float | None, threshold: int) -> bool:
    """A check meets fidelity when its score reaches the innovation's threshold (a percentage)."""
    return score is not None and score >= threshold


@dataclass(frozen=True)
class CheckOutcome:
    """One fidelity check reduced to what the figures need."""

    practitioner: Hashable
    checked_on: date
    meets: bool
    sequence: int = 0  # breaks ties between two checks on the same day: the later-recorded wins


def latest_checks(checks: Iterable[CheckOutcome], as_of: date) -> dict[Hashable, CheckOutcome]:
    """Each practitioner's latest check on or before `as_of`."""
    latest: dict[Hashable, CheckOutcome] = {}
    for check in checks:
        if check.checked_on > as_of:
            continue
        held = latest.get(check.practitioner)
        if held is None or (check.checked_on, check.sequence) > (held.checked_on, held.sequence):
            latest[check.practitioner] = check
    return latest


def at_fidelity(
    checks: Iterable[CheckOutcome], as_of: date, *, left_on: dict[Hashable, date | None] | None = None
) -> set[Hashable]:
    """Practitioners whose latest check on or before `as_of` meets fidelity.

    A practitioner who left on or before `as_of` no longer counts.
    """
    left_on = left_on or {}
    return {
        practitioner
        for practitioner, check in latest_checks(checks, as_of).items()
        if check.meets and not (left_on.get(practitioner) and left_on[practitioner] <= as_of)
    }


def proportion(part: int | None, whole: int | None) -> float | None:
    """part ÷ whole, or None when there is no whole to divide by."""
    if part is None or not whole:
        return None
    return part / whole


def percent(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


# --- Per quarter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    intended: int | None  # None: not recorded for this quarter
    trained: int | None
    at_fidelity: int

    @property
    def proportion(self) -> float | None:
        return proportion(self.at_fidelity, self.intended) if self.intended is not None else None

    @property
    def percent(self) -> int | None:
        return percent(self.proportion)

    @property
    def full_implementation(self) -> bool:
        return self.proportion is not None and self.proportion >= FULL_IMPLEMENTATION

    @property
    def more_at_fidelity_than_intended(self) -> bool:
        return self.intended is not None and self.at_fidelity > self.intended


def quarterly_figures(
    quarters: Iterable[Quarter],
    recorded: dict[Quarter, tuple[int, int]],
    checks: Iterable[CheckOutcome],
    *,
    left_on: dict[Hashable, date | None] | None = None,
) -> list[QuarterFigures]:
    """Intended and trained (as recorded) and at fidelity (from checks) for each quarter."""
    checks = list(checks)
    rows = []
    for quarter in quarters:
        intended, trained = recorded.get(quarter, (None, None))
        rows.append(
            QuarterFigures(
                quarter=quarter,
                intended=intended,
                trained=trained,
                at_fidelity=len(at_fidelity(checks, quarter.end, left_on=left_on)),
            )
        )
    return rows


def quarters_to_show(recorded: Iterable[Quarter], check_dates: Iterable[date], today: date) -> list[Quarter]:
    """From the first quarter with any figures or checks to the current quarter."""
    starts = [*recorded, *(Quarter.of(d) for d in check_dates)]
    if not starts:
        return []
    current = Quarter.of(today)
    return quarters_between(min(min(starts), current), max(max(starts), current))


# --- Slices of the system ------------------------------------------------------------------------


@dataclass(frozen=True)
class SliceFigures:
    intended: int
    trained: int
    at_fidelity: int

    @property
    def proportion(self) -> float | None:
        return proportion(self.at_fidelity, self.intended)

    @property
    def percent(self) -> int | None:
        return percent(self.proportion)


def slice_totals(slices: Iterable[SliceFigures]) -> SliceFigures:
    """The whole scale-up: each figure summed over the slices."""
    slices = list(slices)
    return SliceFigures(
        intended=sum(s.intended for s in slices),
        trained=sum(s.trained for s in slices),
        at_fidelity=sum(s.at_fidelity for s in slices),
    )
