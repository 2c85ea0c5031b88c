"""Innovations pages keep the same number of queries however much data lies behind them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.quarters import Quarter
from innovations import selectors, services
from innovations.models import PracticeLevel
from innovations.usability import CRITERIA
from stages import services as stage_services
from tests.innovations.factories import (
    make_exploration,
    make_innovation,
    make_instrument,
    record_check,
    record_figures,
    record_quarter,
)
from tests.query_budget import assert_flat_query_count

TODAY = timezone.localdate()


class MoreData:
    """Each call adds one lot: an innovation with its stage, usability judgement, figures and checks,
    and, to the main innovation, a function with its profile row, a practitioner with two checks and one
    whose check is overdue, a slice with two dated figures and a candidate in the exploration."""

    def __init__(self, area, actor):
        self.area, self.actor, self.n = area, actor, 0
        self.innovation = make_innovation(area, actor, name="Main innovation", functions=1)
        make_instrument(self.innovation, actor)
        self.exploration = make_exploration(area, actor, [], [])
        self.quarter = Quarter.of(TODAY)

    def __call__(self):
        self.n += 1
        n, actor, main = self.n, self.actor, self.innovation
        other = make_innovation(self.area, actor, name=f"Innovation {n}", functions=1)
        stage_services.stage_change_record(
            area=self.area, actor=actor, stage="exploration", entered_on=TODAY - timedelta(days=n), subject=other
        )
        services.usability_review_record(
            innovation=other,
            actor=actor,
            reviewed_on=TODAY,
            judgements=dict.fromkeys(CRITERIA, ("met", "Seen")),
        )
        make_instrument(other, actor)
        record_quarter(other, actor, self.quarter, intended=5, trained=2)
        record_check(other, actor, services.practitioner_save(innovation=other, actor=actor, code="P1"), TODAY)

        function = services.essential_function_save(innovation=main, actor=actor, name=f"Function {n}b")
        services.practice_profile_row_save(
            function=function,
            actor=actor,
            descriptions={level.pk: f"Level text {n}" for level in PracticeLevel.objects.filter(innovation=main)},
            expected_version=function.version,
        )
        zone = services.slice_save(
            innovation=main,
            actor=actor,
            data={
                "name": f"Slice {n}",
                "kind": "team",
                "started_on": TODAY - timedelta(days=400 - n),
                "practitioners_intended": 5,
                "practitioners_trained": 3,
                "conditions_evidence": "Conditions met",
            },
        )
        practitioner = services.practitioner_save(innovation=main, actor=actor, code=f"DD-P{n:02d}", system_slice=zone)
        record_check(main, actor, practitioner, TODAY - timedelta(days=100), meets=False)
        record_check(main, actor, practitioner, TODAY)
        record_figures(main, actor, TODAY - timedelta(days=n), intended=5, trained=n % 5, system_slice=zone)
        old = services.practitioner_save(innovation=main, actor=actor, code=f"DD-Q{n:02d}", system_slice=zone)
        record_check(main, actor, old, TODAY - timedelta(days=250))  # overdue
        self.quarter = self.quarter.previous()
        services.hexagon_assessment_record(
            exploration=self.exploration,
            actor=actor,
            innovation=other,
            assessed_on=TODAY,
            participants="Team",
            ratings={i.pk: (3, "Why", "") for i in selectors.indicators_for("2018")},
        )


@pytest.fixture
def more(dundee, lead):
    return MoreData(dundee, lead)


# Page → the most queries it may make (pinned: session, user, memberships and navigation included).
AREA_PAGES = {"innovations:list": 10, "innovations:exploration_list": 6}
INNOVATION_PAGES = {
    # 17, plus one for the usability-testing section the cycles app adds, plus the slices' dated figures
    # and the overdue count; measured with the other apps' sections of the time.
    "innovations:detail": 21,
    "innovations:description": 6,
    "innovations:profile": 8,
    "innovations:usability": 7,
    "innovations:stage": 22,  # measured once the stages app showed evidence from records (issue 13 point 2)
    "innovations:fidelity": 14,
    "innovations:checks_due": 6,
    "innovations:check_list": 7,
    "innovations:practitioner_list": 8,
    "innovations:slice_list": 10,  # 9, plus the slices' dated figures
    "innovations:history": 23,  # 22, plus the slice names for the dated figures
}


def test_list_pages_do_not_grow(client_for, lead, dundee, more):
    client = client_for(lead)
    for name, budget in AREA_PAGES.items():
        assert_flat_query_count(client, reverse(name, args=[dundee.slug]), more, factor=3, max_queries=budget)


def test_innovation_pages_do_not_grow(client_for, lead, dundee, more):
    client = client_for(lead)
    for name, budget in INNOVATION_PAGES.items():
        url = reverse(name, args=[dundee.slug, more.innovation.pk])
        assert_flat_query_count(client, url, more, factor=3, max_queries=budget)


def test_the_comparison_view_does_not_grow_with_candidates(client_for, lead, dundee, more):
    url = reverse("innovations:exploration_detail", args=[dundee.slug, more.exploration.pk])
    assert_flat_query_count(client_for(lead), url, more, factor=3, max_queries=10)


def test_area_overview_with_the_innovations_panel_does_not_grow(client_for, lead, dundee, more):
    url = reverse("areas:overview", args=[dundee.slug])
    assert_flat_query_count(
        client_for(lead), url, more, factor=3, max_queries=44
    )  # with the area's to-do panel (every app's items)
