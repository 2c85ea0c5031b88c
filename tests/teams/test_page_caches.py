"""What the teams pages keep between requests (the filters' choices, a list's page, a team's page
below its heading, an action's subject and history) shows a change to the records at once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from teams import services
from tests.stages.factories import EngagementFactory
from tests.teams.factories import (
    ActionFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    TeamFactory,
    TeamMemberFactory,
)

TODAY = timezone.localdate()


def test_the_action_filters_offer_a_new_member_and_a_renamed_team_at_once(client_for, lead, dundee):
    team = TeamFactory(area=dundee, name="Core team")
    TeamMemberFactory(team=team, name="Ann Early")
    client = client_for(lead)
    url = reverse("teams:actions", args=[dundee.slug])
    page = client.get(url).content.decode()
    assert "Ann Early – Core team" in page and "Bo Later" not in page
    newcomer = TeamMemberFactory(team=team, name="Bo Later")
    team.name = "Renamed team"
    team.save()
    page = client.get(url).content.decode()
    assert f'<option value="{newcomer.pk}">Bo Later – Renamed team</option>' in page
    assert "Ann Early – Renamed team" in page and "Core team" not in page
    # The kept choices are still checked against the area's own members.
    response = client.get(url, {"owner": newcomer.pk})
    assert f'<option value="{newcomer.pk}" selected>' in response.content.decode()
    assert response.context["filter_form"].is_valid()


def test_the_meeting_filter_offers_a_new_team_at_once(client_for, lead, dundee, inverclyde):
    TeamFactory(area=dundee, name="First team")
    TeamFactory(area=inverclyde, name="Their team")
    client = client_for(lead)
    url = reverse("teams:meetings", args=[dundee.slug])
    assert "Second team" not in client.get(url).content.decode()
    TeamFactory(area=dundee, name="Second team")
    page = client.get(url).content.decode()
    assert "Second team (implementation team)" in page and "Their team" not in page


def test_the_action_list_shows_a_change_at_once(client_for, lead, dundee):
    team = TeamFactory(area=dundee)
    action = services.action_create(area=dundee, actor=lead, title="Book the room", team=team)
    client = client_for(lead)
    url = reverse("teams:actions", args=[dundee.slug])
    response = client.get(url)
    assert "Book the room" in response.content.decode() and response.context["overdue_count"] == 0
    services.action_update(
        action=action, actor=lead, data={"title": "Book the hall", "due_date": TODAY - timedelta(days=2)}
    )
    response = client.get(url)
    page = response.content.decode()
    assert "Book the hall" in page and "Book the room" not in page
    assert response.context["overdue_count"] == 1 and "1 action is overdue" in page
    assert reverse("teams:action_detail", args=[dundee.slug, action.pk]) in page
    ActionFactory(area=dundee, team=team, title="Another one")
    response = client.get(url)
    assert response.context["paginator"].count == 2 and "Another one" in response.content.decode()
    # Each filter is its own page: the filtered list is not the whole list kept before.
    assert [a.title for a in client.get(url, {"status": "overdue"}).context["actions"]] == ["Book the hall"]


def test_the_meeting_list_shows_a_change_at_once(client_for, lead, dundee):
    team = TeamFactory(area=dundee, name="Core team")
    meeting = MeetingFactory(team=team, held_on=TODAY - timedelta(days=3))
    client = client_for(lead)
    url = reverse("teams:meetings", args=[dundee.slug])
    assert [m.attendee_count for m in client.get(url).context["meetings"]] == [0]
    MeetingAttendanceFactory(meeting=meeting)
    later = MeetingFactory(team=team, held_on=TODAY - timedelta(days=1))
    response = client.get(url)
    assert [(m.pk, m.attendee_count) for m in response.context["meetings"]] == [(later.pk, 0), (meeting.pk, 1)]
    page = response.content.decode()
    assert reverse("teams:meeting_detail", args=[dundee.slug, later.pk]) in page
    assert reverse("teams:detail", args=[dundee.slug, team.pk]) in page


def test_a_teams_page_shows_its_meetings_actions_teams_and_health_at_once(client_for, lead, dundee):
    team = TeamFactory(area=dundee, name="Core team")
    client = client_for(lead)
    url = reverse("teams:detail", args=[dundee.slug, team.pk])
    page = client.get(url).content.decode()
    assert "Fewer than 3 active members" in page and "No team reports to Core team" in page
    for _ in range(3):
        TeamMemberFactory(team=team)
    meeting = MeetingFactory(team=team, held_on=TODAY - timedelta(days=4))
    action = ActionFactory(area=dundee, team=team, meeting=meeting, title="Write the plan")
    TeamFactory(area=dundee, parent=team, name="Locality team", level="practice")
    page = client.get(url).content.decode()
    assert "Fewer than 3 active members" not in page and "Locality team" in page
    assert reverse("teams:meeting_detail", args=[dundee.slug, meeting.pk]) in page
    assert "Write the plan" in page and reverse("teams:action_detail", args=[dundee.slug, action.pk]) in page
    action.status = "done"
    action.completed_on = TODAY
    action.save()
    assert "Core team has no open actions" in client.get(url).content.decode()


def test_a_teams_page_shows_edit_links_only_to_those_who_may_edit(client_for, lead, viewer, dundee):
    team = TeamFactory(area=dundee)
    member = TeamMemberFactory(team=team)
    url = reverse("teams:detail", args=[dundee.slug, team.pk])
    edit = reverse("teams:member_update", args=[dundee.slug, team.pk, member.pk])
    assert edit in client_for(lead).get(url).content.decode()
    assert edit not in client_for(viewer).get(url).content.decode()


def test_an_actions_page_shows_a_new_change_and_its_subject_at_once(client_for, lead, dundee):
    engagement = EngagementFactory(area=dundee, participants=12)
    action = services.action_create(area=dundee, actor=lead, title="Follow up", subject=engagement)
    client = client_for(lead)
    url = reverse("teams:action_detail", args=[dundee.slug, action.pk])
    page = client.get(url).content.decode()
    assert str(engagement) in page and "Created" in page and "Changed" not in page
    services.action_update(action=action, actor=lead, data={"status": "in_progress"})
    engagement.kind = "briefing"
    engagement.save()
    page = client.get(url).content.decode()
    assert "Changed" in page and "In progress" in page
    assert str(engagement).startswith("Briefing with") and str(engagement) in page and "Workshop with" not in page
