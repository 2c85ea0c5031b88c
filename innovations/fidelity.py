"""Fidelity and scale-up figures, as pure calculations over plain values (no Django here).

- Quarters follow the financial year: Q1 April–June … Q4 January–March; "2026-27 Q3" is
  October–December 2026.
- A check meets fidelity only when every essential item is met **and** its score reaches the
  threshold, so a missing essential function is never hidden by high marks elsewhere.
- A check stays current for the instrument's validity period (months). A practitioner counts as at
  fidelity on a day when their latest check by then is current and meets fidelity; when that check
  is older than the validity period their check is overdue, and they are not at fidelity.
- Intended and trained practitioners are dated figures carried forward until they change, for the
  innovation or per slice; where slices are used the innovation's figure is the sum of its slices'.
  A quarter takes the latest figures on or before its last day.
- Full implementation: at least half of the intended practitioners at fidelity.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from core.quarters import Quarter, quarters_between

FULL_IMPLEMENTATION = 0.5  # share of intended practitioners at fidelity
DUE_SOON_DAYS = 30  # a check falling due within this many days is "due soon"

# --- Checks --------------------------------------------------------------------------------------


def check_score(results: Iterable[tuple[int, int]]) -> float | None:
    """Percentage of the points available: each result is (points, maximum points)."""
    results = list(results)
    available = sum(maximum for _, maximum in results)
    if not available:
        return None
    return round(100 * sum(points for points, _ in results) / available, 1)


def meets_threshold(score: float | None, threshold: int) -> bool:
    """The score reaches the innovation's threshold (a percentage)."""
    return score is not None and score >= threshold


def meets_fidelity(score: float | None, threshold: int, *, essential_missed: int = 0) -> bool:
    """At fidelity: every essential item met and the score reaching the threshold."""
    return essential_missed == 0 and meets_threshold(score, threshold)


def due_on(checked_on: date, validity_months: int) -> date:
    """The last day a check is current: `validity_months` after it (31 Aug + 6 months = end of Feb)."""
    return checked_on + relativedelta(months=validity_months)


def is_overdue(checked_on: date, as_of: date, validity_months: int) -> bool:
    """The check is older than the validity period on `as_of`."""
    return as_of > due_on(checked_on, validity_months)


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


@dataclass(frozen=True)
class FidelityStatus:
    """Practitioners at fidelity on a day, and those whose latest check is overdue."""

    at_fidelity: frozenset
    overdue: frozenset


def fidelity_status(
    checks: Iterable[CheckOutcome],
    as_of: date,
    *,
    validity_months: int,
    left_on: dict[Hashable, date | None] | None = None,
) -> FidelityStatus:
    """Each practitioner's latest check on or before `as_of`: at fidelity when it is current and meets
    fidelity, overdue when it is older than the validity period (whatever it showed). A practitioner
    who left on or before `as_of` no longer counts."""
    left_on = left_on or {}
    at, overdue = set(), set()
    for practitioner, check in latest_checks(checks, as_of).items():
        if left_on.get(practitioner) and left_on[practitioner] <= as_of:
            continue
        if is_overdue(check.checked_on, as_of, validity_months):
            overdue.add(practitioner)
        elif check.meets:
            at.add(practitioner)
    return FidelityStatus(frozenset(at), frozenset(overdue))


def at_fidelity(
    checks: Iterable[CheckOutcome],
    as_of: date,
    *,
    validity_months: int,
    left_on: dict[Hashable, date | None] | None = None,
) -> set[Hashable]:
    """Practitioners at fidelity on `as_of` (see `fidelity_status`)."""
    return set(fidelity_status(checks, as_of, validity_months=validity_months, left_on=left_on).at_fidelity)


# --- Intended and trained: dated figures carried forward -----------------------------------------


@dataclass(frozen=True)
class DatedFigures:
    """Intended and trained from `effective_on` until the next figures; `slice` None for the innovation."""

    effective_on: date
    intended: int
    trained: int
    slice: Hashable | None = None
    sequence: int = 0  # breaks ties between two records on the same day: the later-recorded wins


