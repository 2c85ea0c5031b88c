"""Drivers pages in a real browser, each checked with axe-core, and one scoring journey with the
draft saved as you go."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from drivers import services
from drivers.models import ItemScore, ItemSet
from teams import services as team_services
from tests.drivers.factories import current_items, scored_assessment
from tests.teams.factories import TeamMemberFactory

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _drivers_data(area, lead):
    """Two completed assessments with movement, an action on a gap, and a draft in progress."""
    owner = TeamMemberFactory(team__area=area, name="Aileen Coach")
    items = current_items()
    scored_assessment(area, lead, {item: position % 3 for position, item in enumerate(items)}, days_ago=240)
    latest = scored_assessment(
        area, lead, {item: (position + 1) % 3 for position, item in enumerate(items)}, days_ago=20
    )
    gap = ItemScore.objects.filter(assessment=latest, score=0).select_related("item").first()
    team_services.action_create(
        area=area,
        actor=lead,
        title="Write the coaching plan",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=30),
        subject=gap,
    )
    draft = scored_assessment(area, lead, {items[0]: 2}, complete=False)
    return latest, gap, draft


def test_every_area_drivers_page_is_accessible(site, signed_in, lead, dundee):
    latest, gap, draft = _drivers_data(dundee, lead)
    signed_in(lead)
    base = f"/areas/{dundee.slug}"
    for path in [
        f"{base}/",
        f"{base}/drivers/",
        f"{base}/drivers/assessments/new/",
        f"{base}/drivers/assessments/{latest.pk}/",
        f"{base}/drivers/assessments/{latest.pk}/correct/",
        f"{base}/drivers/assessments/{latest.pk}/items/{gap.item_id}/action/",
        f"{base}/drivers/assessments/{draft.pk}/",
        f"{base}/drivers/assessments/{draft.pk}/edit/",
        f"{base}/drivers/assessments/{draft.pk}/score/",
        f"{base}/drivers/assessments/{draft.pk}/complete/",
        f"{base}/drivers/progress/",
        f"{base}/drivers/history/",
    ]:
        assert site.visit(path).status == 200, path
    page = site.page
    site.visit(f"{base}/drivers/assessments/{draft.pk}/")  # a draft's scores so far are compared with nothing
    expect(page.locator("main")).to_contain_text("Scores so far: 100% overall, 1 of 33 items answered.")
    expect(page.locator("main")).not_to_contain_text("Down ")
    site.visit(f"{base}/drivers/progress/")
    page.get_by_text("The numbers in this chart").nth(1).click()  # the chart's table opens and is accessible
    site.check_accessibility()
    expect(page.get_by_role("table", name=re.compile("Competency drivers"))).to_contain_text("Selection")


def test_national_drivers_pages_are_accessible(site, signed_in, celcis, lead, other_lead, dundee, inverclyde):
    _drivers_data(dundee, lead)
    scored_assessment(inverclyde, other_lead, 1, days_ago=250)
    signed_in(celcis)
    site.visit("/national/drivers/")
    heatmap = site.page.get_by_role("table", name=re.compile("drivers by programme area"))
    expect(heatmap).to_contain_text("Over six months old")
    expect(heatmap).to_contain_text("No assessment yet")
    for path in ["/national/drivers/items/", "/national/drivers/items/versions/1/"]:
        assert site.visit(path).status == 200, path

    site.visit("/national/drivers/items/versions/new/")
    site.page.get_by_label("What this version changes").fill("Plainer wording")
    site.page.get_by_role("button", name="Start the draft version").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Drivers items, version 2")
    item = ItemSet.objects.get(number=2).items.first()
    for path in [
        "/national/drivers/items/versions/2/items/new/",
        f"/national/drivers/items/versions/2/items/{item.pk}/edit/",
        f"/national/drivers/items/versions/2/items/{item.pk}/remove/",
        "/national/drivers/items/versions/2/publish/",
    ]:
        assert site.visit(path).status == 200, path
    site.page.get_by_role("button", name="Publish this version").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page.get_by_role("status").first).to_contain_text("Version 2 published")


def test_member_scores_with_autosave_tries_to_complete_too_early_then_completes(
    site, signed_in, member, celcis, dundee
):
    signed_in(member)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/drivers/")
    page.get_by_role("link", name="Start an assessment").first.click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_label("Facilitator").select_option(label=celcis.get_full_name())
    page.get_by_label("Role 1", exact=True).fill("Team managers")
    page.get_by_label("Number of people in role 1").fill("3")
    page.get_by_role("button", name="Start scoring").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Score the drivers")

    # Trying to complete with nothing answered is explained, and there is nothing to press.
    page.get_by_role("button", name="Save and complete…").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_text("0 of 33 items are answered; at least 27 (80 %) must be answered")).to_be_visible()
    expect(page.get_by_role("button", name="Complete the assessment")).to_have_count(0)
    page.get_by_role("link", name="Back to scoring").click()
    page.wait_for_load_state("load")
    site.check_accessibility()

    # Scoring saves the draft as you go, and says so politely.
    first = page.get_by_role(
        "group", name="Written criteria for each role are tied to the innovation's values and functions"
    )
    first.get_by_label("In place (2)").check()
    first.get_by_label(re.compile("^Evidence")).fill("Role profiles seen by the team")
    coaching = page.get_by_role("group", name="Coaching uses direct observation")
    coaching.get_by_label("Not in place (0)").check()
    status = page.locator("#autosave-status")
    expect(status).to_contain_text(re.compile(r"Draft saved at \d\d:\d\d\. 2 of 33 items answered"), timeout=10000)
    site.check_accessibility()
    assert ItemScore.objects.filter(score__isnull=False).count() == 2
    assert ItemScore.objects.get(score=2).evidence == "Role profiles seen by the team"

    # Two of 33 answered is too few to complete (80 % are needed): the page says how many more.
    page.get_by_role("button", name="Save and complete…").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_text("2 of 33 items are answered; at least 27 (80 %) must be answered")).to_be_visible()
    expect(page.get_by_text("Answer 25 more items")).to_be_visible()
    page.get_by_role("link", name="Back to scoring").click()
    page.wait_for_load_state("load")

    # The team answers 25 more ("partly in place"), and now it completes.
    fieldsets = page.locator("fieldset")
    added = 0
    for index in range(fieldsets.count()):
        answered = fieldsets.nth(index).locator("input[type=radio]:checked:not([value=''])")
        if added == 25 or answered.count():
            continue
        fieldsets.nth(index).get_by_label("Partly in place (1)").check()
        added += 1
    expect(status).to_contain_text("27 of 33 items answered", timeout=15000)
    page.get_by_role("button", name="Save and complete…").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_text("27 of 33 items answered")).to_be_visible()
    page.get_by_role("button", name="Complete the assessment").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/drivers/assessments/\d+/$"))
    expect(page.get_by_role("status").first).to_contain_text("Assessment completed")
    expect(page.locator("main")).to_contain_text("It is locked")
    expect(page.get_by_role("link", name="Continue scoring")).to_have_count(0)
    expect(page.get_by_role("table", name=re.compile("^Selection"))).to_contain_text("Role profiles seen by the team")


def test_a_clash_while_scoring_is_explained_and_the_typed_answer_kept(site, signed_in, member, lead, dundee):
    draft = scored_assessment(dundee, lead, {}, complete=False)
    signed_in(member)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/drivers/assessments/{draft.pk}/score/")
    # The lead saves from another device after the member opened the page.
    item = current_items()[0]
    services.assessment_save_draft(
        assessment=draft, actor=lead, expected_version=draft.version, answers={item.pk: services.Answer(1, "Lead's")}
    )
    group = page.get_by_role("group", name=item.text)
    group.get_by_label("Not in place (0)").check()
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("someone else saved this draft", timeout=10000)
    site.check_accessibility()
    expect(group.get_by_label("Not in place (0)")).to_be_checked()
    assert ItemScore.objects.get(assessment=draft, item=item).evidence == "Lead's"
    # Choosing Save draft, having been told, keeps the member's answer.
    page.get_by_role("button", name="Save draft").click()
    expect(status).to_contain_text("Draft saved at", timeout=10000)
    assert ItemScore.objects.get(assessment=draft, item=item).score == 0
