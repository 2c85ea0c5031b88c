"""Dedicated time as full-time equivalents, and the team health flags."""

from datetime import timedelta
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from teams import selectors
from teams.figures import hours_to_fte
from tests.teams.factories import MeetingFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _resourced_area(dundee, inverclyde):
    core = TeamFactory(area=dundee, name="Core")
    locality = TeamFactory(area=dundee, name="Locality", level="practice")
    TeamMemberFactory(team=core, organisation="local_authority", hours_per_week=Decimal("37"))
    TeamMemberFactory(team=core, organisation="nhs", hours_per_week=Decimal("18.5"))
    TeamMemberFactory(team=core, organisation="nhs", hours_per_week=None)  # no hours: counted, adds nothing
    TeamMemberFactory(team=core, organisation="nhs", hours_per_week=Decimal("30"), left_on=TODAY - timedelta(days=1))
    TeamMemberFactory(
        team=core, organisation="education", hours_per_week=Decimal("3.7"), left_on=TODAY + timedelta(days=9)
    )
    TeamMemberFactory(team=locality, organisation="nhs", hours_per_week=Decimal("7.4"))
    TeamMemberFactory(team=locality, organisation="local_authority", hours_per_week=Decimal("0"))
    TeamMemberFactory(team=TeamFactory(area=inverclyde), organisation="nhs", hours_per_week=Decimal("37"))
    return core, locality


def test_fte_is_weekly_hours_over_a_full_time_week():
    assert hours_to_fte(Decimal("18.5")) == Decimal("0.50")
    assert hours_to_fte(None) == Decimal("0.00")
    with override_settings(FULL_TIME_WEEKLY_HOURS=35.0):
        assert hours_to_fte(Decimal("17.5")) == Decimal("0.50")


def test_fte_sums_per_team_partner_and_area_count_only_members_still_on_their_team(dundee, inverclyde):
    core, locality = _resourced_area(dundee, inverclyde)
    figures = selectors.resourcing(dundee)
    by_team = {row.label: row for row in figures.by_team}
    # Core: 37 + 18.5 + (none) + 3.7 (leaves in nine days); the member who left yesterday does not count.
    assert by_team["Core"].hours == Decimal("59.2") and by_team["Core"].fte == Decimal("1.60")
    assert by_team["Core"].members == 4 and by_team["Core"].without_hours == 1
    assert by_team["Locality"].hours == Decimal("7.4") and by_team["Locality"].fte == Decimal("0.20")
    by_organisation = {row.label: row for row in figures.by_organisation}
    assert by_organisation["NHS health board"].hours == Decimal("25.9")
    assert by_organisation["NHS health board"].members == 3
    assert by_organisation["NHS health board"].fte == Decimal("0.70")
    assert by_organisation["Local authority"].fte == Decimal("1.00")
    assert by_organisation["Education"].fte == Decimal("0.10")
    assert "Police" not in by_organisation  # organisations with nobody are left out
    assert figures.total.hours == Decimal("66.6") and figures.total.fte == Decimal("1.80")
    assert figures.total.members == 6
    assert selectors.area_fte(dundee) == Decimal("1.80")
    assert selectors.area_fte(inverclyde) == Decimal("1.00")


def test_resourcing_page_shows_each_figure_with_a_captioned_table(client_for, viewer, dundee, inverclyde):
    _resourced_area(dundee, inverclyde)
    page = client_for(viewer).get(reverse("teams:resourcing", args=[dundee.slug])).content.decode()
    assert "Dedicated time per active team</caption>" in page
    assert "Dedicated time per partner organisation</caption>" in page
    assert "1.80 FTE" in page and "1.60" in page and "0.70" in page


def _healthy_team(dundee):
    team = TeamFactory(area=dundee)
    for _ in range(3):
        TeamMemberFactory(team=team, hours_per_week=Decimal("7.5"))
    MeetingFactory(team=team, held_on=TODAY - timedelta(days=20))
    return team


def _flags(team):
    return {flag.key for flag in selectors.teams_with_figures(team.area).get(pk=team.pk).health_flags}


def test_a_healthy_team_raises_no_flag(client_for, member, dundee):
    team = _healthy_team(dundee)
    assert _flags(team) == set()
    page = client_for(member).get(reverse("teams:detail", args=[dundee.slug, team.pk])).content.decode()
    assert "No concerns" in page


def test_fewer_than_three_active_members_is_flagged(client_for, member, dundee):
    team = _healthy_team(dundee)
    leaver = team.members.first()
    leaver.left_on = TODAY
    leaver.save()
    assert _flags(team) == {"few_members"}
    page = client_for(member).get(reverse("teams:detail", args=[dundee.slug, team.pk])).content.decode()
    assert "Fewer than 3 active members" in page


def test_no_meeting_in_the_last_ninety_days_is_flagged(dundee):
    team = _healthy_team(dundee)
    team.meetings.update(held_on=TODAY - timedelta(days=91))
    MeetingFactory(team=team, held_on=TODAY + timedelta(days=5), notes="", decisions="")  # only scheduled
    assert _flags(team) == {"no_recent_meeting"}
    team.meetings.filter(held_on__lt=TODAY).update(held_on=TODAY - timedelta(days=90))
    assert _flags(team) == set()


def test_a_team_that_has_never_met_is_flagged(dundee):
    team = _healthy_team(dundee)
    team.meetings.all().delete()
    assert _flags(team) == {"no_recent_meeting"}


def test_no_dedicated_time_recorded_is_flagged(client_for, viewer, dundee):
    team = _healthy_team(dundee)
    team.members.update(hours_per_week=None)
    assert _flags(team) == {"no_dedicated_time"}
    team.members.update(hours_per_week=Decimal(0))
    assert _flags(team) == {"no_dedicated_time"}
    page = client_for(viewer).get(reverse("teams:list", args=[dundee.slug])).content.decode()
    assert "No dedicated time recorded" in page


def test_hours_of_members_who_have_left_do_not_count_as_dedicated_time(dundee):
    team = _healthy_team(dundee)
    team.members.update(hours_per_week=None)
    TeamMemberFactory(team=team, hours_per_week=Decimal(20), left_on=TODAY - timedelta(days=3))
    assert "no_dedicated_time" in _flags(team)


def test_a_stood_down_team_raises_no_flags(dundee):
    team = TeamFactory(area=dundee, stood_down_on=TODAY)
    assert _flags(team) == set()


def test_celcis_staff_time_is_counted_apart_from_local_partners(client_for, lead, dundee):
    # Issue 12: an area's own resourcing never includes the national support it receives.
    team = TeamFactory(area=dundee)
    TeamMemberFactory(team=team, organisation="local_authority", hours_per_week=Decimal("18"))
    TeamMemberFactory(team=team, organisation="celcis", hours_per_week=Decimal("9"))
    client = client_for(lead)
    page = client.get(reverse("teams:resourcing", args=[dundee.slug])).content.decode()
    assert f"local partners: {hours_to_fte(Decimal('18')):.2f} FTE" in page
    assert f"CELCIS staff supporting the teams add {hours_to_fte(Decimal('9')):.2f} FTE" in page
    overview = client.get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert f"<strong>{hours_to_fte(Decimal('18')):.2f} FTE</strong> of local partners" in overview
