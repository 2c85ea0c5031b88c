"""What the run chart and XmR rules found, in words, as improvement or concern. Pure Python.

Every rule is applied by `measures.analysis`; this module only reads its results and says what they
mean for a measure with a given direction of improvement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import run_chart, runs_limits, xmr

INCREASE = "increase"
DECREASE = "decrease"
NEITHER = "neither"

IMPROVEMENT = "improvement"
CONCERN = "concern"
NEUTRAL = "neutral"

MIN_POINTS_FOR_LIMITS = 12  # fewer points setting the limits earns a warning
MIN_USEFUL_FOR_RUNS_TEST = 10
MAX_LISTED = 5

RULE_NAMES = {
    "beyond_limits": "Beyond a limit",
    "two_of_three": "Two of three near a limit",
    "shift": "Shift",
    "trend": "Trend",
    "too_few_runs": "Too few runs",
    "too_many_runs": "Too many runs",
}
# When one point is caught by several rules, the chart marks it for the first of these.
MARK_PRIORITY = ["beyond_limits", "two_of_three", "shift", "trend"]


@dataclass(frozen=True)
class Signal:
    chart: str  # "run" or "xmr"
    rule: str
    tone: str  # improvement, concern or neutral
    indices: tuple[int, ...]
    text: str

    @property
    def name(self) -> str:
        return RULE_NAMES[self.rule]


@dataclass
class Analysis:
    """Both charts' results for one series, with their signals and warnings in words."""

    run: dict
    xmr: dict
    run_signals: list[Signal]
    xmr_signals: list[Signal]
    points: int
    baseline_points: int  # points that set the centre lines and limits
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def signals(self) -> list[Signal]:
        return self.run_signals + self.xmr_signals

    @property
    def tones(self) -> set[str]:
        return {signal.tone for signal in self.signals}

    @property
    def has_signal(self) -> bool:
        return bool(self.signals)

    def marks(self, chart: str) -> dict[int, tuple[str, list[str]]]:
        """Index → (tone to draw, names of every rule that caught the point) for one chart."""
        chosen: dict[int, tuple[str, list[str]]] = {}
        signals = self.run_signals if chart == "run" else self.xmr_signals
        for signal in sorted(signals, key=lambda s: MARK_PRIORITY.index(s.rule) if s.rule in MARK_PRIORITY else 99):
            for index in signal.indices:
                tone, names = chosen.setdefault(index, (signal.tone, []))
                names.append(f"{signal.name} ({signal.tone if signal.tone != NEUTRAL else 'special cause'})")
        return chosen


def format_number(value: float | None, unit: str = "") -> str:
    """A figure as people read it, with its unit: "42.5%", "17 referrals", "3.25 days"."""
    if value is None:
        return "—"
    size = abs(value)
    places = 0 if size >= 100 else 1 if size >= 10 else 2
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def tone_for(side: int, direction: str) -> str:
    """Improvement or concern for a movement up (+1) or down (-1), by the direction of improvement."""
    if direction not in (INCREASE, DECREASE) or side == 0:
        return NEUTRAL
    return IMPROVEMENT if (side > 0) == (direction == INCREASE) else CONCERN


def _verdict(tone: str, direction: str) -> str:
    better = "higher" if direction == INCREASE else "lower"
    if tone == IMPROVEMENT:
        return f"Improvement: {better} is better for this measure."
    if tone == CONCERN:
        return f"A concern: {better} is better for this measure."
    return (
        "Special cause: no direction of improvement is set for this measure, so it is neither improvement nor concern."
    )


def _listed(indices, labels) -> str:
    names = [labels[i] for i in indices]
    if len(names) > MAX_LISTED:
        return ", ".join(names[:MAX_LISTED]) + f" and {len(names) - MAX_LISTED} more"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0]


def _points_word(count: int) -> str:
    return f"{count} point{'s' if count != 1 else ''}"


