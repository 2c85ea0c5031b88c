"""Stalled cycles (DOMAIN: an open cycle with no phase change for CYCLE_STALLED_DAYS = 60 days): the
rule, where it shows (list, cycle page, overview panel) and the selectors other apps use."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles import services, stalling
from tests.cycles.factories import CycleFactory, filled

TODAY = timezone.localdate()


def _ago(days: int):
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(("days", "stalled"), [(59, False), (60, True), (61, True)])
def test_an_open_cycle_is_stalled_after_sixty_days_without_a_phase_change(dundee, days, stalled):
    cycle = CycleFactory(area=dundee, **filled("study"), phase_changed_on=_ago(days))
    assert stalling.is_stalled(cycle, TODAY) is stalled
    assert (cycle in stalling.stalled_cycles([dundee.pk], TODAY)) is stalled


def test_a_closed_cycle_is_never_stalled(dundee):
    closed = CycleFactory(area=dundee, **filled("closed"), phase_changed_on=_ago(400))
    assert not stalling.is_stalled(closed) and not stalling.stalled_cycles([dundee.pk]).exists()


def test_the_days_follow_the_setting(dundee, settings):
    settings.CYCLE_STALLED_DAYS = 30
    cycle = CycleFactory(area=dundee, phase_changed_on=_ago(31))
    assert stalling.is_stalled(cycle)


def test_moving_on_or_stepping_back_restarts_the_clock(member, dundee):
    cycle = CycleFactory(area=dundee, **(filled("study") | {"phase": "do"}), phase_changed_on=_ago(90))
    assert stalling.is_stalled(cycle)
    cycle = services.cycle_advance(cycle=cycle, actor=member)
    assert cycle.phase == "study" and cycle.phase_changed_on == TODAY and not stalling.is_stalled(cycle)
    cycle.phase_changed_on = _ago(90)
    cycle.save()
    cycle = services.cycle_step_back(cycle=cycle, actor=member)
    assert cycle.phase == "do" and not stalling.is_stalled(cycle)
    # A move recorded on the day it happened (the test's start), which cannot be in the future.
    planned = CycleFactory(area=dundee)
    moved = services.cycle_advance(cycle=planned, actor=member, moved_on=_ago(61))
    assert moved.phase_changed_on == _ago(61) and stalling.is_stalled(moved)
    with pytest.raises(Exception, match="in the future"):
        services.cycle_advance(cycle=moved, actor=member, moved_on=TODAY + timedelta(days=1))


def test_counts_per_area_for_other_apps(dundee, inverclyde):
    CycleFactory(area=dundee, phase_changed_on=_ago(61))
    CycleFactory(area=dundee, **filled("act"), phase_changed_on=_ago(100))
    CycleFactory(area=dundee, phase_changed_on=_ago(59))
    CycleFactory(area=inverclyde, phase_changed_on=_ago(70))
    assert stalling.stalled_counts([dundee.pk, inverclyde.pk], TODAY) == {
        dundee.pk: {"count": 2, "since": _ago(100)},
        inverclyde.pk: {"count": 1, "since": _ago(70)},
    }
    assert stalling.stalled_counts([dundee.pk], TODAY + timedelta(days=2)) == {
        dundee.pk: {"count": 3, "since": _ago(100)}
    }


def test_the_list_the_cycle_page_and_the_overview_flag_a_stalled_cycle(client_for, member, dundee):
    stalled = CycleFactory(area=dundee, title="Huddles in every locality", **filled("study"), phase_changed_on=_ago(61))
    CycleFactory(area=dundee, title="Moving along", **filled("study"), phase_changed_on=_ago(59))
    client = client_for(member)
    url = reverse("cycles:list", args=[dundee.slug])
    page = client.get(url).content.decode()
    assert page.count(">Stalled</span>") == 1
    assert f"in Study since {_ago(61):%-d %b %Y}" in page
    only = client.get(url, {"phase": "stalled"}).content.decode()
    assert "Huddles in every locality" in only and "Moving along" not in only
    detail = client.get(reverse("cycles:detail", args=[dundee.slug, stalled.pk])).content.decode()
    assert "(61 days) with no phase change: it is stalled" in detail and ">Stalled</span>" in detail
    overview = client.get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "1 stalled</span>" in overview and "?phase=stalled" in overview
