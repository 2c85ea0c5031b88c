"""To-do items from innovations: fidelity checks due or overdue for the area's members and leads,
innovations with checks overdue for CELCIS; each disappears once the checks are recorded."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.todos import TodoScope, Urgency, collect
from innovations import services, todos
from tests.innovations.factories import make_innovation, make_instrument, record_check

TODAY = timezone.localdate()


@pytest.fixture
def innovation(dundee, member):
    innovation = make_innovation(dundee, member, name="Early help conversations", functions=1)
    make_instrument(innovation, member)
    return innovation


def _practitioner(innovation, actor, code):
    return services.practitioner_save(innovation=innovation, actor=actor, code=code)


def _scope(user, areas, *, celcis=False, leads=()):
    return TodoScope(user=user, areas=list(areas), lead_area_ids=set(leads), celcis=celcis, today=TODAY)


def test_members_and_leads_are_told_of_checks_overdue_and_it_goes_once_checked(member, lead, dundee, innovation):
    old = _practitioner(innovation, member, "DD-P01")
    record_check(innovation, member, old, TODAY - timedelta(days=200))
    for person in (member, lead):
        (item,) = todos.items(_scope(person, [dundee], leads=[dundee.pk] if person == lead else []))
        assert item.key == "innovations.fidelity_checks_due"
        assert item.urgency == Urgency.OVERDUE and item.area == dundee.name
        assert item.due < TODAY and "1 practitioner overdue" in item.detail
        assert item.url == f"/areas/dundee/innovations/{innovation.pk}/fidelity/due/"
    assert any(i.key == "innovations.fidelity_checks_due" for i in collect(_scope(member, [dundee])))
    record_check(innovation, member, old, TODAY)
    assert todos.items(_scope(member, [dundee])) == []


def test_a_check_falling_due_within_30_days_is_due_soon_and_a_later_one_is_not_listed(member, dundee, innovation):
    soon = _practitioner(innovation, member, "DD-P01")
    record_check(innovation, member, soon, TODAY - timedelta(days=170))
    later = _practitioner(innovation, member, "DD-P02")
    record_check(innovation, member, later, TODAY - timedelta(days=20))
    _practitioner(innovation, member, "DD-P03")  # never checked: no due date, so not a to-do
    (item,) = todos.items(_scope(member, [dundee]))
    assert item.urgency == Urgency.DUE_SOON and item.due > TODAY and "1 practitioner due soon" in item.detail


def test_a_practitioner_who_left_or_a_discontinued_innovation_needs_no_check(member, dundee, innovation):
    gone = _practitioner(innovation, member, "DD-P01")
    record_check(innovation, member, gone, TODAY - timedelta(days=200))
    services.practitioner_save(innovation=innovation, actor=member, code="DD-P01", practitioner=gone, left_on=TODAY)
    assert todos.items(_scope(member, [dundee])) == []
    other = make_innovation(dundee, member, name="Dropped", functions=1)
    make_instrument(other, member)
    record_check(other, member, _practitioner(other, member, "DD-P09"), TODAY - timedelta(days=200))
    assert len(todos.items(_scope(member, [dundee]))) == 1
    services.innovation_status_change(
        innovation=other, actor=member, status="discontinued", changed_on=TODAY, reason="Did not fit"
    )
    assert todos.items(_scope(member, [dundee])) == []


def test_an_area_viewer_is_offered_nothing_to_do(area_viewer, member, dundee, innovation):
    record_check(innovation, member, _practitioner(innovation, member, "DD-P01"), TODAY - timedelta(days=200))
    assert todos.items(_scope(area_viewer, [dundee])) == []


def test_celcis_sees_innovations_with_checks_overdue_across_the_areas_in_scope(
    celcis, member, other_member, dundee, inverclyde, innovation
):
    record_check(innovation, member, _practitioner(innovation, member, "DD-P01"), TODAY - timedelta(days=200))
    record_check(innovation, member, _practitioner(innovation, member, "DD-P02"), TODAY - timedelta(days=170))
    theirs = make_innovation(inverclyde, other_member, name="Team around the family", functions=1)
    make_instrument(theirs, other_member)
    soon = _practitioner(theirs, other_member, "IC-P01")
    record_check(theirs, other_member, soon, TODAY - timedelta(days=170))  # only due soon: not for CELCIS
    items = todos.items(_scope(celcis, [dundee, inverclyde], celcis=True))
    assert [(i.key, i.area, i.urgency) for i in items] == [
        ("innovations.checks_overdue_in_area", dundee.name, Urgency.OVERDUE)
    ]
    assert "Early help conversations" in items[0].title and "1 practitioner" in items[0].detail
    assert todos.items(_scope(celcis, [inverclyde], celcis=True)) == []  # Dundee is out of scope
    # A member of Inverclyde is told of the check due soon there, and nothing of Dundee.
    assert [i.key for i in todos.items(_scope(other_member, [inverclyde]))] == ["innovations.fidelity_checks_due"]


def test_the_items_take_the_same_queries_however_many_records(member, lead, dundee, inverclyde, other_member):
    def add(n):
        for area, actor in ((dundee, member), (inverclyde, other_member)):
            innovation = make_innovation(area, actor, name=f"Innovation {n}", functions=1)
            make_instrument(innovation, actor)
            for k in range(2):
                record_check(
                    innovation, actor, _practitioner(innovation, actor, f"P-{n}{k}"), TODAY - timedelta(days=200)
                )

    def count(scope):
        with CaptureQueriesContext(connection) as captured:
            found = todos.items(scope)
        return len(captured.captured_queries), len(found)

    add(1)
    member_scope, celcis_scope = _scope(lead, [dundee]), _scope(lead, [dundee, inverclyde], celcis=True)
    small = count(member_scope), count(celcis_scope)
    for n in range(2, 5):
        add(n)
    large = count(member_scope), count(celcis_scope)
    assert [q for q, _ in small] == [q for q, _ in large] and small[0][0] <= 2 and small[1][0] <= 1
    assert [found for _, found in large] == [4, 8]
