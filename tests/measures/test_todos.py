"""Measures to-do items (issue 14): a programme-wide measure's latest finished period with no value."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from areas.models import LocalArea, Role
from core.todos import TodoScope, Urgency, collect
from measures.todos import due_period, items, period_name
from tests.factories import MembershipFactory
from tests.measures.factories import MeasureFactory, MeasureValueFactory, SharedMeasureFactory

TODAY = date(2026, 4, 14)  # March 2026 is the latest finished month


def _scope(user, *areas, celcis=False):
    return TodoScope(user=user, areas=list(areas), celcis=celcis, today=TODAY)


def _adopted(area, **fields):
    shared = SharedMeasureFactory(**fields)
    return MeasureFactory(area=area, shared=shared, **{**fields, "name": shared.name})


def test_the_due_period_is_the_latest_that_has_ended():
    assert due_period("monthly", TODAY) == date(2026, 3, 1)
    assert due_period("quarterly", TODAY) == date(2026, 1, 1)  # 2025-26 Q4
    assert due_period("weekly", TODAY) == date(2026, 4, 6)  # TODAY is a Tuesday: last week's Monday
    assert period_name("monthly", date(2026, 3, 1)) == "Mar 2026"  # the one month style (issue 15)
    assert period_name("quarterly", date(2026, 1, 1)) == "2025-26 Q4"


def test_a_member_is_asked_for_the_missing_value_until_it_is_entered(member, dundee):
    measure = _adopted(dundee, name="Families offered early help")
    [todo] = items(_scope(member, dundee))
    assert todo.key == "measures.value_due"
    assert todo.title == "Enter Mar 2026's value for “Families offered early help”"
    assert todo.url == reverse("measures:data", args=[dundee.slug, measure.pk]) + "?year=2025"
    assert todo.urgency == Urgency.DUE_SOON and todo.since == date(2026, 4, 1) and todo.area == "Dundee City"

    MeasureValueFactory(measure=measure, period_start=date(2026, 3, 1), value=12)
    assert items(_scope(member, dundee)) == []


def test_one_item_per_measure_and_only_adopted_measures(lead, dundee):
    _adopted(dundee, name="First programme measure")
    _adopted(dundee, name="Second programme measure", frequency="quarterly")
    MeasureFactory(area=dundee, name="Our own measure")  # not programme-wide: not asked for here
    titles = [todo.title for todo in items(_scope(lead, dundee))]
    assert titles == [
        "Enter Mar 2026's value for “First programme measure”",
        "Enter 2025-26 Q4's value for “Second programme measure”",
    ]


def test_nobody_else_is_asked(celcis, other_member, dundee, inverclyde):
    _adopted(dundee, name="Families offered early help")
    assert items(_scope(other_member, inverclyde)) == []  # another area's measure is not theirs
    assert items(_scope(celcis, dundee, celcis=True)) == []  # the areas enter their own data


def test_the_items_are_collected_through_the_registry(member, dundee):
    _adopted(dundee, name="Families offered early help")
    assert "measures.value_due" in [todo.key for todo in collect(_scope(member, dundee))]


def test_the_query_count_stays_flat_as_areas_and_measures_grow(member, dundee):
    areas = list(LocalArea.objects.exclude(pk=dundee.pk).order_by("pk")[:6])
    for area in areas:
        MembershipFactory(user=member, role=Role.AREA_MEMBER, area=area)

    def count():
        with CaptureQueriesContext(connection) as captured:
            found = items(_scope(member, dundee, *areas))
        return len(captured.captured_queries), len(found)

    _adopted(dundee, name="Measure 0")
    small, found = count()
    assert found == 1
    for number, area in enumerate(areas, start=1):
        _adopted(area, name=f"Measure {number}")
        entered = _adopted(area, name=f"Measure {number} entered")
        MeasureValueFactory(measure=entered, period_start=date(2026, 3, 1), value=3)
    large, found = count()
    assert found == 1 + len(areas)
    assert small == large == 2
