"""Drivers pages keep the same number of queries however many assessments, answers, actions and
areas lie behind them."""

from django.urls import reverse
from django.utils import timezone

from areas.models import LocalArea
from drivers import services
from drivers.models import Driver, ItemScore
from teams import services as team_services
from tests.drivers.factories import current_items, scored_assessment
from tests.query_budget import assert_flat_query_count
from tests.teams.factories import TeamMemberFactory


def _more_drivers_data(area, lead):
    """Each call: another completed assessment (with an action on a gap) and another draft."""
    counter = {"n": 0}
    owner = TeamMemberFactory(team__area=area)

    def add():
        counter["n"] += 1
        n = counter["n"]
        items = current_items()
        values = {item: (n + position) % 3 for position, item in enumerate(items)}
        assessment = scored_assessment(area, lead, values, days_ago=400 - 30 * n)
        gap = ItemScore.objects.filter(assessment=assessment, score=0).first()
        team_services.action_create(
            area=area, actor=lead, title=f"Action {n}", owner=owner, due_date=timezone.localdate(), subject=gap
        )
        scored_assessment(area, lead, 1, days_ago=n, complete=False)

    return add


def test_area_drivers_pages_do_not_grow(client_for, lead, dundee):
    client = client_for(lead)
    add = _more_drivers_data(dundee, lead)
    for name, budget in (("drivers:list", 18), ("drivers:progress", 18), ("drivers:history", 8)):
        assert_flat_query_count(client, reverse(name, args=[dundee.slug]), add, factor=3, max_queries=budget)


def test_assessment_pages_do_not_grow_with_earlier_assessments_and_actions(client_for, lead, dundee):
    client = client_for(lead)
    add = _more_drivers_data(dundee, lead)
    add()
    latest = scored_assessment(dundee, lead, 0, days_ago=0)
    draft = scored_assessment(dundee, lead, 2, complete=False)
    assert_flat_query_count(client, latest.get_absolute_url(), add, factor=3, max_queries=16)
    for name, budget in (
        ("drivers:assessment_score", 10),
        ("drivers:assessment_complete", 13),
        ("drivers:assessment_update", 9),
    ):
        assert_flat_query_count(client, reverse(name, args=[dundee.slug, draft.pk]), add, factor=3, max_queries=budget)


def test_area_overview_with_the_drivers_panel_does_not_grow(client_for, lead, dundee):
    assert_flat_query_count(
        client_for(lead),
        reverse("areas:overview", args=[dundee.slug]),
        _more_drivers_data(dundee, lead),
        factor=3,
        # 40 measured with every app's panel and the overview's to-do panel (each app's to-do source).
        max_queries=40,
    )


def test_national_heatmap_does_not_grow_with_areas_or_assessments(client_for, celcis, dundee):
    client = client_for(celcis)
    areas = iter(LocalArea.objects.filter(in_programme=False))

    def add():
        area = next(areas)
        area.in_programme = True
        area.date_joined = timezone.localdate()
        area.save()
        scored_assessment(area, celcis, 1, days_ago=200)
        scored_assessment(area, celcis, 2, days_ago=20)

    assert_flat_query_count(client, reverse("drivers:national"), add, factor=3, max_queries=10)


def test_catalogue_pages_do_not_grow_with_versions_and_items(client_for, celcis, dundee):
    client = client_for(celcis)
    coaching = Driver.objects.get(key="coaching")
    state = {"n": 0}

    def add_version():
        state["n"] += 1
        draft = services.item_set_start_draft(actor=celcis)
        services.item_save(actor=celcis, item_set=draft, driver=coaching, text=f"New coaching item {state['n']}")
        services.item_set_publish(actor=celcis, item_set=draft)
        scored_assessment(dundee, celcis, 1, days_ago=state["n"])

    assert_flat_query_count(client, reverse("drivers:catalogue"), add_version, factor=3, max_queries=8)

    draft = services.item_set_start_draft(actor=celcis)

    def add_items():
        state["n"] += 1
        item = services.item_save(actor=celcis, item_set=draft, driver=coaching, text=f"Draft item {state['n']}")
        services.item_save(actor=celcis, item_set=draft, driver=coaching, text=f"Draft item {state['n']}b", item=item)

    assert_flat_query_count(client, reverse("drivers:item_set", args=[draft.number]), add_items, max_queries=11)
