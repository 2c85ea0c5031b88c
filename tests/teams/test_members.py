"""Team members: an account or a name and work email, their dedicated time and their dates."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.models import Role
from teams import services
from teams.models import TeamMember
from tests.factories import MembershipFactory, UserFactory
from tests.teams.factories import TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _member_data(**changes):
    data = {
        "user": "",
        "name": "Jo Bloggs",
        "email": "jo.bloggs@council.example.org",
        "organisation": "nhs",
        "profession": "Health visitor",
        "role": "member",
        "hours_per_week": "7.5",
        "joined_on": (TODAY - timedelta(days=20)).isoformat(),
        "left_on": "",
    }
    data.update(changes)
    return data


def _add(client, team, **changes):
    return client.post(reverse("teams:member_add", args=[team.area.slug, team.pk]), _member_data(**changes))


def test_member_adds_someone_by_name_and_work_email(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    response = _add(client_for(member), team)
    assert response.status_code == 302
    added = TeamMember.objects.get(team=team)
    assert (added.name, added.email, added.area, added.hours_per_week) == (
        "Jo Bloggs",
        "jo.bloggs@council.example.org",
        dundee,
        Decimal("7.5"),
    )
    assert added.history.first().history_user == member
    page = client_for(member).get(response["Location"]).content.decode()
    assert "Jo Bloggs" in page and "7.5 hours" in page


def test_member_adds_a_portal_account_and_its_name_is_used(client_for, member, lead, dundee):
    team = TeamFactory(area=dundee)
    response = _add(client_for(member), team, user=lead.pk, name="", email="")
    assert response.status_code == 302
    added = TeamMember.objects.get(team=team)
    assert added.user == lead and added.name == lead.get_full_name() and added.email == lead.email


def test_only_accounts_working_in_the_area_are_offered(client_for, member, other_member, celcis, dundee):
    team = TeamFactory(area=dundee)
    client = client_for(member)
    offered = client.get(reverse("teams:member_add", args=[dundee.slug, team.pk])).context["form"]["user"]
    choices = {str(value) for value, _ in offered.field.choices if value}
    assert str(member.pk) in choices and str(celcis.pk) in choices and str(other_member.pk) not in choices
    response = _add(client, team, user=other_member.pk, name="", email="")
    assert "Choose someone who works on the programme in Dundee City" in " ".join(
        response.context["form"].errors["user"]
    )
    assert not TeamMember.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"left_on": (TODAY - timedelta(days=30)).isoformat()}, "left_on", "cannot leave before they joined"),
        ({"joined_on": (TODAY + timedelta(days=5)).isoformat()}, "joined_on", "in the future"),
        ({"joined_on": (TODAY - timedelta(days=900)).isoformat()}, "joined_on", "The team was formed on"),
        ({"hours_per_week": "-2"}, "hours_per_week", "Hours cannot be negative"),
        ({"hours_per_week": "75"}, "hours_per_week", "More than 60 hours a week is not possible"),
        ({"hours_per_week": "lots"}, "hours_per_week", "Enter a number"),
        ({"name": "", "email": ""}, "name", "Choose a portal account, or give the person's name"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"organisation": ""}, "organisation", "This field is required"),
    ],
)
def test_bad_member_input_is_refused_at_the_field_and_nothing_is_lost(
    client_for, member, dundee, changes, field, message
):
    team = TeamFactory(area=dundee, formed_on=TODAY - timedelta(days=400))
    response = _add(client_for(member), team, profession="Typed profession", **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["profession"].value() == "Typed profession"
    assert not TeamMember.objects.exists()


def test_the_same_person_cannot_be_on_a_team_twice(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    TeamMemberFactory(team=team, name="Jo Bloggs", email="JO.BLOGGS@council.example.org")
    response = _add(client_for(member), team)
    assert "already on this team" in " ".join(response.context["form"].errors["email"])
    assert TeamMember.objects.count() == 1


def test_someone_who_left_can_rejoin(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    TeamMemberFactory(
        team=team,
        email="jo.bloggs@council.example.org",
        left_on=TODAY - timedelta(days=40),
        joined_on=TODAY - timedelta(days=90),
    )
    assert _add(client_for(member), team).status_code == 302
    assert TeamMember.objects.filter(team=team).count() == 2


def test_hours_across_the_areas_teams_cannot_pass_sixty_a_week(client_for, member, dundee):
    TeamMemberFactory(team=TeamFactory(area=dundee), email="jo.bloggs@council.example.org", hours_per_week=Decimal(45))
    response = _add(client_for(member), TeamFactory(area=dundee), hours_per_week="20")
    assert "that comes to 65" in " ".join(response.context["form"].errors["hours_per_week"])
    assert TeamMember.objects.count() == 1


def test_a_member_leaves_by_giving_a_date_and_their_history_shows_it(client_for, member, dundee):
    person = TeamMemberFactory(team=TeamFactory(area=dundee), name="Jo Bloggs")
    url = reverse("teams:member_update", args=[dundee.slug, person.team_id, person.pk])
    data = _member_data(
        name="Jo Bloggs",
        email=person.email,
        joined_on=person.joined_on.isoformat(),
        left_on=TODAY.isoformat(),
        version=person.version,
    )
    assert client_for(member).post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.left_on == TODAY and not person.is_active
    history = client_for(member).get(reverse("teams:history", args=[dundee.slug, person.team_id])).content.decode()
    assert "Member: Jo Bloggs" in history and "Left the team" in history and "Date left" in history


def test_nobody_joins_a_stood_down_team(member, dundee):
    team = TeamFactory(area=dundee, stood_down_on=TODAY - timedelta(days=1))
    with pytest.raises(Exception, match="stood down"):
        services.team_member_add(team=team, actor=member, name="Late Joiner", organisation="nhs", joined_on=TODAY)


def test_a_viewer_cannot_add_members_through_the_service(viewer, dundee):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.team_member_add(
            team=TeamFactory(area=dundee), actor=viewer, name="Someone", organisation="nhs", joined_on=TODAY
        )


def test_an_account_from_another_area_is_refused_by_the_service(member, dundee, inverclyde):
    outsider = UserFactory()
    MembershipFactory(user=outsider, area=inverclyde, role=Role.AREA_MEMBER)
    with pytest.raises(Exception, match="works on the programme in Dundee City"):
        services.team_member_add(
            team=TeamFactory(area=dundee), actor=member, user=outsider, organisation="nhs", joined_on=TODAY
        )
