"""Team meetings: scheduled or held, who attended, notes and decisions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.models import Meeting, MeetingAttendance
from tests.teams.factories import MeetingAttendanceFactory, MeetingFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _meeting_data(**changes):
    data = {"held_on": (TODAY - timedelta(days=2)).isoformat(), "notes": "", "decisions": "", "version": ""}
    data.update(changes)
    return data


def test_member_records_a_meeting_with_attendance(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    chair, coordinator, absent = (TeamMemberFactory(team=team) for _ in range(3))
    response = client_for(member).post(
        reverse("teams:meeting_create", args=[dundee.slug, team.pk]),
        _meeting_data(
            attendees=[chair.pk, coordinator.pk], notes="Reviewed the run chart.", decisions="Spread to the west."
        ),
    )
    meeting = Meeting.objects.get(team=team)
    assert response.status_code == 302 and response["Location"] == reverse(
        "teams:meeting_detail", args=[dundee.slug, meeting.pk]
    )
    assert set(meeting.attendees.all()) == {chair, coordinator}
    assert MeetingAttendance.objects.filter(meeting=meeting, area=dundee).count() == 2
    page = client_for(member).get(response["Location"]).content.decode()
    assert chair.name in page and absent.name not in page and "Spread to the west." in page


def test_a_future_meeting_can_be_scheduled(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    held_on = TODAY + timedelta(days=14)
    response = client_for(member).post(
        reverse("teams:meeting_create", args=[dundee.slug, team.pk]), _meeting_data(held_on=held_on.isoformat())
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(team=team)
    assert meeting.is_scheduled
    page = client_for(member).get(response["Location"]).content.decode()
    assert "Scheduled" in page


@pytest.mark.parametrize("field", ["notes", "decisions", "attendees"])
def test_a_future_meeting_cannot_have_notes_decisions_or_attendance_yet(client_for, member, dundee, field):
    team = TeamFactory(area=dundee)
    person = TeamMemberFactory(team=team)
    values = {"notes": "Typed notes", "decisions": "Typed decision", "attendees": [person.pk]}
    response = client_for(member).post(
        reverse("teams:meeting_create", args=[dundee.slug, team.pk]),
        _meeting_data(held_on=(TODAY + timedelta(days=3)).isoformat(), **{field: values[field]}),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "This meeting is in the future" in " ".join(form.errors[field])
    assert form[field].value() == (values[field] if field != "attendees" else [str(person.pk)])
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": (TODAY - timedelta(days=500)).isoformat()}, "held_on", "The team was formed on"),
        ({"held_on": "31/02/2026"}, "held_on", "Enter a valid date"),
        ({"attendees": ["left"]}, "attendees", "was not on the team on"),
        ({"attendees": ["other-team"]}, "attendees", "Choose from the members of this team"),
    ],
)
def test_bad_meeting_input_is_refused_at_the_field(client_for, member, dundee, changes, field, message):
    team = TeamFactory(area=dundee, formed_on=TODAY - timedelta(days=400))
    people = {
        "left": TeamMemberFactory(
            team=team, joined_on=TODAY - timedelta(days=300), left_on=TODAY - timedelta(days=60)
        ).pk,
        "other-team": TeamMemberFactory(team=TeamFactory(area=dundee)).pk,
    }
    if "attendees" in changes:
        changes = {"attendees": [people[key] for key in changes["attendees"]]}
    response = client_for(member).post(
        reverse("teams:meeting_create", args=[dundee.slug, team.pk]), _meeting_data(notes="Typed notes", **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["notes"].value() == "Typed notes"
    assert not Meeting.objects.exists()


def test_changing_attendance_is_in_the_team_history(client_for, member, lead, dundee):
    meeting = MeetingFactory(team=TeamFactory(area=dundee))
    first = MeetingAttendanceFactory(meeting=meeting).member
    second = TeamMemberFactory(team=meeting.team, name="Second Person")
    url = reverse("teams:meeting_update", args=[dundee.slug, meeting.pk])
    response = client_for(lead).post(
        url,
        _meeting_data(
            held_on=meeting.held_on.isoformat(), attendees=[second.pk], notes="New notes", version=meeting.version
        ),
    )
    assert response.status_code == 302
    assert list(meeting.attendees.all()) == [second]
    assert first not in meeting.attendees.all()
    history = client_for(member).get(reverse("teams:history", args=[dundee.slug, meeting.team_id])).content.decode()
    assert "Recorded as attending" in history and "Second Person" in history
    assert "No longer recorded as attending" in history


def test_two_people_editing_meeting_notes_do_not_overwrite_each_other(client_for, member, lead, dundee):
    meeting = MeetingFactory(team=TeamFactory(area=dundee), notes="First notes")
    url = reverse("teams:meeting_update", args=[dundee.slug, meeting.pk])
    data = _meeting_data(held_on=meeting.held_on.isoformat(), version=meeting.version)
    assert client_for(lead).post(url, {**data, "notes": "Lead's notes"}).status_code == 302
    response = client_for(member).post(url, {**data, "notes": "Member's notes"})
    assert response.status_code == 200 and "Someone else saved changes" in response.content.decode()
    assert response.context["form"]["notes"].value() == "Member's notes"
    meeting.refresh_from_db()
    assert meeting.notes == "Lead's notes"


def test_meetings_list_filters_by_team(client_for, viewer, dundee, inverclyde):
    core = TeamFactory(area=dundee, name="Core")
    MeetingFactory(team=core, held_on=TODAY - timedelta(days=3))
    MeetingFactory(team=TeamFactory(area=dundee, name="Locality"), held_on=TODAY - timedelta(days=4))
    MeetingFactory(team=TeamFactory(area=inverclyde, name="Theirs"))
    client = client_for(viewer)
    page = client.get(reverse("teams:meetings", args=[dundee.slug])).content.decode()
    assert "Core" in page and "Locality" in page and "Theirs" not in page
    filtered = client.get(reverse("teams:meetings", args=[dundee.slug]), {"team": core.pk})
    assert "Meetings of Core" in filtered.content.decode()
    assert [m.team.name for m in filtered.context["meetings"]] == ["Core"]


def test_recording_a_meeting_starts_by_choosing_the_team(client_for, member, dundee, inverclyde):
    team = TeamFactory(area=dundee)
    client = client_for(member)
    url = reverse("teams:meeting_start", args=[dundee.slug])
    assert client.get(url, {"team": team.pk})["Location"] == reverse(
        "teams:meeting_create", args=[dundee.slug, team.pk]
    )
    theirs = TeamFactory(area=inverclyde)
    response = client.get(url, {"team": theirs.pk})
    assert response.status_code == 200
    assert "Choose one of Dundee City's active teams" in " ".join(response.context["form"].errors["team"])


def test_meeting_of_another_area_is_not_found(client_for, member, dundee, inverclyde):
    theirs = MeetingFactory(team=TeamFactory(area=inverclyde))
    for name in ("teams:meeting_detail", "teams:meeting_update"):
        assert client_for(member).get(reverse(name, args=[dundee.slug, theirs.pk])).status_code == 404
