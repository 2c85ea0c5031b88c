"""Quarterly returns and reports in a real browser, every page checked with axe-core: a member
drafts this quarter's narrative (submitted only once the quarter ends),
the lead submits last quarter's, CELCIS returns it with comments, the area changes it and
resubmits, CELCIS accepts it, builds the national report and reads it as a web page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.quarters import Quarter
from reports.models import QuarterlyReturn, ReportRun, ReturnStatus, RunStatus
from tests.drivers.factories import scored_assessment
from tests.reports.factories import NARRATIVE, QuarterlyReturnFactory

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _click(site, role, name, **kwargs):
    site.page.get_by_role(role, name=name, **kwargs).first.click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()


def _switch(site, signed_in, user):
    _click(site, "button", "Sign out")
    signed_in(user)


def test_a_return_from_draft_to_accepted_and_into_the_national_report(site, signed_in, member, lead, celcis, dundee):
    page = site.page
    # A drivers score of 50% for the report's chart, assessed in last quarter (the one reported).
    last_quarter_end = Quarter.of(timezone.localdate()).previous().end
    scored_assessment(dundee, lead, 1, days_ago=(timezone.localdate() - last_quarter_end).days + 5)
    signed_in(member)
    site.visit(f"/areas/{dundee.slug}/returns/")
    # A GET never opens it (issue #16): starting it leads to the new return's page.
    _click(site, "button", "Start this quarter's return")
    quarterly_return = QuarterlyReturn.objects.get(area=dundee)
    _click(site, "link", "Write the narrative")
    for label, key in (
        ("Progress this quarter", "progress"),
        ("What helped", "helped"),
        ("Challenges", "challenges"),
        ("Support needed from CELCIS or nationally", "support"),
        ("Plans for next quarter", "plans"),
        ("Risks", "risks"),
    ):
        page.get_by_label(label).fill(NARRATIVE[key])
    _click(site, "button", "Save draft")
    expect(page.get_by_role("status").first).to_contain_text("Draft saved")

    # The quarter has not ended, so the lead cannot submit it yet (issue 15): the page says from when.
    _switch(site, signed_in, lead)
    site.visit(quarterly_return.get_absolute_url())
    expect(page.get_by_text("You can submit this return from")).to_be_visible()
    expect(page.get_by_role("link", name="Submit to CELCIS")).to_have_count(0)

    # Last quarter's return, written and saved the same way, is submitted by the area lead.
    last = Quarter.of(timezone.localdate()).previous()
    quarterly_return = QuarterlyReturnFactory(area=dundee, quarter_start=last.start, written=True)
    site.visit(quarterly_return.get_absolute_url())
    _click(site, "link", "Submit to CELCIS")
    _click(site, "button", "Submit to CELCIS")
    expect(page.get_by_text("Return submitted to CELCIS")).to_be_visible()

    # CELCIS returns it with a general comment and one on the risks.
    _switch(site, signed_in, celcis)
    site.visit(quarterly_return.get_absolute_url())
    _click(site, "link", "Review this return")
    _click(site, "button", "Return with comments")  # no comment yet: explained, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("What needs to change")
    page.get_by_label("What needs to change").fill("Please say which budget is at risk.")
    page.get_by_label("Comment on “Risks” (optional)").fill("Which budget?")
    _click(site, "button", "Return with comments")
    expect(page.get_by_text("CELCIS comment: Which budget?")).to_be_visible()

    # The member answers the comment beside the section; the lead resubmits.
    _switch(site, signed_in, member)
    site.visit(quarterly_return.get_absolute_url())
    expect(page.get_by_role("status").filter(has_text="Returned by CELCIS")).to_contain_text(
        "Please say which budget is at risk."
    )
    _click(site, "link", "Write the narrative")
    page.get_by_label("Risks").fill("The council's early help budget after March 2027.")
    # Saved as they type, without pressing anything: the words are there after a reload.
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    page.reload()
    expect(page.get_by_label("Risks")).to_have_value("The council's early help budget after March 2027.")
    _click(site, "button", "Save draft")
    _switch(site, signed_in, lead)
    site.visit(quarterly_return.get_absolute_url())
    expect(page.get_by_text("Changed since returned")).to_be_visible()
    _click(site, "link", "Submit to CELCIS")
    _click(site, "button", "Submit to CELCIS")

    # CELCIS accepts, looks at the review and builds the national report.
    _switch(site, signed_in, celcis)
    site.visit(quarterly_return.get_absolute_url())
    _click(site, "link", "Review this return")
    _click(site, "button", "Accept the return")
    expect(page.get_by_text("accepted. It is now locked")).to_be_visible()
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).status == ReturnStatus.ACCEPTED

    slug = quarterly_return.slug
    site.visit(f"/national/review/?quarter={slug}")
    review = page.get_by_role("table", name=re.compile("programme areas, sorted by"))
    expect(review).to_contain_text("Accepted")
    _click(site, "link", "Build a report")
    page.get_by_role("combobox", name=re.compile("^Quarter")).select_option(slug)
    _click(site, "button", "Build the report")
    # Only Dundee's return is accepted: the page says which areas would be left out and asks first.
    expect(page.get_by_role("alert")).to_contain_text("not accepted yet for: Inverclyde, Perth & Kinross")
    assert not ReportRun.objects.exists()
    page.get_by_label(re.compile("Build it even though")).check()
    _click(site, "button", "Build the report")
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    expect(page.get_by_role("heading", level=1)).to_contain_text("National quarterly report")
    _click(site, "link", "Read the report")
    expect(page.get_by_role("heading", name=re.compile("Contents"))).to_be_visible()
    expect(page.get_by_text("The council's early help budget after March 2027.")).to_be_visible()
    expect(page.get_by_role("note").first).to_contain_text("DRAFT")
    expect(page.get_by_role("table", name="Overall drivers score by quarter (%)")).to_contain_text("50")

    # The first page: CELCIS edits the drafted key messages, adds its asks and signs them off.
    site.visit(run.get_absolute_url())
    expect(page.get_by_text("Sign off the key messages before publishing")).to_be_visible()
    _click(site, "link", "Edit and sign off the key messages")
    page.get_by_label("Asks of the Scottish Government").fill("Confirm funding for dedicated time.")
    page.get_by_label("Sign these key messages off for CELCIS").check()
    _click(site, "button", "Save")
    expect(page.get_by_text("Key messages signed off. The report")).to_be_visible()
    _click(site, "link", "Publish this version")
    _click(site, "button", f"Publish version {run.number}")
    _click(site, "link", "Read the report")
    expect(page.get_by_text("Confirm funding for dedicated time.")).to_be_visible()
    expect(page.get_by_text("DRAFT – this version")).to_have_count(0)
    site.visit("/reports/")
    expect(page.get_by_role("table")).to_contain_text("Published")


def test_returns_pages_for_the_other_states_are_accessible(site, signed_in, celcis, lead, dundee):
    from reports import services
    from tests.reports.factories import QuarterlyReturnFactory

    accepted = QuarterlyReturnFactory(area=dundee, written=True)
    services.return_submit(quarterly_return=accepted, actor=lead)
    services.return_accept(quarterly_return=accepted, actor=celcis)
    signed_in(celcis)
    for path in [
        accepted.get_absolute_url(),
        f"/areas/{dundee.slug}/returns/{accepted.slug}/reopen/",
        "/national/review/",
        "/reports/",
        "/reports/new/",
    ]:
        assert site.visit(path).status == 200, path
