"""No lost edits (issue 16): two people open the edit form of an action, a team member or a
communication; both save; the second is told of the clash, with their typed values kept, and
nothing the first saved is overwritten. Scripted callers of the services are checked too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.locking import StaleEdit
from teams import services
from teams.models import Action, Communication, TeamMember
from tests.teams.factories import ActionFactory, CommunicationFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()
CLASH = "Someone else saved"


def _both_save(client_for, first_user, second_user, url, form_name, first, second):
    """Both open the form (each gets the stored version), then save in turn."""
    first_client, second_client = client_for(first_user), client_for(second_user)
    first_form = first_client.get(url).context["form"]
    second_form = second_client.get(url).context["form"]
    assert first_form["version"].value() == second_form["version"].value() == 1
    first_response = first_client.post(url, first | {"version": first_form["version"].value()})
    assert first_response.status_code == 302
    second_response = second_client.post(url, second | {"version": second_form["version"].value()})
    page = second_response.content.decode()
    assert second_response.status_code == 200 and CLASH in page
    assert f"Someone else saved changes to this {form_name} after you opened it" in page
    return page


def test_two_people_editing_an_action(client_for, member, lead, dundee):
    action = ActionFactory(area=dundee, title="Book the venue", due_date=TODAY + timedelta(days=10))
    url = reverse("teams:action_update", args=[dundee.slug, action.pk])
    base = {
        "description": "",
        "team": "",
        "meeting": "",
        "owner": "",
        "due_date": (TODAY + timedelta(days=10)).isoformat(),
        "status": "open",
        "completed_on": "",
    }
    page = _both_save(
        client_for,
        lead,
        member,
        url,
        "action",
        base | {"title": "Book the town hall"},
        base | {"title": "Book the library", "description": "Typed and kept"},
    )
    assert "Book the library" in page and "Typed and kept" in page
    action.refresh_from_db()
    assert action.title == "Book the town hall" and action.description == "" and action.version == 2


def test_two_people_editing_a_team_member(client_for, member, lead, dundee):
    person = TeamMemberFactory(team=TeamFactory(area=dundee), name="Jo Bloggs", hours_per_week=7)
    url = reverse("teams:member_update", args=[dundee.slug, person.team_id, person.pk])
    base = {
        "user": "",
        "name": "Jo Bloggs",
        "email": person.email,
        "organisation": "local_authority",
        "profession": "Social worker",
        "role": "member",
        "joined_on": person.joined_on.isoformat(),
        "left_on": "",
    }
    page = _both_save(
        client_for,
        lead,
        member,
        url,
        "member",
        base | {"hours_per_week": "10"},
        base | {"hours_per_week": "3.5", "profession": "Health visitor"},
    )
    assert "Health visitor" in page
    person.refresh_from_db()
    assert str(person.hours_per_week) == "10.0" and person.profession == "Social worker"


def test_two_people_editing_a_communication(client_for, member, lead, dundee):
    entry = CommunicationFactory(area=dundee, summary="Monthly bulletin.")
    url = reverse("teams:communication_update", args=[dundee.slug, entry.pk])
    base = {"sent_on": entry.sent_on.isoformat(), "team": "", "audience": "practice", "channel": "newsletter"}
    page = _both_save(
        client_for,
        lead,
        member,
        url,
        "communication",
        base | {"summary": "Monthly bulletin, with the huddle dates."},
        base | {"summary": "Typed by the second person"},
    )
    assert "Typed by the second person" in page
    assert Communication.objects.get().summary == "Monthly bulletin, with the huddle dates."


def test_the_services_refuse_a_stale_version(member, lead, dundee):
    action = ActionFactory(area=dundee)
    services.action_update(action=action, actor=lead, data={"title": "First"}, expected_version=1)
    with pytest.raises(StaleEdit):
        services.action_update(action=action, actor=member, data={"title": "Second"}, expected_version=1)
    person = TeamMemberFactory(team=TeamFactory(area=dundee))
    services.team_member_update(member=person, actor=lead, data={"profession": "Teacher"}, expected_version=1)
    with pytest.raises(StaleEdit):
        services.team_member_update(member=person, actor=member, data={"profession": "Nurse"}, expected_version=1)
    entry = CommunicationFactory(area=dundee)
    services.communication_update(communication=entry, actor=lead, data={"summary": "A"}, expected_version=1)
    with pytest.raises(StaleEdit):
        services.communication_update(communication=entry, actor=member, data={"summary": "B"}, expected_version=1)
    assert Action.objects.get().title == "First" and TeamMember.objects.get().profession == "Teacher"
    assert Communication.objects.get().summary == "A"


def test_standing_a_team_down_bumps_its_members_versions(lead, dundee):
    team = TeamFactory(area=dundee)
    person = TeamMemberFactory(team=team)
    services.team_update(team=team, actor=lead, expected_version=1, data={"stood_down_on": TODAY})
    person.refresh_from_db()
    assert person.left_on == TODAY and person.version == 2  # a member form opened before now will clash
