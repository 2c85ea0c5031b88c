"""The one place where the portal draws charts.

Charts are drawn on the server with matplotlib as SVG, so pages need no chart script and the same
drawing goes into PDF reports. Every chart carries its numbers as a table for screen-reader users
(templates/includes/chart.html shows both). The SVG is embedded as a data: image, so its own
internal styles do not fall foul of the page's content security policy.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on servers

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# Text stays text (smaller files, selectable in PDFs); ids are stable so output is repeatable.
matplotlib.rcParams.update(
    {
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


def _label(x) -> str:
    if isinstance(x, date):
        return f"{x:%d %b %Y}"
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
    """Lines over time (or over any ordered x), with optional labelled reference lines."""
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    for index, one in enumerate(series):
        xs = [x for x, y in one.points if y is not None]
        ys = [y for x, y in one.points if y is not None]
        axes.plot(xs, ys, label=one.label, color=PALETTE[index % len(PALETTE)], marker=MARKERS[index % len(MARKERS)], linewidth=2)
    for line in reference_lines:
        axes.axhline(line.value, color="#505a5f", linestyle="--", linewidth=1)
        axes.annotate(line.label, xy=(1, line.value), xycoords=("axes fraction", "data"), ha="right", va="bottom", fontsize=9, color="#0b0c0c")
    if y_limits:
        axes.set_ylim(*y_limits)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.set_title(title, loc="left", fontsize=11)
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=9, loc="best")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    figure.autofmt_xdate()

    xs = sorted({x for one in series for x, _ in one.points})
    values = {(one.label, x): y for one in series for x, y in one.points}
    rows = [[_label(x)] + [_number(values.get((one.label, x)), unit) for one in series] for x in xs]
    return Chart(
        title=title,
        caption=caption,
        svg=_svg(figure),
        headers=[x_label] + [one.label for one in series],
        rows=rows,
        alt=f"{title}. {caption} The numbers are in the table that follows.",
    )