def _latest(figures: Iterable[DatedFigures], as_of: date) -> DatedFigures | None:
    held = [f for f in figures if f.effective_on <= as_of]
    return max(held, key=lambda f: (f.effective_on, f.sequence)) if held else None


def slice_figures_on(figures: Iterable[DatedFigures], as_of: date) -> dict[Hashable, DatedFigures]:
    """Each slice's latest figures on or before `as_of`."""
    by_slice: dict[Hashable, list[DatedFigures]] = {}
    for one in figures:
        if one.slice is not None:
            by_slice.setdefault(one.slice, []).append(one)
    latest = {key: _latest(rows, as_of) for key, rows in by_slice.items()}
    return {key: one for key, one in latest.items() if one is not None}


def practitioners_on(figures: Iterable[DatedFigures], as_of: date) -> tuple[int, int] | None:
    """(intended, trained) on `as_of`: the sum over the slices once any slice has figures by then,
    otherwise the innovation's own latest figures; None when nothing is recorded by then."""
    figures = list(figures)
    sliced = slice_figures_on(figures, as_of)
    if sliced:
        return sum(f.intended for f in sliced.values()), sum(f.trained for f in sliced.values())
    own = _latest((f for f in figures if f.slice is None), as_of)
    return None if own is None else (own.intended, own.trained)


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
    intended: int | None  # None: nothing recorded by the quarter's end
    trained: int | None
    at_fidelity: int
    overdue: int = 0  # practitioners whose latest check is older than the validity period

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
    figures: Iterable[DatedFigures],
    checks: Iterable[CheckOutcome],
    *,
    today: date,
    validity_months: int,
    left_on: dict[Hashable, date | None] | None = None,
) -> list[QuarterFigures]:
    """For each quarter: intended and trained (the latest figures by its last day), at fidelity and
    check overdue (as of its last day, or today while it is still running). Derived, never re-keyed."""
    checks, figures = list(checks), list(figures)
    rows = []
    for quarter in quarters:
        intended, trained = practitioners_on(figures, quarter.end) or (None, None)
        status = fidelity_status(checks, min(quarter.end, today), validity_months=validity_months, left_on=left_on)
        rows.append(
            QuarterFigures(
                quarter=quarter,
                intended=intended,
                trained=trained,
                at_fidelity=len(status.at_fidelity),
                overdue=len(status.overdue),
            )
        )
    return rows


def quarters_to_show(figure_dates: Iterable[date], check_dates: Iterable[date], today: date) -> list[Quarter]:
    """From the first quarter with any figures or checks to the current quarter."""
    starts = [Quarter.of(d) for d in (*figure_dates, *check_dates)]
    if not starts:
        return []
    current = Quarter.of(today)
    return quarters_between(min(min(starts), current), max(max(starts), current))


# --- Slices of the system ------------------------------------------------------------------------


@dataclass(frozen=True)
class SliceFigures:
    intended: int | None
    trained: int | None
    at_fidelity: int
    overdue: int = 0

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
        intended=sum(s.intended or 0 for s in slices),
        trained=sum(s.trained or 0 for s in slices),
        at_fidelity=sum(s.at_fidelity for s in slices),
        overdue=sum(s.overdue for s in slices),
    )


# --- Checks due ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckDue:
    """When a practitioner's next check is due, from their latest check (None: never checked)."""

    practitioner: Hashable
    latest: date | None
    due: date | None
    overdue: bool
    due_soon: bool


def check_due(practitioner: Hashable, latest: date | None, today: date, validity_months: int) -> CheckDue:
    """Overdue once the latest check is older than the validity period; due soon within DUE_SOON_DAYS."""
    if latest is None:
        return CheckDue(practitioner, None, None, overdue=False, due_soon=False)
    due = due_on(latest, validity_months)
    overdue = today > due
    return CheckDue(
        practitioner, latest, due, overdue=overdue, due_soon=not overdue and (due - today).days <= DUE_SOON_DAYS
    )
