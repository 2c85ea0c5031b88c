"""Run chart and XmR (SPC) analysis, pure and free of Django.

The rules follow shared/DOMAIN.md to the letter:

- Run charts as in IHI practice (Perla, Provost & Murray 2011): median, shifts of 6 or more, trends
  of 5 or more, and the number of runs against the exact (Swed–Eisenhart) distribution.
- XmR charts as in NHS England's "Making Data Count" (NHSRplotthedots): mean, screened mean moving
  range, limits at ±2.66 × mR̄, points beyond a limit, shifts of 7, trends of 7 and two of three
  points near a limit.

`values` may hold gaps (None). Every rule skips gaps — they neither count nor break a run — and
reports indices into the original list. `baseline` is the number of leading non-gap points that fix
the centre line and limits; without it all points are used.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import comb
from statistics import mean, median

SHIFT_RUN_CHART = 6
TREND_RUN_CHART = 5
MIN_USEFUL_FOR_RUNS_TEST = 10

SHIFT_XMR = 7
TREND_XMR = 7
LIMIT_FACTOR = 2.66
MR_SCREEN_FACTOR = 3.267
NEAR_LIMIT_FRACTION = 2 / 3


def _points(values) -> list[tuple[int, float]]:
    """(index, value) for every non-gap point."""
    return [(index, float(value)) for index, value in enumerate(values) if value is not None]


def _baseline_points(points, baseline):
    if baseline is None:
        return points
    if baseline < 0:
        raise ValueError("baseline must not be negative")
    return points[:baseline]


def _runs_on_one_side(points, centre, minimum, *, centre_breaks: bool) -> list[list[int]]:
    """Spans of `minimum` or more consecutive points on one side of `centre`.

    A point exactly on the centre either breaks the run (XmR) or is skipped (run chart).
    """
    spans = []
    side = 0
    run: list[int] = []

    def close():
        if len(run) >= minimum:
            spans.append([run[0], run[-1]])

    for index, value in points:
        here = (value > centre) - (value < centre)
        if here == 0:
            if centre_breaks:
                close()
                run, side = [], 0
            continue
        if here != side:
            close()
            run, side = [], here
        run.append(index)
    close()
    return spans


def _run_chart_trends(points, minimum) -> list[list[int]]:
    """Trends of `minimum` or more points all rising or all falling, a repeated value counting once.

    The span runs from the last occurrence of the trend's first value to the first occurrence of
    its last value.
    """
    # Collapse consecutive repeats: each distinct step keeps its first and last index.
    steps: list[tuple[float, int, int]] = []  # value, first index, last index
    for index, value in points:
        if steps and steps[-1][0] == value:
            steps[-1] = (value, steps[-1][1], index)
        else:
            steps.append((value, index, index))

    return _monotone_spans(steps, minimum)


@lru_cache(maxsize=256)
def runs_limits(useful: int) -> tuple[int, int]:
    """(lower, upper) limits for the number of runs among `useful` observations (Swed–Eisenhart).

    n1 = ⌊n/2⌋, n2 = ⌈n/2⌉; lower is the smallest r with P(R ≤ r) > 0.025 and upper the largest r
    with P(R ≥ r) > 0.025.
    """
    n1, n2 = useful // 2, useful - useful // 2
    total = comb(n1 + n2, n1)

    def probability(r: int) -> Fraction:
        if r < 2:
            return Fraction(0)
        k, odd = divmod(r, 2)
        if not odd:
            ways = 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1)
        else:
            ways = comb(n1 - 1, k) * comb(n2 - 1, k - 1) + comb(n1 - 1, k - 1) * comb(n2 - 1, k)
        return Fraction(ways, total)

    most = 2 * min(n1, n2) + (1 if n1 != n2 else 0)
    distribution = {r: probability(r) for r in range(2, most + 1)}
    alpha = Fraction(25, 1000)
    cumulative = Fraction(0)
    lower = 2
    for r in range(2, most + 1):
        cumulative += distribution[r]
        if cumulative > alpha:
            lower = r
            break
    cumulative = Fraction(0)
    upper = most
    for r in range(most, 1, -1):
        cumulative += distribution[r]
        if cumulative > alpha:
            upper = r
            break
    return lower, upper


def run_chart(values, baseline=None) -> dict:
    """Median, shifts, trends and the runs test for a run chart."""
    points = _points(values)
    base = _baseline_points(points, baseline)
    if not base:
        return {
            "median": None,
            "shifts": [],
            "trends": _run_chart_trends(points, TREND_RUN_CHART),
            "runs": 0,
            "useful_observations": 0,
            "too_few_runs": False,
            "too_many_runs": False,
        }
    centre = median(value for _, value in base)
    useful = [value for _, value in points if value != centre]
    sides = [value > centre for value in useful]
    runs = (sum(1 for a, b in zip(sides, sides[1:], strict=False) if a != b) + 1) if useful else 0
    too_few = too_many = False
    if len(useful) >= MIN_USEFUL_FOR_RUNS_TEST:
        lower, upper = runs_limits(len(useful))
        too_few = runs < lower
        too_many = runs > upper
    return {
        "median": centre,
        "shifts": _runs_on_one_side(points, centre, SHIFT_RUN_CHART, centre_breaks=False),
        "trends": _run_chart_trends(points, TREND_RUN_CHART),
        "runs": runs,
        "useful_observations": len(useful),
        "too_few_runs": too_few,
        "too_many_runs": too_many,
    }


def _strict_trends(points, minimum) -> list[list[int]]:
    """Runs of `minimum` or more points each strictly above (or below) the one before; equal breaks."""
    return _monotone_spans([(value, index, index) for index, value in points], minimum)


def _monotone_spans(steps, minimum) -> list[list[int]]:
    """Spans of `minimum` or more steps, each higher (or each lower) than the one before, over `steps`
    as (value, first index, last index); two equal steps in a row break a span. A span runs from the
    last index of its first step to the first index of its last."""
    spans = []
    start = 0
    direction = 0
    for position in range(1, len(steps)):
        previous, current = steps[position - 1][0], steps[position][0]
        step = (current > previous) - (current < previous)
        if step != direction or step == 0:
            if direction != 0 and position - start >= minimum:
                spans.append([steps[start][2], steps[position - 1][1]])
            # The turning point belongs to both the trend that ends and the one that starts.
            start = position - 1
            direction = step
    if direction != 0 and len(steps) - start >= minimum:
        spans.append([steps[start][2], steps[-1][1]])
    return spans


def _mean_moving_range(base) -> float | None:
    ranges = [abs(b[1] - a[1]) for a, b in zip(base, base[1:], strict=False)]
    if not ranges:
        return None
    first = mean(ranges)
    # Screen once: very large moving ranges (a single shock) would widen the limits.
    kept = [r for r in ranges if r < MR_SCREEN_FACTOR * first]
    return mean(kept) if kept else first


def xmr(values, baseline=None) -> dict:
    """Mean, screened mean moving range, limits and special-cause signals for an XmR chart."""
    points = _points(values)
    base = _baseline_points(points, baseline)
    centre = mean(value for _, value in base) if base else None
    mr_bar = _mean_moving_range(base)
    if centre is None or mr_bar is None:
        return {
            "mean": centre,
            "mr_bar": mr_bar,
            "lcl": None,
            "ucl": None,
            "beyond_limits": [],
            "shifts": [] if centre is None else _runs_on_one_side(points, centre, SHIFT_XMR, centre_breaks=True),
            "trends": _strict_trends(points, TREND_XMR),
            "two_of_three": [],
        }
    lcl = centre - LIMIT_FACTOR * mr_bar
    ucl = centre + LIMIT_FACTOR * mr_bar
    band = NEAR_LIMIT_FRACTION * LIMIT_FACTOR * mr_bar
    near_upper, near_lower = centre + band, centre - band
    beyond = [index for index, value in points if value > ucl or value < lcl]

    def side(value):
        return (value > centre) - (value < centre)

    def near(value):
        return (near_upper <= value <= ucl) or (lcl <= value <= near_lower)

    flagged = set()
    for window in zip(points, points[1:], points[2:], strict=False):
        sides = {side(value) for _, value in window}
        if len(sides) != 1 or 0 in sides:
            continue
        close = [index for index, value in window if near(value)]
        if len(close) >= 2:
            flagged.update(close)
    return {
        "mean": centre,
        "mr_bar": mr_bar,
        "lcl": lcl,
        "ucl": ucl,
        "beyond_limits": beyond,
        "shifts": _runs_on_one_side(points, centre, SHIFT_XMR, centre_breaks=True),
        "trends": _strict_trends(points, TREND_XMR),
        "two_of_three": sorted(flagged),
    }
