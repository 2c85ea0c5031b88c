"""To-do items from cycles and the feedback loop (core.todos): each appears for the right person,
disappears when done, and costs a fixed number of queries however many records lie behind it."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.todos import TodoScope, Urgency, collect
from cycles import services, todos
from tests.cycles.factories import CycleFactory, FeedbackItemFactory, filled

TODAY = timezone.localdate()


def _ago(days: int):
    return TODAY - timedelta(days=days)


def _scope(user, *areas, celcis=False):
    return TodoScope(user=user, areas=list(areas), celcis=celcis, today=TODAY)


def _keys(found):
    return sorted(item.key for item in found)


def test_a_stalled_cycle_is_a_to_do_until_it_moves_on(member, other_member, dundee, inverclyde):
    cycle = CycleFactory(area=dundee, title="Huddles in every locality", **filled("study"), phase_changed_on=_ago(61))
    CycleFactory(area=dundee, **filled("study"), phase_changed_on=_ago(59))
    [item] = todos.items(_scope(member, dundee))
    assert item.key == "cycles.stalled" and "Huddles in every locality" in item.title
    assert item.url == reverse("cycles:detail", args=[dundee.slug, cycle.pk])
    assert item.urgency == Urgency.OVERDUE and item.since == _ago(61) and item.area == dundee.name
    assert todos.items(_scope(other_member, inverclyde)) == []  # another area's cycle is not theirs
    services.cycle_step_back(cycle=cycle, actor=member, reason="Back to Do while the figures come in")
    assert todos.items(_scope(member, dundee)) == []


def test_feedback_awaiting_a_response_and_changes_to_share_back(member, dundee):
    raised = FeedbackItemFactory(area=dundee, title="Two forms", raised_on=_ago(61))
    routed = FeedbackItemFactory(
        area=dundee, title="Rota", raised_on=_ago(10), status="routed", routed_to="leadership", routed_on=_ago(9)
    )
    changed = FeedbackItemFactory(
        area=dundee, title="Template", raised_on=_ago(30), status="changed", response="Added", resolved_on=_ago(3)
    )
    FeedbackItemFactory(area=dundee, status="resolved", response="Done", resolved_on=_ago(2))
    FeedbackItemFactory(
        area=dundee, status="responded", routed_to="cpc", routed_on=_ago(9), response="Yes", responded_on=_ago(1)
    )
    found = {item.title: item for item in todos.items(_scope(member, dundee))}
    assert set(found) == {
        "Route the barrier “Two forms”",
        "Chase a response to “Rota”",
        "Share the answer to “Template” back with practice",
    }
    assert found["Route the barrier “Two forms”"].urgency == Urgency.OVERDUE  # open more than 60 days
    assert found["Chase a response to “Rota”"].urgency == Urgency.DUE_SOON
    assert found["Chase a response to “Rota”"].due == _ago(10) + timedelta(days=60)
    assert found["Share the answer to “Template” back with practice"].url == reverse(
        "cycles:feedback_update", args=[dundee.slug, changed.pk]
    )
    # Done: a response comes back, the answer is shared back.
    raised.status, raised.routed_to, raised.routed_on = "responded", "cpc", _ago(50)
    raised.response, raised.responded_on = "Agreed", _ago(1)
    raised.save()
    routed.status, routed.response, routed.resolved_on = "closed", "No change", _ago(1)
    routed.save()
    changed.status, changed.shared_with_practice_on = "resolved", _ago(1)
    changed.save()
    assert todos.items(_scope(member, dundee)) == []


def test_celcis_sees_one_count_per_area_not_one_item_per_record(celcis, dundee, inverclyde):
    for _ in range(3):
        CycleFactory(area=dundee, phase_changed_on=_ago(70))
        FeedbackItemFactory(area=dundee, raised_on=_ago(90))
    CycleFactory(area=inverclyde, **filled("do"), phase_changed_on=_ago(100))
    FeedbackItemFactory(area=inverclyde, raised_on=_ago(20))  # not yet overdue
    found = todos.items(_scope(celcis, dundee, inverclyde, celcis=True))
    assert [(item.key, item.area) for item in found] == [
        ("cycles.stalled_count", dundee.name),
        ("cycles.stalled_count", inverclyde.name),
        ("cycles.feedback_overdue_count", dundee.name),
    ]
    assert found[0].title == f"3 stalled improvement cycles in {dundee.name}"
    assert found[0].url == reverse("cycles:list", args=[dundee.slug]) + "?phase=stalled"
    assert found[1].title == f"1 stalled improvement cycle in {inverclyde.name}"
    assert found[2].url == reverse("cycles:feedback_list", args=[dundee.slug]) + "?status=overdue"
    assert found[2].since == _ago(90)
    # The registered source is what the home page collects.
    assert _keys(i for i in collect(_scope(celcis, dundee, celcis=True)) if i.key.startswith("cycles.")) == [
        "cycles.feedback_overdue_count",
        "cycles.stalled_count",
    ]


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        todos.items(scope)
    return len(captured.captured_queries)


def test_the_query_count_stays_flat_as_records_grow(member, celcis, dundee, inverclyde):
    def add():
        for area in (dundee, inverclyde):
            CycleFactory(area=area, phase_changed_on=_ago(70))
            FeedbackItemFactory(area=area, raised_on=_ago(80))
            FeedbackItemFactory(area=area, status="changed", response="x", resolved_on=_ago(2))

    add()
    small = (_queries(_scope(member, dundee, inverclyde)), _queries(_scope(celcis, dundee, inverclyde, celcis=True)))
    for _ in range(4):
        add()
    large = (_queries(_scope(member, dundee, inverclyde)), _queries(_scope(celcis, dundee, inverclyde, celcis=True)))
    assert small == large == (2, 2)
    assert len(todos.items(_scope(member, dundee, inverclyde))) == 30
