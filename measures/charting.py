"""A measure's run chart and XmR chart: drawn once per change of data, then served from the cache.

Drawing five years of weekly data takes a noticeable fraction of a second, so the drawn charts (with
their analysis in words) are cached under a key made of the measure's versions and the annotations
on it. Any new value, baseline change, definition change or annotation makes a new key; nothing
needs to be deleted, and old entries simply expire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache

from charts import Annotation, Chart, MarkedPoint, ReferenceLine, Series, line_chart, run_chart_figure, xmr_chart_figure

from . import periods
from .interpretation import NEUTRAL, Analysis, analyse, format_number

CACHE_SECONDS = 7 * 24 * 60 * 60
CACHE_PREFIX = "measures:charts:v1"
NATIONAL_CHART_PREFIX = "measures:national-chart:v1"


@dataclass
class MeasureSeries:
    """A measure's values in period order, a gap (None) for each missing period in between."""

    periods: list[date] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)

    @property
    def latest(self) -> tuple[date, float] | None:
        for period, value in zip(reversed(self.periods), reversed(self.values), strict=True):
            if value is not None:
                return period, value
        return None


def build_series(frequency: str, rows: Iterable[tuple]) -> MeasureSeries:
    """`rows` are (period_start, value[, note]) in any order; missing periods become gaps."""
    found = {row[0]: row for row in rows}
    if not found:
        return MeasureSeries()
    every = periods.periods_between(frequency, min(found), max(found))
    series = MeasureSeries(periods=every, labels=[periods.period_label(frequency, p) for p in every])
    for index, period in enumerate(every):
        row = found.get(period)
        series.values.append(None if row is None else float(row[1]))
        if row is not None and len(row) > 2 and row[2]:
            series.notes[index] = row[2]
    return series


def analyse_measure(measure, series: MeasureSeries) -> Analysis:
    """The run-chart and XmR signals in a measure's series, read against its baseline and direction."""
    return analyse(
        series.values,
        series.labels,
        direction=measure.direction,
        baseline=measure.baseline_points,
        unit=measure.display_unit,
    )


@dataclass
class MeasureCharts:
    analysis: Analysis
    run_chart: Chart | None
    xmr_chart: Chart | None
    points: int
    first_label: str = ""
    last_label: str = ""
    # The charts as page HTML (pictures, words and tables), rendered once with them: the tables of
    # five years of weekly data cost more to render than everything else on the page.
    html: str = ""


def _y_label(measure) -> str:
    if measure.is_proportion:
        return "Per cent"
    return (measure.unit or "Value").capitalize()


def _marks(analysis: Analysis, chart: str) -> list[MarkedPoint]:
    return [
        MarkedPoint(index=index, kind=tone, label="; ".join(names))
        for index, (tone, names) in sorted(analysis.marks(chart).items())
    ]


def _caption(kind: str, centre_text: str, signals, series: MeasureSeries, frequency_label: str) -> str:
    span = f"{len(series.periods)} {frequency_label.lower()} periods from {series.labels[0]} to {series.labels[-1]}"
    if not signals:
        found = "No signal: the variation looks random (common cause)."
    else:
        words = []
        for signal in signals:
            tone = "special cause" if signal.tone == NEUTRAL else signal.tone
            words.append(f"{signal.name.lower()} ({tone})")
        found = f"Signals: {', '.join(words)}. Each is explained beside the chart."
    return f"{kind}, {span}; {centre_text}. {found}"


