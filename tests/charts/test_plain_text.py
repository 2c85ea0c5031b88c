"""Names people type go into charts as plain text: a "$" never turns into mathtext or a 500."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from charts import Annotation, ReferenceLine, Series, line_chart, run_chart_figure, xmr_chart_figure
from core.quarters import Quarter
from tests.innovations.factories import make_innovation, record_quarter
from tests.measures.factories import MeasureFactory, add_values

AWKWARD = r"Cost $\frac{$"
POINTS = [(date(2025, month, 1), value) for month, value in zip(range(1, 7), [4, 6, 5, 7, 6, 8], strict=True)]


@pytest.fixture(autouse=True)
def empty_chart_cache():
    """Measure charts are cached by id and data version; test databases reuse ids."""
    cache.clear()
    yield
    cache.clear()


def test_a_line_chart_shows_dollar_signs_as_typed():
    chart = line_chart(
        title=AWKWARD,
        caption="c",
        series=[Series("$x$ and _underscored", [(1, 2.0), (2, 3.0)]), Series("$$", [(1, 1.0)])],
        x_label="Quarter $",
        y_label=r"\alpha",
        reference_lines=[ReferenceLine(1, "$10 a head")],
    )
    assert r"Cost $\frac{$" in chart.svg
    assert "$x$ and _underscored" in chart.svg  # in the legend, not hidden by a leading "_"
    assert "$10 a head" in chart.svg


def test_run_and_xmr_charts_show_dollar_signs_as_typed():
    options = {
        "title": f"Run chart: {AWKWARD}",
        "caption": "c",
        "points": POINTS,
        "x_label": "Period",
        "y_label": "$ spent",
        "annotations": [Annotation(date(2025, 3, 2), "$5 voucher")],
        "reference_lines": [ReferenceLine(7, "Target $7")],
    }
    run = run_chart_figure(median=6.0, **options)
    xmr = xmr_chart_figure(mean=6.0, limits=(2.0, 10.0), **options)
    for chart in (run, xmr):
        assert AWKWARD in chart.svg and "Target $7" in chart.svg
        assert chart.notes == ["1. $5 voucher (2 Mar 2025)"]


def test_a_measure_named_with_dollar_signs_shows_its_charts(client_for, member, dundee):
    measure = MeasureFactory(area=dundee, name=AWKWARD, unit="$")
    add_values(measure, date(2024, 4, 1), [10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17], user=member)
    response = client_for(member).get(reverse("measures:detail", args=[dundee.slug, measure.pk]))
    assert response.status_code == 200
    charts = response.context["charts"]
    assert AWKWARD in charts.run_chart.svg and AWKWARD in charts.xmr_chart.svg


def test_an_innovation_named_with_dollar_signs_shows_its_fidelity_chart(client_for, member, dundee):
    innovation = make_innovation(dundee, member, name=AWKWARD)
    this_quarter = Quarter.of(timezone.localdate())
    record_quarter(innovation, member, this_quarter.previous(), intended=4, trained=2)
    response = client_for(member).get(reverse("innovations:fidelity", args=[dundee.slug, innovation.pk]))
    assert response.status_code == 200
    assert AWKWARD in response.context["chart"].svg