def _span_indices(values, start, end, *, centre=None, side=None) -> tuple[int, ...]:
    """The non-gap points of a span (on `side` of `centre` when given)."""
    chosen = []
    for index in range(start, end + 1):
        value = values[index]
        if value is None:
            continue
        if side is not None and ((value > centre) - (value < centre)) != side:
            continue
        chosen.append(index)
    return tuple(chosen)


def _shifts(chart: str, centre_name: str, centre, values, labels, spans, *, side_only, direction, unit):
    """Shifts on either chart: runs of points on one side of its centre line (median or mean).

    `side_only`: count only the span's points off the centre line on the shift's side (the run
    chart's rule, where points on the median neither make nor break a run)."""
    signals = []
    for start, end in spans:
        side = 1 if values[start] > centre else -1
        indices = _span_indices(values, start, end, centre=centre, side=side if side_only else None)
        tone = tone_for(side, direction)
        text = (
            f"Shift: {_points_word(len(indices))} in a row {'above' if side > 0 else 'below'} the {centre_name} "
            f"({format_number(centre, unit)}), from {labels[start]} to {labels[end]}. "
            f"{_verdict(tone, direction)}"
        )
        signals.append(Signal(chart, "shift", tone, indices, text))
    return signals


def _trends(values, spans, *, direction):
    """Each trend's span with its side (1 rising, -1 falling), its non-gap points and its tone."""
    for start, end in spans:
        side = 1 if values[end] > values[start] else -1
        yield start, end, side, _span_indices(values, start, end), tone_for(side, direction)


def _run_chart_signals(values, labels, result, *, direction, unit) -> list[Signal]:
    signals = _shifts(
        "run",
        "median",
        result["median"],
        values,
        labels,
        result["shifts"],
        side_only=True,
        direction=direction,
        unit=unit,
    )
    for start, end, side, indices, tone in _trends(values, result["trends"], direction=direction):
        text = (
            f"Trend: {_points_word(len(indices))} {'rising' if side > 0 else 'falling'}, from {labels[start]} "
            f"({format_number(values[start], unit)}) to {labels[end]} ({format_number(values[end], unit)}). "
            f"{_verdict(tone, direction)}"
        )
        signals.append(Signal("run", "trend", tone, indices, text))
    if result["too_few_runs"] or result["too_many_runs"]:
        lower, upper = runs_limits(result["useful_observations"])
        if result["too_few_runs"]:
            text = (
                f"Too few runs: {result['runs']} runs among {result['useful_observations']} points off the median, "
                f"where chance alone gives at least {lower}. The data stay on one side of the median for too long, "
                "a sign of non-random change."
            )
            signals.append(Signal("run", "too_few_runs", NEUTRAL, (), text))
        else:
            text = (
                f"Too many runs: {result['runs']} runs among {result['useful_observations']} points off the median, "
                f"where chance alone gives at most {upper}. The data swing above and below the median more than "
                "chance would: check how they are collected or combined."
            )
            signals.append(Signal("run", "too_many_runs", NEUTRAL, (), text))
    return signals


def _xmr_signals(values, labels, result, *, direction, unit) -> list[Signal]:
    signals = []
    centre, lcl, ucl = result["mean"], result["lcl"], result["ucl"]
    above = [i for i in result["beyond_limits"] if values[i] > ucl]
    below = [i for i in result["beyond_limits"] if values[i] < lcl]
    for side, indices, limit_name, limit in ((1, above, "upper", ucl), (-1, below, "lower", lcl)):
        if indices:
            words = (
                f"{_points_word(len(indices)).capitalize()} {'above' if side > 0 else 'below'} the {limit_name} "
                f"limit ({format_number(limit, unit)}): {_listed(indices, labels)}."
            )
            signals.append(_xmr_side_signal("beyond_limits", side, indices, words, direction=direction))
    signals += _shifts(
        "xmr", "mean", centre, values, labels, result["shifts"], side_only=False, direction=direction, unit=unit
    )
    for start, end, side, indices, tone in _trends(values, result["trends"], direction=direction):
        text = (
            f"Trend: {_points_word(len(indices))} in a row, each {'higher' if side > 0 else 'lower'} than the one "
            f"before, from {labels[start]} to {labels[end]}. {_verdict(tone, direction)}"
        )
        signals.append(Signal("xmr", "trend", tone, indices, text))
    near = result["two_of_three"]
    for side, name in ((1, "upper"), (-1, "lower")):
        indices = [i for i in near if (values[i] > centre) == (side > 0)]
        if indices:
            words = f"Two of three points close to the {name} limit: {_listed(indices, labels)}."
            signals.append(_xmr_side_signal("two_of_three", side, indices, words, direction=direction))
    return signals