def draw_measure_charts(measure, series: MeasureSeries, annotations) -> MeasureCharts:
    """Analyse the series and draw both charts (no cache)."""
    unit = measure.display_unit
    analysis = analyse_measure(measure, series)
    if analysis.points == 0:
        return MeasureCharts(analysis=analysis, run_chart=None, xmr_chart=None, points=0)

    def number(value):
        return format_number(value, unit)

    common = {
        "points": list(zip(series.periods, series.values, strict=True)),
        "x_label": "Period",
        "y_label": _y_label(measure),
        "unit": unit,
        "baseline_points": measure.baseline_points,
        "annotations": [Annotation(x=a.on, label=a.label) for a in annotations],
        "reference_lines": (
            [ReferenceLine(float(measure.target), f"Target {number(float(measure.target))}")]
            if measure.target is not None
            else []
        ),
        "point_notes": series.notes,
        "row_labels": series.labels,
        "number": number,
    }
    frequency_label = measure.get_frequency_display()
    run_result, xmr_result = analysis.run, analysis.xmr
    run = run_chart_figure(
        title=f"Run chart: {measure.name}",
        caption=_caption(
            "Run chart", f"median {number(run_result['median'])}", analysis.run_signals, series, frequency_label
        ),
        median=run_result["median"],
        marks=_marks(analysis, "run"),
        **common,
    )
    has_limits = xmr_result["ucl"] is not None
    limits_text = (
        f"mean {number(xmr_result['mean'])}, limits {number(xmr_result['lcl'])} to {number(xmr_result['ucl'])}"
        if has_limits
        else f"mean {number(xmr_result['mean'])}, no limits yet"
    )
    near = None
    if has_limits:
        band = 2 / 3 * (xmr_result["ucl"] - xmr_result["mean"])
        near = (xmr_result["mean"] - band, xmr_result["mean"] + band)
    xmr_chart = xmr_chart_figure(
        title=f"XmR chart: {measure.name}",
        caption=_caption("XmR chart", limits_text, analysis.xmr_signals, series, frequency_label),
        mean=xmr_result["mean"],
        limits=(xmr_result["lcl"], xmr_result["ucl"]) if has_limits else None,
        near_limits=near,
        marks=_marks(analysis, "xmr"),
        **common,
    )
    return MeasureCharts(
        analysis=analysis,
        run_chart=run,
        xmr_chart=xmr_chart,
        points=analysis.points,
        first_label=series.labels[0],
        last_label=series.labels[-1],
    )


def chart_cache_key(measure, annotations) -> str:
    """Changes whenever anything drawn changes: the measure's data or definition, or an annotation."""
    fingerprint = hashlib.sha256(repr([(a.on.isoformat(), a.label, a.kind) for a in annotations]).encode()).hexdigest()[
        :16
    ]
    return f"{CACHE_PREFIX}:{measure.pk}:{measure.version}:{measure.data_version}:{fingerprint}"


def measure_charts(
    measure, annotations, load_series: Callable[[], MeasureSeries], render: Callable | None = None
) -> MeasureCharts:
    """The measure's charts from the cache, drawing them (and loading the series) only on a miss.

    `render(charts)`, when given, turns the drawn charts into HTML that is cached with them.
    """
    key = chart_cache_key(measure, annotations)
    charts = cache.get(key)
    if charts is None:
        charts = draw_measure_charts(measure, load_series(), annotations)
        if render is not None and charts.points:
            charts.html = render(charts)
        cache.set(key, charts, CACHE_SECONDS)
    return charts


def comparison_chart(shared, compared: list[tuple]) -> Chart | None:
    """One line per programme area for a programme-wide measure; `compared` is (measure, series) pairs.

    Cached like a measure's own charts, under a key made of every version it is drawn from.
    """
    if not compared:
        return None
    versions = ",".join(f"{measure.pk}.{measure.version}.{measure.data_version}" for measure, _ in compared)
    key = f"{NATIONAL_CHART_PREFIX}:{shared.pk}:{shared.version}:{hashlib.sha256(versions.encode()).hexdigest()[:16]}"
    chart = cache.get(key)
    if chart is None:
        unit = shared.display_unit
        chart = line_chart(
            title=shared.name,
            caption=(
                f"{shared.get_frequency_display()} values in each programme area that has adopted this measure. "
                f"{shared.get_direction_display()}. Each area's own signals are in the table below."
            ),
            series=[
                Series(measure.area.name, list(zip(series.periods, series.values, strict=True)))
                for measure, series in compared
            ],
            x_label="Period",
            y_label=_y_label(shared),
            unit=unit if unit == "%" else "",
        )
        cache.set(key, chart, CACHE_SECONDS)
    return chart
