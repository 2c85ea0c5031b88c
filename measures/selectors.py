"""Reads for measures: lists with signals, the data-entry grid, charts and the national comparison.
Each uses a fixed number of queries, however many measures and values lie behind it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.template.loader import render_to_string
from django.utils import timezone

from areas.history import history_page
from charts import Chart

from . import periods
from .annotations import annotations_for
from .charting import (
    CACHE_SECONDS as SIGNAL_CACHE_SECONDS,
)
from .charting import (
    MeasureCharts,
    MeasureSeries,
    analyse_measure,
    build_series,
    comparison_chart,
    measure_charts,
)
from .interpretation import CONCERN, IMPROVEMENT, NEUTRAL, Analysis, format_number, summary_label
from .models import BaselineChange, DataUpload, Measure, MeasureValue, SharedMeasure


@dataclass
class MeasureSummary:
    """One measure as a list shows it: latest value, direction and whether a signal is present."""

    measure: Measure
    series: MeasureSeries
    analysis: Analysis
    # The recorded values behind the series: (period, value, numerator, denominator), in period order.
    rows: list = field(default_factory=list)

    @property
    def latest(self):
        return self.series.latest

    @property
    def latest_label(self) -> str:
        latest = self.latest
        return periods.period_label(self.measure.frequency, latest[0]) if latest else ""

    @property
    def latest_text(self) -> str:
        latest = self.latest
        return format_number(latest[1], self.measure.display_unit) if latest else "—"

    @property
    def signal_label(self) -> str:
        return summary_label(self.analysis.tones, points=self.analysis.points)

    @property
    def signal_tone(self) -> str:
        """improvement, concern, mixed, neutral, none or empty — for the badge's look (words carry the meaning)."""
        tones = self.analysis.tones
        if self.analysis.points < 2:
            return "empty"
        if IMPROVEMENT in tones and CONCERN in tones:
            return "mixed"
        for tone in (IMPROVEMENT, CONCERN, NEUTRAL):
            if tone in tones:
                return tone
        return "none"

    @property
    def has_signal(self) -> bool:
        return self.analysis.has_signal


def series_for(measure: Measure) -> MeasureSeries:
    """A measure's values in period order with gaps (one query)."""
    rows = MeasureValue.objects.filter(measure=measure).values_list("period_start", "value", "note")
    return build_series(measure.frequency, rows)


def summaries(measures, upto: date | None = None) -> list[MeasureSummary]:
    """Latest value and signals for each measure, from its values up to `upto` if given (one query
    for all their values)."""
    measures = list(measures)
    values = MeasureValue.objects.filter(measure__in=[m.pk for m in measures])
    if upto is not None:
        values = values.filter(period_start__lte=upto)
    rows = defaultdict(list)
    for measure_id, *row in values.order_by("period_start").values_list(
        "measure_id", "period_start", "value", "numerator", "denominator"
    ):
        rows[measure_id].append(tuple(row))
    result = []
    for measure in measures:
        series = build_series(measure.frequency, [(period, value) for period, value, *_ in rows[measure.pk]])
        result.append(
            MeasureSummary(
                measure=measure, series=series, analysis=analyse_measure(measure, series), rows=rows[measure.pk]
            )
        )
    return result


@dataclass
class Glance:
    """What a list shows of a measure (latest value, signal badge), without its values or analysis;
    kept per version of the measure's definition and data."""

    measure: Measure
    latest: tuple | None  # (period, value) of the latest value
    latest_label: str
    latest_text: str
    signal_tone: str
    signal_label: str
    has_signal: bool


GLANCE_FIELDS = ("latest_label", "latest_text", "signal_tone", "signal_label", "has_signal")


def glances(measures) -> list[Glance]:
    """Each measure's glance: from the cache while its data and definition are unchanged, analysed
    (one query for all the misses' values) otherwise."""
    measures = list(measures)
    keys = {m.pk: f"measures:glance:{m.pk}:{m.version}:{m.data_version}" for m in measures}
    known = cache.get_many(list(keys.values()))
    missing = [m for m in measures if keys[m.pk] not in known]
    if missing:
        if any(m.get_deferred_fields() for m in missing):
            # The rules depend on the whole definition (direction, baseline…): load it for all of them.
            missing = Measure.objects.filter(pk__in=[m.pk for m in missing]).select_related("shared")
        fresh = {
            keys[s.measure.pk]: (s.latest, *(getattr(s, name) for name in GLANCE_FIELDS)) for s in summaries(missing)
        }
        cache.set_many(fresh, SIGNAL_CACHE_SECONDS)
        known |= fresh
    return [Glance(m, *known[keys[m.pk]]) for m in measures]


