"""Teams pages keep the same number of queries however much data lies behind them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from teams import services
from tests.query_budget import assert_flat_query_count
from tests.teams.factories import (
    ActionFactory,
    CommunicationFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    TeamFactory,
    TeamMemberFactory,
)

TODAY = timezone.localdate()


def _more_team_data(area, actor, team):
    """Each call adds a linked team with members, meetings, actions and communications, and changes
    to the given `team` (so its history and detail page grow too)."""
    counter = {"n": 0}

    def add():
        counter["n"] += 1
        n = counter["n"]
        child = TeamFactory(area=area, parent=team, level="practice")
        for organisation in ("nhs", "education", "police"):
            TeamMemberFactory(team=child, organisation=organisation, hours_per_week=Decimal("3.5"))
            TeamMemberFactory(
                team=team, organisation=organisation, hours_per_week=None, name=f"Person {n} {organisation}"
            )
        meeting = MeetingFactory(team=team, held_on=TODAY - timedelta(days=n))
        MeetingAttendanceFactory(meeting=meeting, member=team.members.first())
        owner = team.members.last()
        ActionFactory(area=area, team=team, owner=owner, meeting=meeting, due_date=TODAY - timedelta(days=n))
        ActionFactory(area=area, team=child, status="done", completed_on=TODAY)
        CommunicationFactory(area=area, team=child)
        action = services.action_create(
            area=area, actor=actor, title=f"Through the service {n}", team=team, owner=owner
        )
        services.action_update(
            action=action, actor=actor, data={"owner": team.members.first(), "status": "in_progress"}
        )
        fresh = type(team).objects.get(pk=team.pk)
        services.team_update(team=fresh, actor=actor, expected_version=fresh.version, data={"purpose": f"Purpose {n}"})

    return add


# Pinned: session, user, access and area come to four of these; a rise means a new per-page query.
BUDGETS = {
    "teams:list": 7,
    "teams:meetings": 7,
    "teams:actions": 9,
    "teams:communications": 7,
    "teams:resourcing": 7,
    "teams:detail": 9,
    "teams:history": 11,  # one query finds the page across the history tables, then one per table
}


@pytest.mark.parametrize("name", list(BUDGETS))
def test_teams_pages_query_counts_do_not_grow(client_for, lead, dundee, name):
    team = TeamFactory(area=dundee, level="implementation")
    kwargs = {"area_slug": dundee.slug, **({"pk": team.pk} if name in ("teams:detail", "teams:history") else {})}
    assert_flat_query_count(
        client_for(lead), reverse(name, kwargs=kwargs), _more_team_data(dundee, lead, team), max_queries=BUDGETS[name]
    )


def test_meeting_and_action_pages_do_not_grow(client_for, lead, dundee):
    team = TeamFactory(area=dundee)
    meeting = MeetingFactory(team=team)
    action = services.action_create(area=dundee, actor=lead, title="Grows a history", meeting=meeting)
    client = client_for(lead)

    def add():
        MeetingAttendanceFactory(meeting=meeting)
        ActionFactory(area=dundee, meeting=meeting, team=team, owner=TeamMemberFactory(team=team))
        services.action_update(action=action, actor=lead, data={"owner": team.members.last(), "due_date": TODAY})

    assert_flat_query_count(client, reverse("teams:meeting_detail", args=[dundee.slug, meeting.pk]), add, max_queries=7)
    assert_flat_query_count(client, reverse("teams:action_detail", args=[dundee.slug, action.pk]), add, max_queries=6)


def test_area_overview_with_the_teams_panel_does_not_grow(client_for, lead, dundee):
    team = TeamFactory(area=dundee)
    # The overview's budget is shared with the other apps' panels and the area's to-do panel
    # (see tests/areas/test_pages.py): 40 measured; the teams panel takes three, its to-do source one.
    assert_flat_query_count(
        client_for(lead),
        reverse("areas:overview", args=[dundee.slug]),
        _more_team_data(dundee, lead, team),
        max_queries=40,
    )
