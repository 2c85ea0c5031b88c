"""Fidelity and scale-up figures, as pure calculations over plain values (no Django here).

- Quarters follow the financial year: Q1 April–June … Q4 January–March; "2026-27 Q3" is
  October–December 2026.
- A practitioner counts as at fidelity in a quarter when their latest check on or before the
  quarter's last day meets fidelity; older checks do not count, whatever they showed.
- Full implementation: at least half of the intended practitioners at fidelity.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

FULL_IMPLEMENTATION = 0.5  # share of intended practitioners at fidelity

_LABEL = re.compile(r"^(\d{4})-(\d{2}) Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial-year quarter. `year` is the year the financial year starts (2026 for 2026-27)."""

    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter a date falls in."""
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def parse(cls, label: str) -> Quarter:
        """'2026-27 Q3' → Quarter(2026, 3)."""
        match = _LABEL.match(label.strip())
        if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
            raise ValueError(f"{label!r} is not a quarter like '2026-27 Q3'.")
        return cls(int(match.group(1)), int(match.group(3)))

    @property
    def start(self) -> date:
        month = 3 * self.number + 1  # Q1 → April, Q2 → July, Q3 → October, Q4 → January (+1 year)
        return date(self.year, month, 1) if month <= 12 else date(self.year + 1, month - 12, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d} Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year, self.number + 1) if self.number < 4 else Quarter(self.year + 1, 1)

    def previous(self) -> Quarter:
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    def __str__(self) -> str:
        return self.label


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from `first` to `last`, both included (empty if `last` comes first)."""
    quarters = []
    current = first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


def recent_quarters(today: date, count: int) -> list[Quarter]:
    """The current quarter and the `count - 1` before it, newest first."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


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
