"""Improvement cycles in a real browser, every page checked with axe-core: one PDSA cycle taken from
Plan to closed, and the feedback loop."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Cycle
from tests.cycles.factories import CycleFactory, FeedbackItemFactory, UsabilityIterationFactory, filled
from tests.innovations.factories import InnovationFactory
from tests.measures.factories import MeasureFactory

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TODAY = timezone.localdate()


def test_a_pdsa_cycle_from_plan_to_closed(site, signed_in, member, dundee):
    MeasureFactory(area=dundee, name="Concerns discussed at the huddle")
    signed_in(member)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/cycles/")
    expect(page.get_by_text("No cycles yet.")).to_be_visible()
    page.get_by_role("link", name="Plan a cycle").first.click()
    site.check_accessibility()
    page.get_by_label("Title").fill("Weekly wellbeing huddle")
    page.get_by_label("Aim").fill("Concerns discussed within a week")
    page.get_by_label("Change idea").fill("A short weekly huddle")
    page.get_by_label("Concerns discussed at the huddle").check()
    page.get_by_label("Objective of this cycle").fill("Find out whether a huddle helps")
    page.get_by_role("button", name="Save", exact=True).click()
    site.check_accessibility()
    expect(page.get_by_text("Before the cycle moves on from Plan, fill in:")).to_be_visible()

    # Moving on with the plan unfinished: the Plan form marks what is needed and offers the move.
    page.get_by_role("link", name="Fill in and move to Do").click()
    site.check_accessibility()
    expect(page.get_by_text("Needed to move to Do.").first).to_be_visible()
    expect(page.get_by_label("Objective of this cycle")).to_have_value("Find out whether a huddle helps")
    for label, text in [
        ("Questions", "Do practitioners bring concerns?"),
        ("Predictions", "Half of new concerns discussed"),
        ("Who", "Two health visitors"),
        ("What", "A 15-minute huddle"),
        ("Where", "North locality"),
        ("When", "Four weeks"),
        ("Data to collect", "Concerns discussed each week"),
    ]:
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Save and move to Do").click()
    site.check_accessibility()
    expect(page.get_by_text("saved and moved to Do")).to_be_visible()

    # Do: the end date before the start is refused at its field, with the typed text kept.
    page.get_by_role("link", name="Edit the cycle").click()
    site.check_accessibility()
    page.get_by_label("Date the test started").fill((TODAY - timedelta(days=10)).isoformat())
    page.get_by_label("Date the test ended").fill((TODAY - timedelta(days=20)).isoformat())
    page.get_by_label("What happened").fill("Three huddles held")
    page.get_by_label("Problems and observations").fill("One lost to training")
    page.get_by_role("button", name="Save and move to Study").click()
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("The test cannot end before it started")
    expect(page.get_by_label("What happened")).to_have_value("Three huddles held")
    page.get_by_label("Date the test ended").fill((TODAY - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Save and move to Study").click()
    site.check_accessibility()

    page.get_by_role("link", name="Edit the cycle").click()
    site.check_accessibility()
    page.get_by_label("Yes, as planned").check()
    page.get_by_label("No, the results fell short of the predictions").check()
    page.get_by_label("Results against the predictions").fill("30% discussed, not 50%")
    page.get_by_label("What was learned").fill("The huddle needs protected time")
    page.get_by_role("button", name="Save and move to Act").click()
    site.check_accessibility()
    expect(page.get_by_text("points to a problem with the change")).to_be_visible()

    page.get_by_role("link", name="Edit the cycle").click()
    site.check_accessibility()
    page.get_by_label("Adapt").check()
    page.get_by_label("Next steps").fill("Protect the time and try again")
    page.get_by_role("button", name="Save", exact=True).click()
    site.check_accessibility()
    page.get_by_role("link", name="Close the cycle").click()
    site.check_accessibility()
    page.get_by_role("button", name="Close the cycle").click()
    site.check_accessibility()
    expect(page.get_by_text("closed: adapt").first).to_be_visible()
    expect(page.get_by_role("link", name="Edit the cycle")).to_have_count(0)
    cycle = Cycle.objects.get()
    assert cycle.phase == "closed" and cycle.decision == "adapt" and cycle.measures.count() == 1

    # The ramp continues from the closed cycle; the timeline and overview show it.
    page.get_by_role("link", name="Plan the next cycle in this ramp").click()
    site.check_accessibility()
    expect(page.get_by_label("Aim")).to_have_value("Concerns discussed within a week")
    for path in [f"/areas/{dundee.slug}/cycles/timeline/", f"/areas/{dundee.slug}/"]:
        site.visit(path)
    expect(page.get_by_role("table", name="Active cycles by phase")).to_be_visible()


def test_the_feedback_loop_and_the_other_cycle_pages_are_accessible(site, signed_in, lead, dundee):
    innovation = InnovationFactory(area=dundee, name="Conversation guide")
    test = CycleFactory(
        area=dundee,
        kind="usability",
        innovation=innovation,
        success_criteria="4 of 5",
        cohort_size=5,
        **filled("do"),
    )
    iteration = UsabilityIterationFactory(cycle=test, number=1)
    first = CycleFactory(area=dundee, title="First huddle", **filled("closed"))
    second = CycleFactory(area=dundee, title="Second huddle", follows=first, **filled("act"))
    FeedbackItemFactory(area=dundee, title="Rota has no huddle time", raised_on=TODAY - timedelta(days=90))
    item = FeedbackItemFactory(area=dundee, title="Two referral forms", raised_on=TODAY - timedelta(days=4))
    signed_in(lead)
    page = site.page
    base = f"/areas/{dundee.slug}"
    for path in [
        f"{base}/cycles/{test.pk}/",
        f"{base}/cycles/{test.pk}/iterations/new/",
        f"{base}/cycles/{test.pk}/iterations/{iteration.pk}/edit/",
        f"{base}/cycles/{second.pk}/ramp/",
        f"{base}/cycles/{second.pk}/back/",
        f"/areas/{dundee.slug}/innovations/{innovation.pk}/",
        f"{base}/feedback/{item.pk}/",
    ]:
        assert site.visit(path).status == 200, path

    site.visit(f"{base}/feedback/")
    expect(page.get_by_role("table", name=re.compile("Open items by how long"))).to_contain_text("61 to 90 days")
    page.get_by_role("link", name=re.compile("1 overdue")).click()
    site.check_accessibility()
    expect(page.get_by_role("table", name=re.compile("Feedback items"))).to_contain_text("Rota has no huddle time")
    expect(page.get_by_role("table", name=re.compile("Feedback items"))).not_to_contain_text("Two referral forms")

    site.visit(f"{base}/feedback/new/")
    page.get_by_label("Barrier").fill("Guidance unclear")
    page.get_by_label("Description").fill("Staff unsure what they may share")
    page.get_by_label("Raised from").select_option("practice")
    page.get_by_label("Status").select_option("routed")
    page.get_by_role("button", name="Save").click()
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("A routed barrier names the team or body it went to.")
    page.get_by_label("Routed to").select_option("cpc")
    page.get_by_label("Date routed").fill(TODAY.isoformat())
    page.get_by_role("button", name="Save").click()
    site.check_accessibility()
    expect(page.get_by_text("Child Protection Committee on")).to_be_visible()


def test_stalled_cycles_a_branching_ramp_and_changes_to_share_back(site, signed_in, member, dundee):
    first = CycleFactory(area=dundee, title="Weekly huddle in one team", **filled("closed"))
    CycleFactory(area=dundee, title="Tuesday huddle", follows=first, **filled("closed"))
    CycleFactory(
        area=dundee,
        title="Huddles in every locality",
        follows=first,
        **filled("study"),
        phase_changed_on=TODAY - timedelta(days=61),
    )
    FeedbackItemFactory(
        area=dundee,
        title="Template missing from the case system",
        raised_on=TODAY - timedelta(days=30),
        status="changed",
        response="Added to the case system",
        resolved_on=TODAY - timedelta(days=3),
    )
    signed_in(member)
    page = site.page
    base = f"/areas/{dundee.slug}"
    site.visit(f"{base}/")
    page.get_by_role("link", name=re.compile("1 stalled")).click()
    site.check_accessibility()
    expect(page.get_by_role("table", name=re.compile("Cycles"))).to_contain_text("Huddles in every locality")
    expect(page.get_by_role("table", name=re.compile("Cycles"))).not_to_contain_text("Tuesday huddle")
    page.get_by_role("link", name="Huddles in every locality", exact=True).click()
    site.check_accessibility()
    expect(page.get_by_text("with no phase change: it is stalled")).to_be_visible()
    page.get_by_role("link", name="See the whole ramp").click()
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ramp of 3 cycles")
    expect(
        page.get_by_role("list", name="Cycles following Weekly huddle in one team").get_by_role("heading")
    ).to_have_count(2)
    page.set_viewport_size({"width": 390, "height": 800})
    site.check_accessibility()
    page.set_viewport_size({"width": 1280, "height": 800})
    site.visit(f"{base}/feedback/")
    section = page.get_by_role("region", name="Changes made, not yet shared back with practice")
    section.get_by_role("link", name=re.compile("record sharing it back")).click()
    site.check_accessibility()
    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Save").click()
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("give the date it was shared back")
    page.get_by_label("Date the response was shared with practice").fill(TODAY.isoformat())
    page.get_by_role("button", name="Save").click()
    site.check_accessibility()
    expect(page.get_by_text("Resolved in 30 days")).to_be_visible()
