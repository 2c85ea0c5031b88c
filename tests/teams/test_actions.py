"""The area's one action list: overdue first, filters, closing with a date, links to any record."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from teams import selectors, services
from teams.models import Action
from tests.stages.factories import EngagementFactory
from tests.teams.factories import ActionFactory, MeetingFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _action_data(**changes):
    data = {
        "title": "Book the briefing venue",
        "description": "",
        "team": "",
        "meeting": "",
        "owner": "",
        "due_date": (TODAY + timedelta(days=10)).isoformat(),
        "status": "open",
        "completed_on": "",
    }
    data.update(changes)
    return data


def test_overdue_actions_come_first_then_open_work_by_due_date(client_for, viewer, dundee):
    later = ActionFactory(area=dundee, title="Due later", due_date=TODAY + timedelta(days=20))
    undated = ActionFactory(area=dundee, title="No date", due_date=None)
    done_late = ActionFactory(
        area=dundee, title="Done late", due_date=TODAY - timedelta(days=30), status="done", completed_on=TODAY
    )
    soon = ActionFactory(area=dundee, title="Due soon", due_date=TODAY + timedelta(days=2), status="in_progress")
    overdue_a_little = ActionFactory(area=dundee, title="Overdue a little", due_date=TODAY - timedelta(days=1))
    overdue_a_lot = ActionFactory(
        area=dundee, title="Overdue a lot", due_date=TODAY - timedelta(days=40), status="in_progress"
    )
    due_today = ActionFactory(area=dundee, title="Due today", due_date=TODAY)
    expected = [overdue_a_lot, overdue_a_little, due_today, soon, later, undated, done_late]
    assert list(selectors.actions_for_area(dundee)) == expected
    response = client_for(viewer).get(reverse("teams:actions", args=[dundee.slug]))
    assert list(response.context["actions"]) == expected
    page = response.content.decode()
    assert "2 actions are overdue" in page and page.count(">Overdue</span>") == 2


def test_actions_list_filters_by_status_team_and_owner(client_for, member, dundee, inverclyde):
    team = TeamFactory(area=dundee)
    owner = TeamMemberFactory(team=team)
    mine = ActionFactory(area=dundee, team=team, owner=owner, due_date=TODAY - timedelta(days=2))
    ActionFactory(area=dundee, title="Someone else's")
    closed = ActionFactory(area=dundee, team=team, status="cancelled", completed_on=TODAY)
    ActionFactory(area=inverclyde, title="Theirs")
    client = client_for(member)
    url = reverse("teams:actions", args=[dundee.slug])
    assert list(client.get(url, {"owner": owner.pk}).context["actions"]) == [mine]
    assert list(client.get(url, {"team": team.pk}).context["actions"]) == [mine, closed]
    assert list(client.get(url, {"status": "overdue"}).context["actions"]) == [mine]
    assert list(client.get(url, {"status": "cancelled"}).context["actions"]) == [closed]
    assert len(client.get(url).context["actions"]) == 3


def test_actions_are_shown_twenty_five_a_page(client_for, member, dundee):
    ActionFactory.create_batch(26, area=dundee)
    response = client_for(member).get(reverse("teams:actions", args=[dundee.slug]))
    assert len(response.context["actions"]) == 25 and "Page 1 of 2" in response.content.decode()


def test_member_adds_an_action_from_a_meeting(client_for, member, dundee):
    meeting = MeetingFactory(team=TeamFactory(area=dundee), held_on=TODAY - timedelta(days=3))
    owner = TeamMemberFactory(team=meeting.team)
    client = client_for(member)
    form = client.get(reverse("teams:action_create", args=[dundee.slug]), {"meeting": meeting.pk}).context["form"]
    assert form["meeting"].value() == meeting.pk and form["team"].value() == meeting.team_id
    response = client.post(
        reverse("teams:action_create", args=[dundee.slug]), _action_data(meeting=meeting.pk, owner=owner.pk)
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert (action.team, action.meeting, action.owner, action.created_by) == (meeting.team, meeting, owner, member)
    page = client.get(reverse("teams:meeting_detail", args=[dundee.slug, meeting.pk])).content.decode()
    assert "Book the briefing venue" in page


def test_closing_an_action_records_when_and_reopening_clears_it(client_for, member, dundee):
    action = ActionFactory(area=dundee)
    url = reverse("teams:action_update", args=[dundee.slug, action.pk])
    client = client_for(member)
    assert client.post(url, _action_data(title=action.title, status="done", version=1)).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == TODAY
    assert client.post(url, _action_data(title=action.title, status="open", version=2)).status_code == 302
    action.refresh_from_db()
    assert action.status == "open" and action.completed_on is None
    assert client.post(url, _action_data(title=action.title, status="cancelled", version=3)).status_code == 302
    action.refresh_from_db()
    assert action.status == "cancelled" and Action.objects.filter(pk=action.pk).exists()
    page = client.get(reverse("teams:action_detail", args=[dundee.slug, action.pk])).content.decode()
    assert "Cancelled" in page and member.get_full_name() in page and "Status" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"owner": "other-area"}, "owner", "Choose someone still on one of Dundee City's teams"),
        ({"owner": "left"}, "owner", "Choose someone still on one of Dundee City's teams"),
        ({"team": "other-area"}, "team", "Choose one of Dundee City's teams"),
        ({"meeting": "scheduled"}, "meeting", "Choose one of Dundee City's meetings that has happened"),
        ({"meeting": "held", "team": "other-team"}, "meeting", "That was a meeting of"),
        ({"meeting": "held", "due_date": (TODAY - timedelta(days=20)).isoformat()}, "due_date", "cannot be due before"),
        ({"status": "open", "completed_on": TODAY.isoformat()}, "completed_on", "Only a done or cancelled action"),
        ({"status": "done", "completed_on": (TODAY + timedelta(days=1)).isoformat()}, "completed_on", "in the future"),
        ({"title": ""}, "title", "This field is required"),
        ({"due_date": "not a date"}, "due_date", "Enter a valid date"),
    ],
)
def test_bad_action_input_is_refused_at_the_field_and_nothing_is_lost(
    client_for, member, dundee, inverclyde, changes, field, message
):
    team = TeamFactory(area=dundee)
    records = {
        "other-area": {
            "owner": lambda: TeamMemberFactory(team=TeamFactory(area=inverclyde)).pk,
            "team": lambda: TeamFactory(area=inverclyde).pk,
        },
        "left": lambda: TeamMemberFactory(team=team, left_on=TODAY - timedelta(days=1)).pk,
        "scheduled": lambda: MeetingFactory(team=team, held_on=TODAY + timedelta(days=3), notes="", decisions="").pk,
        "held": lambda: MeetingFactory(team=team, held_on=TODAY - timedelta(days=5)).pk,
        "other-team": lambda: TeamFactory(area=dundee).pk,
    }
    data = {}
    for name, value in changes.items():
        maker = records.get(value)
        if isinstance(maker, dict):
            maker = maker[name]
        data[name] = maker() if maker else value
    response = client_for(member).post(
        reverse("teams:action_create", args=[dundee.slug]), _action_data(description="Typed description", **data)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["description"].value() == "Typed description"
    assert not Action.objects.exists()


def test_other_apps_link_actions_to_any_record_in_the_area(member, dundee, inverclyde):
    engagement = EngagementFactory(area=dundee)
    owner = TeamMemberFactory(team=TeamFactory(area=dundee))
    action = services.action_create(
        area=dundee,
        actor=member,
        title="Follow up the practitioners' workshop",
        owner=owner,
        due_date=TODAY + timedelta(days=7),
        subject=engagement,
    )
    assert action.subject == engagement
    assert action.subject_content_type == ContentType.objects.get_for_model(engagement)
    assert action.team is None and action.meeting is None
    assert list(selectors.actions_about(engagement)) == [action]
    unrelated = EngagementFactory(area=dundee)
    assert list(selectors.actions_about(unrelated)) == []


def test_an_action_about_a_record_shows_what_it_is_about(client_for, member, dundee):
    engagement = EngagementFactory(area=dundee)
    action = services.action_create(area=dundee, actor=member, title="Follow up", subject=engagement)
    page = client_for(member).get(reverse("teams:action_detail", args=[dundee.slug, action.pk])).content.decode()
    assert "About" in page and str(engagement) in page


def test_an_action_cannot_be_about_another_areas_record(member, dundee, inverclyde):
    with pytest.raises(ValidationError, match="belongs to another area"):
        services.action_create(area=dundee, actor=member, title="Sneaky", subject=EngagementFactory(area=inverclyde))
    assert not Action.objects.exists()


def test_action_create_rechecks_the_actors_rights(viewer, other_member, dundee):
    for actor in (viewer, other_member):
        with pytest.raises(PermissionDenied):
            services.action_create(area=dundee, actor=actor, title="Not allowed")


def test_an_action_from_another_area_is_not_found(client_for, member, dundee, inverclyde):
    theirs = ActionFactory(area=inverclyde)
    for name in ("teams:action_detail", "teams:action_update"):
        assert client_for(member).get(reverse(name, args=[dundee.slug, theirs.pk])).status_code == 404
    assert (
        client_for(member)
        .post(reverse("teams:action_update", args=[dundee.slug, theirs.pk]), _action_data())
        .status_code
        == 404
    )


def test_an_owner_who_has_left_is_refused_by_the_service_but_kept_on_old_actions(member, dundee):
    team = TeamFactory(area=dundee)
    leaver = TeamMemberFactory(team=team, left_on=TODAY - timedelta(days=2))
    with pytest.raises(ValidationError, match="left"):
        services.action_create(area=dundee, actor=member, title="Too late", owner=leaver)
    kept = ActionFactory(area=dundee, owner=leaver)
    services.action_update(action=kept, actor=member, data={"status": "done"})
    kept.refresh_from_db()
    assert kept.owner == leaver and kept.status == "done" and kept.completed_on == TODAY
