"""The one place where the portal draws charts.

Charts are drawn on the server with matplotlib as SVG, so pages need no chart script and the same
drawing goes into PDF reports. Every chart carries its numbers as a table for screen-reader users
(templates/core/chart.html shows both). The SVG is embedded as a data: image, so its own
internal styles do not fall foul of the page's content security policy.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on servers

from django.core.cache import cache
from matplotlib import dates as mdates  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from core.dates import axis_label, day_label

SVG_CACHE_SECONDS = 7 * 24 * 60 * 60  # a drawing never goes stale: its key is what it shows

# Text stays text (smaller files, selectable in PDFs); ids are stable so output is repeatable.
matplotlib.rcParams.update(
    {
        # Titles, labels and legends carry names people typed (a measure called "Cost $5"): they
        # are plain text, never mathtext, so a "$" can neither garble a chart nor break the page.
        "text.parse_math": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "neglect-portal",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

# Colour-blind-safe palette (Okabe–Ito), each also told apart by marker shape.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


@dataclass
class Series:
    label: str
    points: Sequence[tuple]  # (x, y); y may be None for a gap


@dataclass
class ReferenceLine:
    value: float
    label: str


@dataclass
class Chart:
    """A drawn chart with what a screen reader needs: title, caption and the numbers as a table."""

    title: str
    caption: str
    svg: str
    headers: list[str]
    rows: list[list[str]]
    alt: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _cached_svg(drawn, draw) -> str:
    """The SVG of a chart from the cache, keyed by a digest of everything drawn; drawn on a miss."""
    key = "charts:svg:" + hashlib.sha256(repr(drawn).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, SVG_CACHE_SECONDS)
    return svg


def _legend_label(text: str) -> str:
    """A series name for the legend: matplotlib leaves out labels that start with "_", a typed name may."""
    return f"\u200b{text}" if text.startswith("_") else text


def _date_ticks(axes, xs) -> None:
    """Date ticks in the portal's one style ("Jul 2025", "6 Jan 2025"), not matplotlib's own "2025-07"."""
    if xs and isinstance(xs[0], date):
        axes.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _position: axis_label(mdates.num2date(value).date()))
        )


def _label(x) -> str:
    if isinstance(x, date):
        return day_label(x)
    return str(x)


def _number(y, unit: str) -> str:
    if y is None:
        return "—"
    text = f"{y:.1f}".rstrip("0").rstrip(".") if isinstance(y, float) else str(y)
    return f"{text}{unit}"


def line_chart(
    *,
    title: str,
    caption: str,
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    unit: str = "",
    y_limits: tuple[float, float] | None = None,
    reference_lines: Sequence[ReferenceLine] = (),
) -> Chart:
    """Lines over time (or over any ordered x), with optional labelled reference lines. The drawing is
    kept in the cache under a digest of everything drawn, so a page shown again draws nothing."""
    xs = sorted({x for one in series for x, _ in one.points})

    def draw() -> str:
        figure, axes = plt.subplots(figsize=(7.5, 3.6))
        for index, one in enumerate(series):
            points = [(x, y) for x, y in one.points if y is not None]
            axes.plot(
                [x for x, _ in points],
                [y for _, y in points],
                label=_legend_label(one.label),
                color=PALETTE[index % len(PALETTE)],
                marker=MARKERS[index % len(MARKERS)],
                linewidth=2,
            )
        for line in reference_lines:
            axes.axhline(line.value, color="#505a5f", linestyle="--", linewidth=1)
            _label_reference_line(axes, line, fontsize=9)
        if y_limits:
            axes.set_ylim(*y_limits)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        axes.set_title(title, loc="left", fontsize=11)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=9, loc="best")
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        _date_ticks(axes, xs)
        figure.autofmt_xdate()
        return _svg(figure)

    drawn = (
        "line",
        title,
        [(one.label, list(one.points)) for one in series],
        x_label,
        y_label,
        y_limits,
        [(line.value, line.label) for line in reference_lines],
    )
    values = {(one.label, x): y for one in series for x, y in one.points}
    rows = [[_label(x)] + [_number(values.get((one.label, x)), unit) for one in series] for x in xs]
    return Chart(
        title=title,
        caption=caption,
        svg=_cached_svg(drawn, draw),
        headers=[x_label] + [one.label for one in series],
        rows=rows,
        alt=f"{title}. {caption} The numbers are in the table that follows.",
    )


# --- Run charts and XmR (SPC) charts ----------------------------------------------------------

# How a marked point is drawn: legend words, colour and marker. Improvement and concern differ in
# shape as well as colour (NHS "Making Data Count" colours: blue improvement, orange concern).
MARK_STYLES = {
    "improvement": ("Improvement", "#0072B2", "o"),
    "concern": ("Concern", "#D55E00", "s"),
    "neutral": ("Special cause", "#CC79A7", "D"),
}


@dataclass
class MarkedPoint:
    """A point caught by a signal rule: `kind` is a key of MARK_STYLES; `label` goes in the table."""

    index: int
    kind: str
    label: str = ""


@dataclass
class Annotation:
    """Something that happened on a date (a stage change, a PDSA cycle), drawn as a numbered line."""

    x: date
    label: str


def _period_row(xs: Sequence, when) -> int | None:
    """The index of the last point at or before `when` (the period it falls in), if any."""
    found = None
    for index, x in enumerate(xs):
        if x <= when:
            found = index
        else:
            break
    return found


def spc_chart(
    *,
    title: str,
    caption: str,
    points: Sequence[tuple],
    x_label: str,
    y_label: str,
    centre: float | None,
    centre_label: str,
    unit: str = "",
    limits: tuple[float, float] | None = None,
    near_limits: tuple[float, float] | None = None,
    baseline_points: int | None = None,
    marks: Sequence[MarkedPoint] = (),
    annotations: Sequence[Annotation] = (),
    reference_lines: Sequence[ReferenceLine] = (),
    point_notes: dict[int, str] | None = None,
    row_labels: Sequence[str] | None = None,
    number=None,
) -> Chart:
    """A run chart (centre line only) or XmR chart (with `limits`) over time.

    `points` are (x, y) in time order, y None for a gap; `baseline_points` leading non-gap points are
    shaded as the baseline; `marks` colour the points caught by a signal rule; `annotations` are drawn
    as numbered vertical lines and listed in `notes`. The table has one row per point with its centre
    line, limits, signals and notes (annotations falling in that period included). `number(y)` formats
    figures for the table (default: one decimal place with `unit`).
    """
    number = number or (lambda y: _number(y, unit))
    xs = [x for x, _ in points]
    ys = [float("nan") if y is None else float(y) for _, y in points]

    figure, axes = plt.subplots(figsize=(8.5, 3.8))
    _draw_spc_lines(
        axes,
        points,
        centre=centre,
        centre_label=centre_label,
        limits=limits,
        near_limits=near_limits,
        baseline_points=baseline_points,
        reference_lines=reference_lines,
    )
    _draw_marks(axes, xs, ys, marks)
    notes, annotation_rows = _draw_annotations(axes, xs, annotations)

    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.set_title(title, loc="left", fontsize=11, pad=14)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    _date_ticks(axes, xs)
    figure.autofmt_xdate()

    headers = [x_label, y_label, centre_label]
    if limits is not None:
        headers += ["Lower limit", "Upper limit"]
    headers += ["Signals", "Notes"]
    rows = _spc_rows(
        points,
        labels=list(row_labels) if row_labels is not None else [_label(x) for x in xs],
        centre_text=number(centre) if centre is not None else "—",
        limit_texts=[number(value) for value in limits] if limits is not None else [],
        marks=marks,
        point_notes=point_notes or {},
        annotation_rows=annotation_rows,
        number=number,
    )
    return Chart(
        title=title,
        caption=caption,
        svg=_svg(figure),
        headers=headers,
        rows=rows,
        alt=f"{title}. {caption} The numbers are in the table that follows.",
        notes=notes,
    )


def _draw_spc_lines(
    axes, points, *, centre, centre_label, limits, near_limits, baseline_points, reference_lines
) -> None:
    """The values with the baseline shading, centre line, limits and reference lines behind them."""
    xs = [x for x, _ in points]
    ys = [float("nan") if y is None else float(y) for _, y in points]
    present = [i for i, (_, y) in enumerate(points) if y is not None]
    if baseline_points and present:
        last = present[min(baseline_points, len(present)) - 1]
        axes.axvspan(xs[present[0]], xs[last], color="#e8e8e8", linewidth=0, zorder=0, label="Baseline")
    axes.plot(xs, ys, color="#505a5f", marker="o", markersize=3.5, linewidth=1.4, label="Value", zorder=2)
    if centre is not None:
        axes.axhline(centre, color="#0b0c0c", linewidth=1.2, label=centre_label, zorder=1)
    if limits is not None:
        for value in limits:
            axes.axhline(value, color="#0b0c0c", linestyle="--", linewidth=1, zorder=1)
        axes.plot([], [], color="#0b0c0c", linestyle="--", linewidth=1, label="Limits")
    if near_limits is not None:
        for value in near_limits:
            axes.axhline(value, color="#8a8a8a", linestyle=":", linewidth=0.8, zorder=1)
        axes.plot([], [], color="#8a8a8a", linestyle=":", linewidth=0.8, label="Near a limit")
    for line in reference_lines:
        axes.axhline(line.value, color="#009E73", linestyle="-.", linewidth=1.2, zorder=1)
        _label_reference_line(axes, line, fontsize=8)


def _label_reference_line(axes, line, *, fontsize: int) -> None:
    """The reference line's label at the right-hand end of the plot, just above the line."""
    axes.annotate(
        line.label,
        xy=(1, line.value),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="bottom",
        fontsize=fontsize,
        color="#0b0c0c",
    )


