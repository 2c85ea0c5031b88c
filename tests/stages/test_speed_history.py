"""History pages are paginated before they are described (`areas.history.history_page`): each page
lists what describing the whole history would list, in the same order, with the same changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.history import history_entries, history_page
from core.dates import day_label
from stages import services
from stages.models import ActivityProgress, ActivityStatus, StageChange, StageTarget
from teams import services as team_services
from teams.models import Meeting, Team, TeamMember
from tests.query_budget import assert_flat_query_count
from tests.stages.factories import StageActivityFactory, StageChangeFactory
from tests.teams.factories import MeetingFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def _team_sources(team):
    return [
        (Team.history.filter(id=team.pk), lambda r: "Team"),
        (TeamMember.history.filter(team_id=team.pk), lambda r: f"Member: {r.name}"),
        (Meeting.history.filter(team_id=team.pk), lambda r: f"Meeting on {day_label(r.held_on)}"),
    ]


def _busy_team(area, actor, changes=12):
    """A team whose own record, members and meetings change many times (some in the same second)."""
    team = TeamFactory(area=area)
    members = [TeamMemberFactory(team=team, name=f"Member {n}") for n in range(4)]
    for n in range(changes):
        fresh = Team.objects.get(pk=team.pk)
        team_services.team_update(
            team=fresh, actor=actor, expected_version=fresh.version, data={"purpose": f"Purpose {n}"}
        )
        member = members[n % len(members)]
        member.hours_per_week = n + 1
        member.save()
        MeetingFactory(team=team, held_on=TODAY - timedelta(days=n))
    return team


def _all_at_once(sources):
    entries = [entry for queryset, describe in sources for entry in history_entries(queryset, describe=describe)]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _page_by_page(sources, per_page):
    found, number = [], 1
    while True:
        page, entries = history_page(sources, number, per_page)
        assert len(entries) == len(page.object_list)
        found += entries
        if not page.has_next():
            return found, page
        number += 1


@pytest.mark.parametrize("per_page", [1, 7, 25])
def test_pages_list_what_the_whole_history_lists(lead, dundee, per_page):
    team = _busy_team(dundee, lead)
    sources = _team_sources(team)
    whole = _all_at_once(sources)
    paged, last = _page_by_page(sources, per_page)
    assert [vars(e) for e in paged] == [vars(e) for e in whole]
    assert last.paginator.count == len(whole)
    # Changes are compared with the record before, even when that record is on another page.
    assert sum(1 for e in paged if e.changes) == sum(1 for e in whole if e.changes) > 10
    assert all(type(e.record) is str for e in paged)


def test_a_page_number_out_of_range_or_not_a_number_is_read_as_paginator_get_page_does(lead, dundee):
    team = _busy_team(dundee, lead, changes=3)
    sources = _team_sources(team)
    whole = _all_at_once(sources)
    last_number = -(-len(whole) // 5)
    for asked, shown in (
        ("abc", 1),
        (None, 1),
        ("2", 2),
        ("999", last_number),
        ("0", last_number),
        ("-1", last_number),
    ):
        page, entries = history_page(sources, asked, 5)
        assert page.number == shown, asked
        assert [vars(e) for e in entries] == [vars(e) for e in whole[(shown - 1) * 5 : shown * 5]]


def test_an_empty_history_is_one_empty_page(dundee):
    team = TeamFactory.build(area=dundee, pk=987654)
    page, entries = history_page(_team_sources(team), "3")
    assert entries == [] and page.number == 1 and page.paginator.count == 0


def test_a_kept_page_is_read_again_after_a_change(lead, dundee):
    team = _busy_team(dundee, lead, changes=2)
    sources = _team_sources(team)
    kwargs = {"cache_key": f"test:history:{team.pk}", "area_ids": [dundee.pk]}
    page, entries = history_page(sources, 1, **kwargs)
    before = page.paginator.count
    assert history_page(sources, 1, **kwargs)[0].paginator.count == before
    TeamMemberFactory(team=team, name="Newcomer")  # a save renews the area's freshness token
    page, entries = history_page(sources, 1, **kwargs)
    assert page.paginator.count == before + 1
    assert entries[0].record == "Member: Newcomer"


def _more_stage_history(area, lead):
    counter = {"n": 0}

    def add():
        counter["n"] += 1
        n = counter["n"]
        StageChangeFactory(area=area, entered_on=TODAY - timedelta(days=300 - n), recorded_by=lead)
        activity = StageActivityFactory(stage="installation")
        record = services.activity_progress_save(
            area=area,
            actor=lead,
            activity=activity,
            expected_version=None,
            status=ActivityStatus.IN_PROGRESS,
            started_on=TODAY - timedelta(days=10),
            completed_on=None,
        )
        services.activity_progress_save(
            area=area,
            actor=lead,
            activity=activity,
            expected_version=record.version,
            status=ActivityStatus.DONE,
            started_on=TODAY - timedelta(days=10),
            completed_on=TODAY,
        )
        services.stage_targets_save(area=area, actor=lead, targets={"installation": TODAY + timedelta(days=n)})

    return add


def test_the_stages_history_page_is_paginated_before_it_is_described(client_for, lead, dundee):
    client = client_for(lead)
    url = reverse("stages:history", args=[dundee.slug])
    add = _more_stage_history(dundee, lead)
    assert_flat_query_count(client, url, add, factor=5)
    for _ in range(5):
        add()
    sources = [
        (StageChange.history.filter(area_id=dundee.pk), lambda r: ""),
        (ActivityProgress.history.filter(area_id=dundee.pk), lambda r: ""),
        (StageTarget.history.filter(area_id=dundee.pk), lambda r: ""),
    ]
    total = sum(queryset.count() for queryset, _ in sources)
    assert total > 25
    first = client.get(url)
    assert first.context["page_obj"].paginator.count == total
    assert len(first.context["entries"]) == 25
    assert "page=2" in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["entries"]) == min(25, total - 25)
    shown = first.context["entries"] + second.context["entries"]
    assert any(change.new == "Done" for entry in shown for change in entry.changes)
