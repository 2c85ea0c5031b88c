"""Stages pages keep the same number of queries however much data lies behind them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from areas.models import LocalArea
from stages import services
from stages.models import ActivityStatus, ReadinessQuestion, StageActivity
from tests.innovations.factories import InnovationFactory
from tests.query_budget import assert_flat_query_count
from tests.stages.factories import EngagementFactory, StageActivityFactory, StageChangeFactory


def _more_stage_data(area, lead):
    counter = {"n": 0}

    def add():
        counter["n"] += 1
        n = counter["n"]
        StageChangeFactory(
            area=area,
            stage="exploration" if n % 2 else "installation",
            entered_on=timezone.localdate() - timedelta(days=400 - n),
            recorded_by=lead,
        )
        activity = StageActivityFactory(stage="installation")
        services.activity_progress_save(
            area=area,
            actor=lead,
            activity=activity,
            expected_version=None,
            status=ActivityStatus.DONE,
            started_on=timezone.localdate() - timedelta(days=30),
            completed_on=timezone.localdate(),
        )
        EngagementFactory(area=area, recorded_by=lead)
        services.readiness_check_record(
            area=area,
            actor=lead,
            checked_on=timezone.localdate() - timedelta(days=n),
            scores={q.pk: 3 for q in ReadinessQuestion.objects.all()},
        )

    return add


def test_stages_pages_query_counts_do_not_grow(client_for, lead, dundee):
    client = client_for(lead)
    add = _more_stage_data(dundee, lead)
    for name in (
        "stages:overview",
        "stages:checklist",
        "stages:targets",
        "stages:history",
        "stages:engagement_list",
        "stages:readiness_list",
    ):
        # The checklist reads each kind of record that evidences an activity: one query a kind.
        budget = 24 if name == "stages:checklist" else 16
        assert_flat_query_count(client, reverse(name, args=[dundee.slug]), add, max_queries=budget)


def test_area_overview_with_the_stage_panel_does_not_grow(client_for, lead, dundee):
    # The overview holds every app's panel and to-do items; the stages app's share is twelve queries.
    assert_flat_query_count(
        client_for(lead), reverse("areas:overview", args=[dundee.slug]), _more_stage_data(dundee, lead), max_queries=45
    )


def test_national_stages_and_catalogue_do_not_grow_with_areas_or_activities(client_for, celcis, dundee):
    client = client_for(celcis)
    areas = iter(LocalArea.objects.filter(in_programme=False))

    def add():
        area = next(areas)
        area.in_programme = True
        area.date_joined = timezone.localdate()
        area.save()
        _more_stage_data(area, celcis)()
        StageActivityFactory(stage="full")
        innovation = InnovationFactory(area=area)
        services.stage_change_record(
            area=area, actor=celcis, stage="installation", entered_on=timezone.localdate(), subject=innovation
        )
        services.stage_targets_save(area=area, actor=celcis, targets={"full": timezone.localdate()}, subject=innovation)

    assert_flat_query_count(client, reverse("stages:national"), add, max_queries=10)
    assert_flat_query_count(client, reverse("stages:catalogue"), lambda: StageActivityFactory(), max_queries=8)
    assert StageActivity.objects.count() > 40
