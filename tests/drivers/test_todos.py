"""Drivers to-do items (issue 14): the half-yearly assessment falling due, drafts left open, and for
CELCIS the areas whose drivers assessment is out of date."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from areas.models import LocalArea, Role
from core.todos import TodoScope, Urgency, collect
from drivers import services
from drivers.selectors import next_due
from drivers.todos import items
from tests.drivers.factories import current_items, scored_assessment
from tests.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory


def _scope(user, *areas, lead=False, celcis=False):
    return TodoScope(
        user=user,
        areas=list(areas),
        lead_area_ids={a.pk for a in areas} if lead else set(),
        celcis=celcis,
        today=timezone.localdate(),
    )


def _keys(todos):
    return [todo.key for todo in todos]


def test_an_area_with_no_assessment_is_asked_to_run_one(member, dundee):
    [todo] = items(_scope(member, dundee))
    assert todo.key == "drivers.assessment_due"
    assert todo.title == "Run this half-year's drivers assessment"
    assert todo.url == reverse("drivers:assessment_create", args=[dundee.slug])
    assert todo.urgency == Urgency.DUE_SOON and todo.area == "Dundee City"


def test_nothing_is_due_within_six_months_of_the_last_assessment(member, lead, dundee):
    scored_assessment(dundee, lead, 1, days_ago=150)
    assert items(_scope(member, dundee)) == []
    assert items(_scope(lead, dundee, lead=True)) == []


def test_due_once_six_months_old_and_overdue_a_month_after(member, lead, dundee):
    last = scored_assessment(dundee, lead, 1, days_ago=200)
    [todo] = items(_scope(member, dundee))
    assert todo.key == "drivers.assessment_due" and todo.urgency == Urgency.DUE_SOON
    assert todo.due == next_due(last.assessed_on) and todo.due < timezone.localdate()

    last.assessed_on = timezone.localdate() - timedelta(days=250)  # more than a month past due
    last.save()
    [todo] = items(_scope(member, dundee))
    assert todo.urgency == Urgency.OVERDUE


def test_an_assessment_of_one_innovation_does_not_stand_for_the_programme(member, lead, dundee):
    scored_assessment(dundee, lead, 1, days_ago=250)
    scored_assessment(dundee, lead, 1, days_ago=5, subject=InnovationFactory(area=dundee))
    assert _keys(items(_scope(member, dundee))) == ["drivers.assessment_due"]


def test_the_item_disappears_once_the_assessment_is_done(member, lead, dundee):
    scored_assessment(dundee, lead, 1, days_ago=250)
    assert _keys(items(_scope(member, dundee))) == ["drivers.assessment_due"]
    scored_assessment(dundee, member, 2)
    assert items(_scope(member, dundee)) == []


def test_a_draft_left_open_is_an_item_until_it_is_completed(member, lead, dundee):
    scored_assessment(dundee, lead, 1, days_ago=250)
    draft = scored_assessment(dundee, member, {current_items()[0]: 2}, complete=False)
    [todo] = items(_scope(member, dundee))  # the due item gives way to the draft already under way
    assert todo.key == "drivers.draft_open"
    assert todo.title == f"Finish the drivers assessment of {draft.assessed_on:%-d %b %Y}"
    assert todo.url == reverse("drivers:assessment_score", args=[dundee.slug, draft.pk])
    assert todo.urgency == Urgency.DUE_SOON and todo.since == draft.assessed_on

    draft.assessed_on = timezone.localdate() - timedelta(days=40)  # left open for weeks
    draft.save()
    assert items(_scope(member, dundee))[0].urgency == Urgency.OVERDUE

    services.assessment_save_draft(
        assessment=draft,
        actor=member,
        expected_version=draft.version,
        answers={item.pk: services.Answer(2) for item in current_items()},
    )
    services.assessment_complete(assessment=draft, actor=member)
    assert items(_scope(member, dundee)) == []


def test_nobody_is_offered_another_areas_work(lead, other_member, dundee, inverclyde):
    scored_assessment(inverclyde, other_member, 1, days_ago=30)
    scored_assessment(dundee, lead, {current_items()[0]: 1}, complete=False)  # Dundee's draft
    assert items(_scope(other_member, inverclyde)) == []


def test_celcis_gets_one_item_per_out_of_date_area_and_no_drafts(celcis, lead, other_lead, dundee, inverclyde):
    scored_assessment(dundee, lead, 1, days_ago=30)
    scored_assessment(dundee, lead, {current_items()[0]: 1}, complete=False)
    old = scored_assessment(inverclyde, other_lead, 1, days_ago=250)
    perth = LocalArea.objects.get(slug="perth-and-kinross")
    todos = items(_scope(celcis, dundee, inverclyde, perth, lead=True, celcis=True))
    by_area = {todo.area: todo for todo in todos}
    assert set(by_area) == {"Inverclyde", "Perth & Kinross"}
    assert by_area["Inverclyde"].title == "Follow up Inverclyde's drivers assessment: it is out of date"
    assert by_area["Inverclyde"].urgency == Urgency.OVERDUE
    assert by_area["Inverclyde"].due == next_due(old.assessed_on)
    assert by_area["Inverclyde"].url == reverse("drivers:list", args=[inverclyde.slug])
    assert "none completed yet" in by_area["Perth & Kinross"].title
    assert all(todo.key == "drivers.out_of_date" for todo in todos)


def test_the_items_are_collected_through_the_registry(member, dundee):
    assert "drivers.assessment_due" in _keys(collect(_scope(member, dundee)))


def test_the_query_count_stays_flat_as_areas_and_assessments_grow(celcis, lead, member):
    areas = list(LocalArea.objects.order_by("pk")[:10])
    LocalArea.objects.filter(pk__in=[a.pk for a in areas]).update(in_programme=True)
    own = set(member.memberships.values_list("area_id", flat=True))
    for area in areas:
        area.in_programme = True
        if area.pk not in own:
            MembershipFactory(user=member, role=Role.AREA_MEMBER, area=area)

    def count(scope):
        with CaptureQueriesContext(connection) as captured:
            items(scope)
        return len(captured.captured_queries)

    def add(area):
        scored_assessment(area, celcis, 1, days_ago=250)
        scored_assessment(area, celcis, {current_items()[0]: 1}, complete=False)

    add(areas[0])
    small = (count(_scope(celcis, *areas, lead=True, celcis=True)), count(_scope(member, *areas)))
    for area in areas[1:]:
        add(area)
        add(area)
    large = (count(_scope(celcis, *areas, lead=True, celcis=True)), count(_scope(member, *areas)))
    assert small == large
    assert large[0] == 1 and large[1] == 2