def signal_flags(measures) -> dict[int, bool]:
    """Whether each measure's charts show a signal now, by measure id (from its cached glance)."""
    return {glance.measure.pk: glance.has_signal for glance in glances(measures)}


def signals_in(summary: MeasureSummary, start: date, end: date) -> list:
    """The measure's signals with a point from `start` to `end` (a quarter, for its return); a signal
    about the whole series (no points of its own) counts when the series has a value in that time."""
    chosen = {
        index
        for index, period in enumerate(summary.series.periods)
        if start <= period <= end and summary.series.values[index] is not None
    }
    return [
        signal
        for signal in summary.analysis.signals
        if (set(signal.indices) & chosen) or (not signal.indices and chosen)
    ]


def area_measures(area):
    """The area's measures, by name, with their programme-wide definitions."""
    return Measure.objects.filter(area=area).select_related("shared").order_by("name", "pk")


def charts_for(measure: Measure) -> tuple[MeasureCharts, list]:
    """The measure's charts (from the cache while nothing has changed) and their annotations; the
    charts' HTML (pictures, signals in words, tables) is rendered once with them."""
    annotations = annotations_for(measure)

    def render(charts):
        return render_to_string("measures/_charts.html", {"charts": charts, "annotations": annotations})

    return measure_charts(measure, annotations, lambda: series_for(measure), render), annotations


def overview_panel(area, access) -> dict:
    """The area overview's measures panel: measures with signals (two queries)."""
    found = glances(area_measures(area))
    return {
        "measure_count": len(found),
        "with_signals": [s for s in found if s.has_signal],
        "can_edit": access.can_edit_area(area),
    }


# --- Data entry -------------------------------------------------------------------------------


def recorded_years(measure: Measure) -> list[int]:
    """The financial years from the first recorded value to this one (one query)."""
    span = MeasureValue.objects.filter(measure=measure).aggregate(first=Min("period_start"), last=Max("period_start"))
    this_year = periods.financial_year(timezone.localdate())
    first = periods.financial_year(span["first"]) if span["first"] else this_year
    return list(range(min(first, this_year), this_year + 1))


@dataclass
class GridRow:
    period: date
    label: str
    stored: MeasureValue | None
    is_future: bool


def grid_rows(measure: Measure, year: int) -> list[GridRow]:
    """Every period of one financial year with what is stored for it (one query)."""
    every = periods.financial_year_periods(measure.frequency, year)
    stored = {
        value.period_start: value
        for value in MeasureValue.objects.filter(
            measure=measure, period_start__gte=every[0], period_start__lte=every[-1]
        )
    }
    today = timezone.localdate()
    return [
        GridRow(period=p, label=periods.period_label(measure.frequency, p), stored=stored.get(p), is_future=p > today)
        for p in every
    ]


# --- History ----------------------------------------------------------------------------------


def measure_history(measure: Measure, page_number):
    """One page of who changed the measure, its baseline and its values, newest first: `(page,
    entries)`, only the page's changes read and described, kept until the area's records change."""
    label = measure.period_label
    sources = [
        (measure.history.all(), lambda r: "Measure"),
        (MeasureValue.history.filter(measure_id=measure.pk), lambda r: f"Value for {label(r.period_start)}"),
        (BaselineChange.history.filter(measure_id=measure.pk), lambda r: "Baseline change"),
    ]
    return history_page(sources, page_number, cache_key=f"measures:history:{measure.pk}", area_ids=[measure.area_id])


def recent_uploads(area, limit: int = 5):
    return DataUpload.objects.filter(area=area).select_related("uploaded_by", "measure").defer("content")[:limit]


# --- National ---------------------------------------------------------------------------------


def shared_measures():
    """Every programme-wide definition with how many areas have adopted it."""
    return SharedMeasure.objects.annotate(adoption_count=Count("adoptions")).order_by("name", "pk")


@dataclass
class AreaComparison:
    area: object
    summary: MeasureSummary | None

    @property
    def measure(self):
        return self.summary.measure if self.summary else None


def national_comparison(shared: SharedMeasure, areas) -> tuple[list[AreaComparison], Chart | None]:
    """Each programme area's adoption of `shared` side by side, with one chart comparing them."""
    areas = list(areas)
    adoptions = {m.area_id: m for m in Measure.objects.filter(shared=shared, area__in=areas).select_related("area")}
    found = {s.measure.area_id: s for s in summaries(adoptions.values())}
    rows = [AreaComparison(area=area, summary=found.get(area.pk)) for area in areas]
    compared = [row.summary for row in rows if row.summary and row.summary.latest]
    return rows, comparison_chart(shared, [(s.measure, s.series) for s in compared])