def _draw_marks(axes, xs, ys, marks: Sequence[MarkedPoint]) -> None:
    """The points caught by a signal rule, in their kind's colour and shape."""
    by_kind: dict[str, list[int]] = {}
    for mark in marks:
        by_kind.setdefault(mark.kind, []).append(mark.index)
    for kind, indices in by_kind.items():
        words, colour, marker = MARK_STYLES.get(kind, MARK_STYLES["neutral"])
        axes.scatter(
            [xs[i] for i in indices], [ys[i] for i in indices], color=colour, marker=marker, s=34, zorder=3, label=words
        )


def _draw_annotations(axes, xs, annotations: Sequence[Annotation]) -> tuple[list[str], dict[int, list[str]]]:
    """Numbered vertical lines for the annotations within the chart; returns their notes in words,
    all together and by the row of the period each falls in."""
    notes = []
    annotation_rows: dict[int, list[str]] = {}
    ordered = sorted(annotations, key=lambda a: a.x)
    for number_on_chart, annotation in enumerate(ordered, start=1):
        text = f"{number_on_chart}. {annotation.label} ({_label(annotation.x)})"
        notes.append(text)
        row = _period_row(xs, annotation.x) if xs else None
        if row is not None:
            annotation_rows.setdefault(row, []).append(text)
        if xs and xs[0] <= annotation.x <= xs[-1]:
            axes.axvline(annotation.x, color="#6f42c1", linestyle=(0, (4, 2)), linewidth=1, zorder=1)
            axes.annotate(
                str(number_on_chart),
                xy=(annotation.x, 1),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=8,
                color="#6f42c1",
                fontweight="bold",
            )
    return notes, annotation_rows


