"""Teams and their terms of reference: recording, editing, the structure's rules, history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.models import Team, TeamMember
from tests.teams.factories import TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _team_data(**changes):
    data = {
        "name": "Implementation Team",
        "level": "implementation",
        "parent": "",
        "formed_on": (TODAY - timedelta(days=30)).isoformat(),
        "purpose": "Install the practice profile.",
        "decisions": "Plans improvement cycles.",
        "meeting_rhythm": "Fortnightly",
        "communication": "Reports to the executive group.",
        "version": "",
    }
    data.update(changes)
    return data


def _edit_data(team, **changes):
    data = _team_data(
        name=team.name,
        level=team.level,
        parent=team.parent_id or "",
        formed_on=team.formed_on.isoformat(),
        purpose=team.purpose,
        version=team.version,
        stood_down_on="",
    )
    data.update(changes)
    return data


def test_member_records_a_team_with_its_terms_of_reference(client_for, member, dundee):
    executive = TeamFactory(area=dundee, level="leadership", name="Executive Group")
    response = client_for(member).post(reverse("teams:create", args=[dundee.slug]), _team_data(parent=executive.pk))
    team = Team.objects.get(area=dundee, name="Implementation Team")
    assert response.status_code == 302 and response["Location"] == reverse("teams:detail", args=[dundee.slug, team.pk])
    assert team.parent == executive and team.meeting_rhythm == "Fortnightly"
    assert team.history.first().history_user == member
    page = client_for(member).get(response["Location"]).content.decode()
    assert "Install the practice profile." in page and "Reports to" in page and "Executive Group" in page


def test_teams_page_groups_teams_by_level_with_their_parent(client_for, viewer, dundee):
    executive = TeamFactory(area=dundee, level="leadership", name="Executive Group")
    TeamFactory(area=dundee, level="implementation", name="Core Team", parent=executive)
    TeamFactory(area=dundee, level="practice", name="Stood Down Locality", stood_down_on=TODAY)
    page = client_for(viewer).get(reverse("teams:list", args=[dundee.slug])).content.decode()
    assert page.index("Leadership or executive teams") < page.index("Implementation teams</caption>")
    assert "Core Team" in page and "Stood Down Locality" not in page
    assert "Record a team" not in page  # viewers read only
    stood_down = client_for(viewer).get(reverse("teams:list", args=[dundee.slug]), {"show": "stood_down"})
    assert "Stood Down Locality" in stood_down.content.decode()


def test_empty_teams_page_says_what_belongs_there(client_for, member, dundee):
    page = client_for(member).get(reverse("teams:list", args=[dundee.slug])).content.decode()
    assert "has no implementation teams recorded yet" in page
    assert reverse("teams:create", args=[dundee.slug]) in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "implementation TEAM"}, "name", "already has a team called"),
        ({"formed_on": (TODAY + timedelta(days=3)).isoformat()}, "formed_on", "in the future"),
        ({"parent": "other-area"}, "parent", "Choose one of Dundee City's own teams"),
        ({"level": "leadership", "parent": "practice"}, "parent", "Choose a team at the same level or above"),
        ({"parent": "stood-down"}, "parent", "was stood down"),
        ({"level": ""}, "level", "This field is required"),
    ],
)
def test_bad_team_input_is_refused_at_the_field_and_nothing_is_lost(
    client_for, member, dundee, inverclyde, changes, field, message
):
    TeamFactory(area=dundee, name="Implementation Team")
    others = {
        "other-area": TeamFactory(area=inverclyde, level="leadership").pk,
        "practice": TeamFactory(area=dundee, level="practice").pk,
        "stood-down": TeamFactory(area=dundee, level="leadership", stood_down_on=TODAY).pk,
    }
    changes = {key: others.get(value, value) for key, value in changes.items()}
    before = Team.objects.count()
    response = client_for(member).post(reverse("teams:create", args=[dundee.slug]), _team_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["purpose"].value() == "Install the practice profile."
    assert Team.objects.count() == before
    assert "There is a problem" in response.content.decode()


def test_a_parent_team_that_would_make_a_loop_is_refused(client_for, member, dundee):
    top = TeamFactory(area=dundee, name="Top", level="implementation")
    middle = TeamFactory(area=dundee, name="Middle", level="implementation", parent=top)
    bottom = TeamFactory(area=dundee, name="Bottom", level="implementation", parent=middle)
    url = reverse("teams:update", args=[dundee.slug, top.pk])
    response = client_for(member).post(url, _edit_data(top, parent=bottom.pk, purpose="Typed purpose"))
    assert response.status_code == 200
    assert "already reports to this team" in " ".join(response.context["form"].errors["parent"])
    assert response.context["form"]["purpose"].value() == "Typed purpose"
    top.refresh_from_db()
    assert top.parent is None and top.version == 1


def test_a_team_cannot_be_its_own_parent(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    response = client_for(member).post(
        reverse("teams:update", args=[dundee.slug, team.pk]), _edit_data(team, parent=team.pk)
    )
    assert "Choose one of Dundee City's own teams" in " ".join(response.context["form"].errors["parent"])
    team.refresh_from_db()
    assert team.parent is None


def test_a_team_with_active_teams_below_it_cannot_be_stood_down(client_for, member, dundee):
    team = TeamFactory(area=dundee, level="leadership")
    TeamFactory(area=dundee, level="practice", parent=team, name="Locality")
    response = client_for(member).post(
        reverse("teams:update", args=[dundee.slug, team.pk]), _edit_data(team, stood_down_on=TODAY.isoformat())
    )
    assert "Locality still reports to this team" in " ".join(response.context["form"].errors["stood_down_on"])
    team.refresh_from_db()
    assert team.is_active


def test_standing_a_team_down_records_its_members_as_leaving(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    staying = TeamMemberFactory(team=team)
    already_left = TeamMemberFactory(team=team, left_on=TODAY - timedelta(days=50))
    response = client_for(member).post(
        reverse("teams:update", args=[dundee.slug, team.pk]), _edit_data(team, stood_down_on=TODAY.isoformat())
    )
    assert response.status_code == 302
    team.refresh_from_db()
    staying.refresh_from_db()
    already_left.refresh_from_db()
    assert team.stood_down_on == TODAY and not team.is_active
    assert staying.left_on == TODAY and not staying.is_active
    assert already_left.left_on == TODAY - timedelta(days=50)
    assert Team.objects.filter(pk=team.pk).exists() and TeamMember.objects.filter(team=team).count() == 2


def test_two_people_editing_the_terms_of_reference_do_not_overwrite_each_other(client_for, member, lead, dundee):
    team = TeamFactory(area=dundee)
    url = reverse("teams:update", args=[dundee.slug, team.pk])
    opened_version = client_for(member).get(url).context["form"]["version"].value()
    assert (
        client_for(lead).post(url, _edit_data(team, purpose="Lead's purpose", version=opened_version)).status_code
        == 302
    )
    response = client_for(member).post(url, _edit_data(team, purpose="Member's purpose", version=opened_version))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes" in page and "Last saved by" in page
    assert response.context["form"]["purpose"].value() == "Member's purpose"
    team.refresh_from_db()
    assert team.purpose == "Lead's purpose" and team.version == 2
    # Saving again (against the version now stored) goes through.
    again = client_for(member).post(url, response.context["form"].data)
    assert again.status_code == 302
    team.refresh_from_db()
    assert team.purpose == "Member's purpose"


def test_history_shows_who_changed_what(client_for, member, lead, dundee):
    client = client_for(member)
    client.post(reverse("teams:create", args=[dundee.slug]), _team_data())
    team = Team.objects.get(area=dundee)
    client_for(lead).post(
        reverse("teams:update", args=[dundee.slug, team.pk]), _edit_data(team, meeting_rhythm="Monthly")
    )
    page = client_for(member).get(reverse("teams:history", args=[dundee.slug, team.pk])).content.decode()
    assert lead.get_full_name() in page and member.get_full_name() in page
    assert "Meeting rhythm" in page and "Fortnightly → Monthly" in page


def test_another_areas_team_is_not_found_through_our_area(client_for, member, dundee, inverclyde):
    theirs = TeamFactory(area=inverclyde)
    client = client_for(member)
    for name in ("teams:detail", "teams:update", "teams:history", "teams:member_add", "teams:meeting_create"):
        assert client.get(reverse(name, args=[dundee.slug, theirs.pk])).status_code == 404, name
    their_member = TeamMemberFactory(team=theirs)
    ours = TeamFactory(area=dundee)
    url = reverse("teams:member_update", args=[dundee.slug, ours.pk, their_member.pk])
    assert client.get(url).status_code == 404


def test_member_of_other_area_gets_404_for_our_teams(client_for, other_member, dundee):
    team = TeamFactory(area=dundee)
    assert client_for(other_member).get(reverse("teams:detail", args=[dundee.slug, team.pk])).status_code == 404


def test_viewer_reads_but_cannot_change_a_team(client_for, viewer, dundee):
    team = TeamFactory(area=dundee)
    client = client_for(viewer)
    page = client.get(reverse("teams:detail", args=[dundee.slug, team.pk])).content.decode()
    assert team.name in page and "Edit team and terms of reference" not in page
    assert (
        client.post(reverse("teams:update", args=[dundee.slug, team.pk]), _edit_data(team, name="X")).status_code == 403
    )
    team.refresh_from_db()
    assert team.name != "X"


def test_a_team_cannot_move_below_the_teams_that_report_to_it(client_for, member, dundee):
    team = TeamFactory(area=dundee, level="implementation")
    TeamFactory(area=dundee, level="implementation", parent=team, name="Sub-team")
    response = client_for(member).post(
        reverse("teams:update", args=[dundee.slug, team.pk]), _edit_data(team, level="practice")
    )
    assert "Sub-team reports to this team from a higher level" in " ".join(response.context["form"].errors["level"])
    team.refresh_from_db()
    assert team.level == "implementation"
