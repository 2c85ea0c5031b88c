"""The teams lists read only the page they show: the action list cuts its page on the actions alone,
meetings are counted per row shown, a team's member tables are kept until the area changes."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from core.forms import QuickSelect
from teams import selectors
from tests.teams.factories import (
    ActionFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    TeamFactory,
    TeamMemberFactory,
)

TODAY = timezone.localdate()


def _actions(area, count):
    team = TeamFactory(area=area)
    owners = [TeamMemberFactory(team=team, name=f"Owner {n}") for n in range(3)]
    meeting = MeetingFactory(team=team, held_on=TODAY - timedelta(days=3))
    for n in range(count):
        ActionFactory(
            area=area,
            team=team,
            owner=owners[n % 3],
            meeting=meeting if n % 2 else None,
            due_date=TODAY + timedelta(days=n - count // 2) if n % 5 else None,
            status=("open", "in_progress", "done")[n % 3],
            completed_on=TODAY if n % 3 == 2 else None,
        )
    return team, owners


def test_the_action_list_pages_in_the_list_order_with_each_rows_team_owner_and_meeting(client_for, lead, dundee):
    _team, owners = _actions(dundee, 60)
    expected = list(selectors.actions_for_area(dundee))
    client = client_for(lead)
    url = reverse("teams:actions", args=[dundee.slug])
    shown = []
    for number in (1, 2, 3):
        response = client.get(url, {"page": number})
        shown += response.context["actions"]
    assert [a.pk for a in shown] == [a.pk for a in expected]
    first = client.get(url).content.decode()
    assert expected[0].title in first and expected[0].owner.name in first
    # Every row's team, owner and meeting come with the page: no query per row.
    assert all("team" in a._state.fields_cache and "owner" in a._state.fields_cache for a in shown)


def test_the_action_list_keeps_its_filters_in_its_page_links(client_for, lead, dundee):
    _team, owners = _actions(dundee, 80)
    client = client_for(lead)
    url = reverse("teams:actions", args=[dundee.slug])
    response = client.get(url, {"owner": owners[0].pk})
    assert response.context["paginator"].count == 27
    assert all(a.owner_id == owners[0].pk for a in response.context["actions"])
    page = response.content.decode()
    assert f"owner={owners[0].pk}&amp;page=2" in page
    assert f'<option value="{owners[0].pk}" selected>' in page  # the quick drop-down marks the choice


def test_the_quick_drop_down_writes_what_djangos_own_writes():
    from django import forms

    choices = [("", "Anyone"), (1, "Ann <NHS>"), (2, "Bob & co")]
    for value in ("", 2):
        plain = forms.Select(attrs={"class": "form-select", "id": "id_owner"}, choices=choices)
        quick = QuickSelect(attrs={"class": "form-select", "id": "id_owner"}, choices=choices)
        squash = lambda html: "".join(line.strip() for line in str(html).splitlines())  # noqa: E731
        assert squash(quick.render("owner", value)) == squash(plain.render("owner", value))


def test_meetings_are_counted_per_row(client_for, lead, dundee):
    team = TeamFactory(area=dundee)
    held = MeetingFactory(team=team, held_on=TODAY - timedelta(days=2))
    empty = MeetingFactory(team=team, held_on=TODAY - timedelta(days=5))
    for _ in range(3):
        MeetingAttendanceFactory(meeting=held, member=TeamMemberFactory(team=team))
    ActionFactory(area=dundee, team=team, meeting=held)
    ActionFactory(area=dundee, team=team, meeting=held)
    response = client_for(lead).get(reverse("teams:meetings", args=[dundee.slug]))
    rows = {m.pk: (m.attendee_count, m.action_count) for m in response.context["meetings"]}
    assert rows == {held.pk: (3, 2), empty.pk: (0, 0)}


def test_a_teams_member_tables_show_a_change_at_once(client_for, lead, dundee):
    team = TeamFactory(area=dundee)
    member = TeamMemberFactory(team=team, name="Alex Former")
    client = client_for(lead)
    url = reverse("teams:detail", args=[dundee.slug, team.pk])
    page = client.get(url).content.decode()
    assert "Alex Former" in page and "Past members" not in page
    assert reverse("teams:member_update", args=[dundee.slug, team.pk, member.pk]) in page
    member.left_on = TODAY - timedelta(days=1)
    member.save()
    page = client.get(url).content.decode()
    assert "Past members (1)" in page
    TeamMemberFactory(team=team, name="Sam Newcomer")
    assert "Sam Newcomer" in client.get(url).content.decode()


def test_the_teams_list_is_kept_until_the_areas_records_change(client_for, lead, area_viewer, dundee):
    team = TeamFactory(area=dundee, name="Family support hub")
    TeamMemberFactory(team=team, name="Alex Former", hours_per_week=Decimal("18.5"))
    client = client_for(lead)
    url = reverse("teams:list", args=[dundee.slug])
    page = client.get(url).content.decode()
    assert "Family support hub" in page and "0.50 full-time equivalents" in page
    assert f'href="{reverse("teams:detail", args=[dundee.slug, team.pk])}"' in page
    TeamMemberFactory(team=team, name="Sam Newcomer", hours_per_week=Decimal("18.5"))
    page = client.get(url).content.decode()
    assert "1.00 full-time equivalents" in page and ">2</td>" in page
    team.stood_down_on = TODAY
    team.save()
    assert "Family support hub" not in client.get(url).content.decode()
    assert "Family support hub" in client.get(url, {"show": "stood_down"}).content.decode()
    # Drawn apart for those who may not edit the area (its empty state offers no "Record a team").
    assert "Record a team" not in client_for(area_viewer).get(url).content.decode()


def test_the_resourcing_page_is_kept_until_the_areas_records_change(client_for, lead, dundee):
    team = TeamFactory(area=dundee, name="Family support hub")
    TeamMemberFactory(team=team, hours_per_week=Decimal("18.5"))
    client = client_for(lead)
    url = reverse("teams:resourcing", args=[dundee.slug])
    assert client.get(url).context["resourcing"].local.fte == Decimal("0.50")
    TeamMemberFactory(team=team, hours_per_week=Decimal("18.5"))
    response = client.get(url)
    assert response.context["resourcing"].local.fte == Decimal("1.00") and "1.00 FTE" in response.content.decode()
