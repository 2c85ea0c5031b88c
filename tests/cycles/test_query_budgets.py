"""Query budgets: no cycles or feedback page makes more queries as cycles, iterations, measure links
and feedback items pile up (counts measured and pinned, session and navigation included)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cycles.factories import (
    CycleFactory,
    CycleMeasureFactory,
    FeedbackItemFactory,
    UsabilityIterationFactory,
    filled,
)
from tests.innovations.factories import InnovationFactory
from tests.measures.factories import MeasureFactory
from tests.query_budget import assert_flat_query_count

TODAY = timezone.localdate()


class MoreData:
    """Each call adds a ramp of two cycles on a measure, a usability test with an iteration, and
    feedback items in several states, all in Dundee; the cycles under test gain history and links."""

    def __init__(self, area):
        self.area = area
        self.innovation = InnovationFactory(area=area)
        self.ramp_start = CycleFactory(area=area, **filled("closed"))
        self.cycle = CycleFactory(area=area, follows=self.ramp_start, innovation=self.innovation, **filled("study"))
        self.test = CycleFactory(
            area=area,
            kind="usability",
            innovation=self.innovation,
            success_criteria="4 of 5",
            cohort_size=5,
            **filled("do"),
        )
        self.item = FeedbackItemFactory(area=area, raised_on=TODAY - timedelta(days=80))
        # Act filled in, so its "close the cycle" confirmation page is shown (not the edit form).
        self.complete = CycleFactory(area=area, **filled("closed") | {"phase": "act", "closed_on": None})
        self.calls = 0

    def __call__(self):
        self.calls += 1
        measure = MeasureFactory(area=self.area)
        earlier = CycleFactory(area=self.area, innovation=self.innovation, **filled("closed"))
        CycleFactory(area=self.area, follows=earlier, **filled("do"))
        for cycle in (earlier, self.cycle, self.test):
            CycleMeasureFactory(cycle=cycle, measure=measure)
        UsabilityIterationFactory(cycle=self.test, number=self.calls)
        test = CycleFactory(
            area=self.area,
            kind="usability",
            innovation=self.innovation,
            success_criteria="x",
            cohort_size=3,
            **filled("do"),
        )
        UsabilityIterationFactory(cycle=test, number=1)
        FeedbackItemFactory(area=self.area, raised_on=TODAY - timedelta(days=90), cycle=self.cycle)
        FeedbackItemFactory(area=self.area, status="resolved", response="Done", resolved_on=TODAY)
        FeedbackItemFactory(area=self.area, status="routed", routed_to="cpc", routed_on=TODAY)
        FeedbackItemFactory(area=self.area, status="changed", response="Done", resolved_on=TODAY)
        # The ramp branches again, with a stalled cycle in it.
        CycleFactory(
            area=self.area, follows=self.ramp_start, **filled("do"), phase_changed_on=TODAY - timedelta(days=90)
        )
        # The records under test change, so their history grows too.
        self.cycle.learning = f"Learned {self.calls}"
        self.cycle.save()
        self.item.description = f"Described {self.calls}"
        self.item.save()


@pytest.fixture
def more(dundee):
    return MoreData(dundee)


# Page → the most queries it may make (each pinned at the count measured).
AREA_PAGES = {
    "cycles:list": 8,
    "cycles:create": 9,
    "cycles:timeline": 7,
    "cycles:feedback_list": 9,
    "cycles:feedback_create": 5,
}
CYCLE_PAGES = {
    "cycles:detail": 11,
    "cycles:update": 11,
    "cycles:advance": 5,
    "cycles:step_back": 5,
    "cycles:ramp": 7,
}


def test_area_pages_do_not_grow(client_for, lead, dundee, more):
    client = client_for(lead)
    for name, budget in AREA_PAGES.items():
        assert_flat_query_count(client, reverse(name, args=[dundee.slug]), more, factor=3, max_queries=budget)


def test_cycle_pages_do_not_grow(client_for, lead, dundee, more):
    client = client_for(lead)
    for name, budget in CYCLE_PAGES.items():
        cycle = more.complete if name == "cycles:advance" else more.cycle
        url = reverse(name, args=[dundee.slug, cycle.pk])
        assert_flat_query_count(client, url, more, factor=3, max_queries=budget)


def test_usability_test_pages_do_not_grow(client_for, lead, dundee, more):
    client = client_for(lead)
    assert_flat_query_count(
        client, reverse("cycles:detail", args=[dundee.slug, more.test.pk]), more, factor=3, max_queries=12
    )
    assert_flat_query_count(
        client, reverse("cycles:iteration_create", args=[dundee.slug, more.test.pk]), more, factor=3, max_queries=6
    )


def test_feedback_pages_do_not_grow(client_for, lead, dundee, more):
    client = client_for(lead)
    for name, budget in {"cycles:feedback_detail": 6, "cycles:feedback_update": 6}.items():
        url = reverse(name, args=[dundee.slug, more.item.pk])
        assert_flat_query_count(client, url, more, factor=3, max_queries=budget)


def test_the_overview_and_innovation_page_do_not_grow_with_cycles(client_for, lead, dundee, more):
    client = client_for(lead)
    # 45 measured with every app's panel and the area's to-do panel; the cycles and feedback panels take
    # one query each, the cycles and teams to-do sources two each at most.
    assert_flat_query_count(client, reverse("areas:overview", args=[dundee.slug]), more, factor=3, max_queries=45)
    # 21 measured with every app's section; the usability-testing section takes one query.
    url = reverse("innovations:detail", args=[dundee.slug, more.innovation.pk])
    assert_flat_query_count(client, url, more, factor=3, max_queries=21)


@pytest.fixture
def no_cache(settings):
    """Every chart drawn afresh, so a new annotation's redraw is not mistaken for growth."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_the_measure_chart_page_does_not_grow_with_linked_cycles(client_for, lead, dundee, more, no_cache):
    more()
    measure = more.cycle.measures.first()
    url = reverse("measures:detail", args=[dundee.slug, measure.pk])
    # 9 measured, drawn afresh: the PDSA annotations take one query however many cycles are linked.
    assert_flat_query_count(
        client_for(lead),
        url,
        lambda: CycleMeasureFactory(cycle=CycleFactory(area=dundee, **filled("closed")), measure=measure),
        factor=3,
        max_queries=9,
    )
