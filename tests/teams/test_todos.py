"""To-do items from the action lists (core.todos): my actions and my areas' overdue actions, a count
per area for CELCIS; each disappears when done; a fixed number of queries however many actions."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.todos import TodoScope, Urgency, collect
from teams import services, todos
from tests.teams.factories import ActionFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _scope(user, *areas, celcis=False):
    return TodoScope(user=user, areas=list(areas), celcis=celcis, today=TODAY)


def test_my_actions_and_my_areas_overdue_actions(member, lead, other_member, dundee, inverclyde):
    team = TeamFactory(area=dundee)
    me = TeamMemberFactory(team=team, user=member, name="Me")
    colleague = TeamMemberFactory(team=team, name="Sam")
    mine_late = ActionFactory(area=dundee, owner=me, title="Mine, late", due_date=TODAY - timedelta(days=3))
    ActionFactory(area=dundee, owner=me, title="Mine, soon", due_date=TODAY + timedelta(days=5))
    ActionFactory(area=dundee, owner=me, title="Mine, later", due_date=TODAY + timedelta(days=40))
    theirs_late = ActionFactory(area=dundee, owner=colleague, title="Sam's, late", due_date=TODAY - timedelta(days=1))
    ActionFactory(area=dundee, owner=colleague, title="Sam's, not due", due_date=TODAY + timedelta(days=2))
    ActionFactory(area=dundee, owner=me, title="Mine, done", status="done", completed_on=TODAY)
    ActionFactory(area=inverclyde, title="Inverclyde's, late", due_date=TODAY - timedelta(days=9))
    found = {item.title: item for item in todos.items(_scope(member, dundee))}
    assert {title: (item.key, item.urgency) for title, item in found.items()} == {
        "Your action: “Mine, late”": ("teams.action_mine", Urgency.OVERDUE),
        "Your action: “Mine, soon”": ("teams.action_mine", Urgency.DUE_SOON),
        "Your action: “Mine, later”": ("teams.action_mine", Urgency.UPCOMING),
        "Overdue action: “Sam's, late”": ("teams.action_overdue", Urgency.OVERDUE),
    }
    assert found["Your action: “Mine, late”"].url == reverse("teams:action_update", args=[dundee.slug, mine_late.pk])
    assert found["Overdue action: “Sam's, late”"].url == reverse(
        "teams:action_detail", args=[dundee.slug, theirs_late.pk]
    )
    assert found["Overdue action: “Sam's, late”"].detail == "Owned by Sam."
    # The lead sees the area's overdue actions, none as theirs.
    assert sorted(item.key for item in todos.items(_scope(lead, dundee))) == ["teams.action_overdue"] * 2
    # Someone in another area sees only theirs.
    assert [item.title for item in todos.items(_scope(other_member, inverclyde))] == [
        "Overdue action: “Inverclyde's, late”"
    ]
    # Done: the item goes.
    services.action_update(action=mine_late, actor=member, data={"status": "done"})
    assert "Your action: “Mine, late”" not in {item.title for item in todos.items(_scope(member, dundee))}


def test_celcis_gets_one_count_per_area_and_their_own_actions(celcis, dundee, inverclyde):
    specialist = TeamMemberFactory(team=TeamFactory(area=dundee), user=celcis, organisation="celcis")
    ActionFactory(area=dundee, owner=specialist, title="Facilitate the drivers assessment")
    for _ in range(3):
        ActionFactory(area=dundee, due_date=TODAY - timedelta(days=4))
    ActionFactory(area=inverclyde, due_date=TODAY - timedelta(days=30))
    found = todos.items(_scope(celcis, dundee, inverclyde, celcis=True))
    assert [(item.key, item.title) for item in found] == [
        ("teams.action_mine", "Your action: “Facilitate the drivers assessment”"),
        ("teams.actions_overdue_count", f"3 overdue actions in {dundee.name}"),
        ("teams.actions_overdue_count", f"1 overdue action in {inverclyde.name}"),
    ]
    assert found[1].url == reverse("teams:actions", args=[dundee.slug]) + "?status=overdue"
    assert found[2].due == TODAY - timedelta(days=30)
    assert any(item.key == "teams.actions_overdue_count" for item in collect(_scope(celcis, dundee, celcis=True)))


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        todos.items(scope)
    return len(captured.captured_queries)


def test_the_query_count_stays_flat_as_actions_grow(member, celcis, dundee, inverclyde):
    me = TeamMemberFactory(team=TeamFactory(area=dundee), user=member)

    def add():
        ActionFactory(area=dundee, owner=me)
        ActionFactory(area=dundee, owner=TeamMemberFactory(team=me.team), due_date=TODAY - timedelta(days=2))
        ActionFactory(area=inverclyde, due_date=TODAY - timedelta(days=2))

    add()
    small = (_queries(_scope(member, dundee, inverclyde)), _queries(_scope(celcis, dundee, inverclyde, celcis=True)))
    for _ in range(4):
        add()
    large = (_queries(_scope(member, dundee, inverclyde)), _queries(_scope(celcis, dundee, inverclyde, celcis=True)))
    assert small == large == (1, 2)
    assert len(todos.items(_scope(member, dundee, inverclyde))) == 15