def _xmr_side_signal(kind: str, side: int, indices, words: str, *, direction) -> Signal:
    """An XmR signal about points on one side of the chart (1 above, -1 below): `words`, then the verdict."""
    tone = tone_for(side, direction)
    return Signal("xmr", kind, tone, tuple(indices), f"{words} {_verdict(tone, direction)}")


def analyse(values, labels, *, direction: str, baseline: int | None = None, unit: str = "") -> Analysis:
    """Apply both charts' rules to `values` (None for a gap) and describe what they found.

    `labels[i]` names period i in the sentences; `baseline` is the number of leading non-gap points
    that fix the centre lines and limits (None: all points).
    """
    values = [None if v is None else float(v) for v in values]
    present = [i for i, v in enumerate(values) if v is not None]
    points = len(present)
    used = points if baseline is None else min(baseline, points)
    run_result = run_chart(values, baseline=baseline)
    xmr_result = xmr(values, baseline=baseline)
    run_signals = _run_chart_signals(values, labels, run_result, direction=direction, unit=unit) if points else []
    has_limits = xmr_result["ucl"] is not None
    xmr_signals = _xmr_signals(values, labels, xmr_result, direction=direction, unit=unit) if has_limits else []

    warnings = []
    notes = []
    if points and used < 2:
        warnings.append("At least two points are needed to work out limits, so the XmR chart has none yet.")
    elif points and used < MIN_POINTS_FOR_LIMITS:
        warnings.append(
            f"Only {_points_word(used)} set the limits; at least {MIN_POINTS_FOR_LIMITS} are needed for reliable "
            "limits, so treat the XmR chart's signals with caution."
        )
    if baseline is not None and points < baseline:
        warnings.append(
            f"The baseline is fixed at {baseline} points but only {points} have been recorded, so the centre lines "
            "and limits will move until the baseline is complete."
        )
    if points and run_result["useful_observations"] < MIN_USEFUL_FOR_RUNS_TEST:
        warnings.append(
            f"Fewer than {MIN_USEFUL_FOR_RUNS_TEST} points lie off the median, so the run chart's test for too few "
            "or too many runs is not applied yet."
        )
    if points:
        if baseline is None:
            notes.append(
                f"No baseline is fixed: the centre lines and limits use all {_points_word(points)} and move as data "
                "are added. Fix a baseline once the measure is stable."
            )
        elif used:
            last = present[used - 1]
            notes.append(
                f"The centre lines and limits come from the first {_points_word(used)} ({labels[present[0]]} to "
                f"{labels[last]}) and stay fixed: later data never move them."
            )
    return Analysis(
        run=run_result,
        xmr=xmr_result,
        run_signals=run_signals,
        xmr_signals=xmr_signals,
        points=points,
        baseline_points=used,
        warnings=warnings,
        notes=notes,
    )


def summary_label(tones: set[str], *, points: int) -> str:
    """A status badge's words for a set of signal tones."""
    if points < 2:
        return "Not enough data"
    if IMPROVEMENT in tones and CONCERN in tones:
        return "Improvement and concern"
    if IMPROVEMENT in tones:
        return "Improvement"
    if CONCERN in tones:
        return "Concern"
    if NEUTRAL in tones:
        return "Special cause"
    return "No signal"
