"""Stages pages in a real browser, each checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stages import services
from stages.models import ActivityProgress, ActivityStatus, ReadinessQuestion, StageActivity
from tests.innovations.factories import InnovationFactory
from tests.stages import records
from tests.stages.factories import EngagementFactory

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _some_history(area, lead):
    today = timezone.localdate()
    services.stage_change_record(area=area, actor=lead, stage="exploration", entered_on=today - timedelta(days=200))
    services.stage_change_record(
        area=area, actor=lead, stage="installation", entered_on=today - timedelta(days=20), evidence="Funding agreed"
    )
    activity = StageActivity.objects.filter(stage="exploration").first()
    services.activity_progress_save(
        area=area,
        actor=lead,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.DONE,
        started_on=today - timedelta(days=190),
        completed_on=today - timedelta(days=150),
        evidence_link="https://example.org/remit",
    )
    EngagementFactory(area=area, recorded_by=lead)
    return services.readiness_check_record(
        area=area, actor=lead, checked_on=today, scores={q.pk: 4 for q in ReadinessQuestion.objects.all()}
    )


def test_every_stages_page_is_accessible(site, signed_in, lead, member, dundee):
    check = _some_history(dundee, lead)
    services.stage_change_record(
        area=dundee,
        actor=member,
        stage="initial",
        entered_on=timezone.localdate(),
        reason="First practitioners started",
    )
    signed_in(lead)
    for path in [
        f"/areas/{dundee.slug}/",
        f"/areas/{dundee.slug}/stages/",
        f"/areas/{dundee.slug}/stages/change/",
        f"/areas/{dundee.slug}/stages/activities/",
        f"/areas/{dundee.slug}/stages/activities/{StageActivity.objects.first().pk}/",
        f"/areas/{dundee.slug}/stages/history/",
        f"/areas/{dundee.slug}/stages/targets/",
        f"/areas/{dundee.slug}/engagement/",
        f"/areas/{dundee.slug}/engagement/new/",
        f"/areas/{dundee.slug}/readiness/",
        f"/areas/{dundee.slug}/readiness/new/",
        f"/areas/{dundee.slug}/readiness/{check.pk}/",
    ]:
        assert site.visit(path).status == 200, path
    site.page.get_by_role("link", name="Readiness for change").click()  # breadcrumbs lead back
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    site.page.get_by_role("link", name="Stages", exact=True).first.click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    site.page.get_by_role("link", name="Confirm or decline this change").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    site.page.get_by_label("Confirm the change").check()
    site.page.get_by_role("button", name="Save decision").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page.get_by_role("status")).to_contain_text("Stage change confirmed")
    expect(site.page.locator("p.lead")).to_contain_text("Initial implementation")


def test_national_stages_pages_are_accessible(site, signed_in, celcis, lead, dundee):
    _some_history(dundee, lead)
    innovation = InnovationFactory(area=dundee, name="Safe and Together")
    services.stage_change_record(
        area=dundee, actor=lead, stage="exploration", entered_on=timezone.localdate(), subject=innovation
    )
    signed_in(celcis)
    for path in [
        "/national/stages/",
        "/national/stages/activities/",
        "/national/stages/activities/new/",
        f"/national/stages/activities/{StageActivity.objects.first().pk}/edit/",
    ]:
        assert site.visit(path).status == 200, path
    site.visit("/national/stages/")
    expect(site.page.get_by_role("link", name="Safe and Together")).to_be_visible()


def test_member_proposes_going_back_and_must_give_a_reason(site, signed_in, member, lead, dundee):
    services.stage_change_record(
        area=dundee, actor=lead, stage="installation", entered_on=timezone.localdate() - timedelta(days=30)
    )
    signed_in(member)
    site.visit(f"/areas/{dundee.slug}/stages/change/")
    page = site.page
    page.get_by_label("Exploration").check()
    page.get_by_label("Evidence").fill("Two practitioners left in October")
    page.get_by_role("button", name="Propose the change").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("Going back a stage needs a reason")
    expect(page.get_by_label("Evidence")).to_have_value("Two practitioners left in October")
    page.get_by_label("Reason").fill("Staff turnover: re-examining the team's remit")
    page.get_by_role("button", name="Propose the change").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/stages/$"))
    expect(page.get_by_role("status").first).to_contain_text("Stage change proposed")


def test_a_lead_confirms_a_record_as_evidence_and_sets_targets(site, signed_in, lead, dundee):
    """The checklist offers the team record; one button marks the activity done on its date; the
    stage page shows a left-open activity, time in stage and a late target."""
    today = timezone.localdate()
    team = records.team(dundee, name="Neglect implementation team", formed_days_ago=250)
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=today - timedelta(days=300))
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=today - timedelta(days=40))
    services.activity_progress_save(
        area=dundee,
        actor=lead,
        activity=StageActivity.objects.get(title="Agree a communication plan"),
        expected_version=None,
        status=ActivityStatus.IN_PROGRESS,
        started_on=today - timedelta(days=200),
        completed_on=None,
    )
    signed_in(lead)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/stages/activities/")
    expect(page.get_by_text("Left open").first).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Mark done on .*Form or repurpose")).click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status").first).to_contain_text("marked done on")
    expect(page.get_by_role("link", name="Neglect implementation team formed")).to_be_visible()
    record = ActivityProgress.objects.get(activity__title__startswith="Form or repurpose")
    assert (record.completed_on, record.evidence_record_id) == (team.formed_on, team.pk)

    site.visit(f"/areas/{dundee.slug}/stages/")
    page.get_by_role("link", name="Set target dates for the stages").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_label("Finish installation by").fill((today - timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status").first).to_contain_text("Stage target dates saved")
    expect(page.get_by_text("Late", exact=True)).to_be_visible()


def test_an_innovations_stage_pages_with_targets_and_evidence_are_accessible(site, signed_in, lead, dundee):
    innovation = InnovationFactory(area=dundee, name="Safe and Together")
    records.system_slice(dundee, innovation, lead, name="East locality")
    services.stage_change_record(
        area=dundee,
        actor=lead,
        stage="installation",
        entered_on=timezone.localdate() - timedelta(days=30),
        subject=innovation,
    )
    signed_in(lead)
    site.visit(f"/areas/{dundee.slug}/innovations/{innovation.pk}/stage/")
    expect(site.page.get_by_role("link", name="Slice “East locality” of Safe and Together")).to_be_visible()
    site.visit(f"/areas/{dundee.slug}/stages/of/innovations/{innovation.pk}/targets/")
    site.page.get_by_label("Finish full implementation by").fill("2028-03-31")
    site.page.get_by_role("button", name="Save").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page.get_by_role("cell", name="31 Mar 2028")).to_be_visible()