def _spc_rows(
    points, *, labels, centre_text, limit_texts, marks, point_notes, annotation_rows, number
) -> list[list[str]]:
    """One table row per point: its label, figure, centre line, limits, signals and notes."""
    mark_labels: dict[int, list[str]] = {}
    for mark in marks:
        mark_labels.setdefault(mark.index, []).append(
            mark.label or MARK_STYLES.get(mark.kind, MARK_STYLES["neutral"])[0]
        )
    rows = []
    for index, (_, y) in enumerate(points):
        row_notes = ([point_notes[index]] if point_notes.get(index) else []) + annotation_rows.get(index, [])
        rows.append(
            [
                labels[index],
                number(y),
                centre_text,
                *limit_texts,
                "; ".join(mark_labels.get(index, [])) or "—",
                " ".join(row_notes) or "—",
            ]
        )
    return rows


def run_chart_figure(*, median: float | None, **options) -> Chart:
    """A run chart: the values over time with their median as the centre line."""
    return spc_chart(centre=median, centre_label="Median", **options)


def xmr_chart_figure(*, mean: float | None, limits: tuple[float, float] | None, **options) -> Chart:
    """An XmR chart: the values over time with their mean and control limits."""
    return spc_chart(centre=mean, centre_label="Mean", limits=limits, **options)
