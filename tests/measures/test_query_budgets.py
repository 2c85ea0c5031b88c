"""Measures pages keep the same number of queries however many measures and values lie behind them."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.models import LocalArea
from measures import services
from measures.periods import financial_year, next_period
from stages.models import StageChangeStatus
from tests.measures.factories import MeasureFactory, SharedMeasureFactory, add_values
from tests.query_budget import assert_flat_query_count, count_queries
from tests.stages.factories import StageChangeFactory

STEADY = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8, 20, 20, 20, 20, 20, 20, 20, 20]


@pytest.fixture
def no_cache(settings):
    """Every chart drawn afresh: the budget then holds for the first (cold) request too."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _more_measures(area, lead):
    numbers = count()

    def add():
        n = next(numbers)
        measure = MeasureFactory(area=area, name=f"Measure {n}", baseline_points=12, created_by=lead)
        add_values(measure, date(2023, 4, 1), STEADY)
        services.measure_adopt(area=area, actor=lead, shared=SharedMeasureFactory())

    return add


def test_the_measure_list_does_not_grow(client_for, lead, dundee):
    url = reverse("measures:list", args=[dundee.slug])
    assert_flat_query_count(client_for(lead), url, _more_measures(dundee, lead), max_queries=8)  # 7 measured


def test_the_area_overview_with_the_measures_panel_does_not_grow(client_for, lead, dundee):
    url = reverse("areas:overview", args=[dundee.slug])
    # 40 measured with every app's panel and the overview's to-do panel (each app's to-do source).
    assert_flat_query_count(client_for(lead), url, _more_measures(dundee, lead), max_queries=40)


def _more_values_and_annotations(measure, lead):
    state = {"period": date(2020, 4, 1), "day": date(2020, 4, 10)}

    def add():
        # Another year of monthly values and another confirmed stage change.
        add_values(measure, state["period"], [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8], user=lead)
        for _ in range(12):
            state["period"] = next_period("monthly", state["period"])
        StageChangeFactory(
            area=measure.area, stage="exploration", entered_on=state["day"], status=StageChangeStatus.CONFIRMED
        )
        state["day"] += timedelta(days=200)

    return add


def test_the_chart_page_does_not_grow_with_values_or_annotations(client_for, lead, dundee, no_cache):
    measure = MeasureFactory(area=dundee, baseline_points=12)
    url = reverse("measures:detail", args=[dundee.slug, measure.pk])
    assert_flat_query_count(client_for(lead), url, _more_values_and_annotations(measure, lead), max_queries=9)


def test_the_cached_chart_page_needs_no_query_for_the_values(client_for, lead, dundee):
    measure = MeasureFactory(area=dundee, baseline_points=12)
    add_values(measure, date(2023, 4, 1), STEADY)
    client = client_for(lead)
    url = reverse("measures:detail", args=[dundee.slug, measure.pk])
    client.get(url)
    warm = count_queries(client, url, cold=False)
    cold = count_queries(client, url)
    assert cold == warm + 1  # only the values are loaded, and only to draw


def test_the_data_entry_grid_does_not_grow(client_for, lead, dundee):
    measure = MeasureFactory(area=dundee, frequency="weekly")
    this_year = financial_year(timezone.localdate())
    state = {"year": this_year - 6}

    def add():
        state["year"] += 1
        add_values(measure, next_period("weekly", date(state["year"], 3, 31)), [5] * 52, user=lead)

    url = reverse("measures:data", args=[dundee.slug, measure.pk]) + f"?year={this_year - 1}"
    assert_flat_query_count(client_for(lead), url, add, max_queries=8)


def test_the_history_page_does_not_grow(client_for, lead, dundee):
    measure = MeasureFactory(area=dundee)
    months = count()

    def add():
        n = next(months)
        services.measure_values_save(
            measure=measure,
            actor=lead,
            entries=[services.ValueEntry(period=date(2020 + n // 12, n % 12 + 1, 1), value=Decimal(n))],
        )

    url = reverse("measures:history", args=[dundee.slug, measure.pk])
    assert_flat_query_count(client_for(lead), url, add, max_queries=9)


def test_the_national_comparison_does_not_grow_with_areas(client_for, celcis, dundee, no_cache):
    shared = SharedMeasureFactory()
    areas = iter(LocalArea.objects.filter(in_programme=False))

    def add():
        area = next(areas)
        area.in_programme = True
        area.save()
        adopted = services.measure_adopt(area=area, actor=celcis, shared=shared, baseline_points=12)
        add_values(adopted, date(2023, 4, 1), STEADY)
        SharedMeasureFactory()

    url = reverse("measures:national") + f"?measure={shared.pk}"
    assert_flat_query_count(client_for(celcis), url, add, max_queries=11)
