"""Teams pages in a real browser, each checked with axe-core."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from teams import services
from teams.models import Team
from tests.stages.factories import EngagementFactory
from tests.teams.factories import (
    ActionFactory,
    CommunicationFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    TeamFactory,
    TeamMemberFactory,
)

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TODAY = timezone.localdate()


def _some_teams(area, actor):
    executive = TeamFactory(area=area, level="leadership", name="Executive Group")
    core = TeamFactory(area=area, level="implementation", name="Core Team", parent=executive)
    TeamFactory(area=area, level="practice", name="East Locality", parent=core)
    chair = TeamMemberFactory(team=core, name="Casey Chair", role="chair", hours_per_week=Decimal("18.5"))
    TeamMemberFactory(team=core, name="Dana Data", role="data_lead", organisation="nhs", hours_per_week=None)
    TeamMemberFactory(team=core, name="Lee Left", left_on=TODAY - timedelta(days=5))
    meeting = MeetingFactory(team=core, held_on=TODAY - timedelta(days=7))
    MeetingAttendanceFactory(meeting=meeting, member=chair)
    MeetingFactory(team=core, held_on=TODAY + timedelta(days=7), notes="", decisions="")
    ActionFactory(area=area, team=core, owner=chair, meeting=meeting, due_date=TODAY - timedelta(days=2))
    action = services.action_create(
        area=area, actor=actor, title="Follow up the workshop", subject=EngagementFactory(area=area, recorded_by=actor)
    )
    services.action_update(action=action, actor=actor, data={"status": "in_progress"})
    communication = CommunicationFactory(area=area, team=core, recorded_by=actor)
    return core, chair, meeting, action, communication


def test_every_teams_page_is_accessible(site, signed_in, member, lead, dundee):
    core, chair, meeting, action, communication = _some_teams(dundee, lead)
    signed_in(member)
    base = f"/areas/{dundee.slug}"
    for path in [
        f"{base}/",
        f"{base}/teams/",
        f"{base}/teams/?show=all",
        f"{base}/teams/new/",
        f"{base}/teams/{core.pk}/",
        f"{base}/teams/{core.pk}/edit/",
        f"{base}/teams/{core.pk}/history/",
        f"{base}/teams/{core.pk}/members/add/",
        f"{base}/teams/{core.pk}/members/{chair.pk}/edit/",
        f"{base}/teams/{core.pk}/meetings/new/",
        f"{base}/meetings/",
        f"{base}/meetings/new/",
        f"{base}/meetings/{meeting.pk}/",
        f"{base}/meetings/{meeting.pk}/edit/",
        f"{base}/actions/",
        f"{base}/actions/?status=overdue",
        f"{base}/actions/new/",
        f"{base}/actions/{action.pk}/",
        f"{base}/actions/{action.pk}/edit/",
        f"{base}/communications/",
        f"{base}/communications/new/",
        f"{base}/communications/{communication.pk}/edit/",
        f"{base}/resourcing/",
    ]:
        assert site.visit(path).status == 200, path
    expect(site.page.get_by_role("table", name="Dedicated time per active team")).to_contain_text("Core Team")


def test_empty_teams_pages_are_accessible_and_say_what_belongs_there(site, signed_in, member, dundee):
    signed_in(member)
    base = f"/areas/{dundee.slug}"
    for path in [f"{base}/teams/", f"{base}/meetings/", f"{base}/meetings/new/", f"{base}/actions/"]:
        assert site.visit(path).status == 200, path
    site.visit(f"{base}/communications/")
    site.page.get_by_role("link", name="Log a communication").first.click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Log a communication")


def test_member_records_a_team_then_adds_a_member_after_correcting_an_error(site, signed_in, member, dundee):
    signed_in(member)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/teams/")
    page.get_by_role("link", name="Record a team").first.click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_label("Name").fill("Neglect Implementation Team")
    page.get_by_label("Implementation team").check()
    page.get_by_label("Purpose").fill("Install the practice profile across the city.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neglect Implementation Team")
    expect(page.get_by_role("status")).to_contain_text("Neglect Implementation Team recorded")
    expect(page.get_by_text("Fewer than 3 active members")).to_be_visible()

    page.get_by_role("link", name="Add a member").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_label("Name", exact=True).fill("Jo Bloggs")
    page.get_by_label("Work email").fill("jo.bloggs@council.example.org")
    page.get_by_label("Partner organisation").select_option(label="NHS health board")
    page.get_by_label("Role on the team").select_option(label="Member")  # required: starts on "Choose…"
    page.get_by_label("Dedicated hours a week").fill("75")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state("load")
    site.check_accessibility()  # the form with its error summary must be accessible too
    expect(page.get_by_role("alert")).to_contain_text("More than 60 hours a week is not possible")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Jo Bloggs")
    expect(page.get_by_label("Work email")).to_have_value("jo.bloggs@council.example.org")
    page.get_by_label("Dedicated hours a week").fill("18.5")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/teams/\d+/#members-heading$"))
    expect(page.get_by_role("status")).to_contain_text("Jo Bloggs added to Neglect Implementation Team")
    expect(page.get_by_role("table", name="Current members")).to_contain_text("18.5 hours")
    expect(page.get_by_text("0.50 full-time equivalents")).to_be_visible()
    assert Team.objects.get(area=dundee).members.count() == 1
