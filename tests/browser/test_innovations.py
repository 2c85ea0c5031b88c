"""Innovations pages in a real browser, each checked with axe-core, with the demo data behind them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from areas.demo import DEMO_PASSWORD
from areas.models import User
from innovations.models import FidelityCheck, Innovation, InnovationStatus
from tests.innovations.pages import PROFILE, REGISTER, SCALE_AND_EXPLORATION, STAGE_AND_FIDELITY, page_urls, seed_demo

# serialized_rollback: restore the rows data migrations load (areas, catalogues, indicators) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _visit_all(site, signed_in, names):
    seed_demo()
    pages = page_urls()
    signed_in(User.objects.get(username="dundee-lead"), password=DEMO_PASSWORD)
    for name in names:
        assert site.visit(pages[name]).status == 200, name


def test_register_and_description_pages_are_accessible(site, signed_in):
    _visit_all(site, signed_in, REGISTER)
    site.visit("/areas/dundee/")  # the overview with the innovations panel
    expect(site.page.locator("#panel-innovations")).to_have_text("Innovations")


def test_practice_profile_and_usability_pages_are_accessible(site, signed_in):
    _visit_all(site, signed_in, PROFILE)


def test_stage_and_fidelity_pages_are_accessible(site, signed_in):
    _visit_all(site, signed_in, STAGE_AND_FIDELITY)
    # The chart's numbers open up as a table.
    site.page.goto(site.page.url.split("/fidelity/")[0] + "/fidelity/")
    site.page.get_by_text("The numbers in this chart").click()
    site.check_accessibility()
    expect(site.page.get_by_role("table", name=re.compile("intended practitioners at fidelity"))).to_be_visible()


def test_scale_up_and_exploration_pages_are_accessible(site, signed_in):
    _visit_all(site, signed_in, SCALE_AND_EXPLORATION)


def test_member_records_a_check_dated_in_the_future_then_corrects_it(site, signed_in):
    seed_demo()
    innovation = Innovation.objects.get(area__slug="dundee", status=InnovationStatus.IN_USE)
    checks_before = FidelityCheck.objects.count()
    signed_in(User.objects.get(username="dundee-member"), password=DEMO_PASSWORD)
    site.visit(f"/areas/dundee/innovations/{innovation.pk}/fidelity/")
    page = site.page
    page.get_by_role("link", name="Record a fidelity check").click()
    page.wait_for_load_state("load")
    site.check_accessibility()

    page.get_by_label("Practitioner code").select_option(label="DD-P02")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Date of the check").fill(tomorrow.isoformat())
    page.get_by_label("Who assessed").fill("Coach (team lead)")
    for item in page.locator("fieldset input[type=radio][value=met]").all():
        item.check()
    page.locator("fieldset input[inputmode=numeric]").fill("3")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("dated in the future")
    expect(page.get_by_label("Who assessed")).to_have_value("Coach (team lead)")
    assert FidelityCheck.objects.count() == checks_before

    page.get_by_label("Date of the check").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/fidelity/checks/\d+/$"))
    expect(page.get_by_role("status").first).to_contain_text("DD-P02 meets fidelity (100%)")
    assert FidelityCheck.objects.count() == checks_before + 1


def test_member_follows_an_overdue_check_and_records_a_change_in_a_slices_figures(site, signed_in):
    seed_demo()
    innovation = Innovation.objects.get(area__slug="dundee", status=InnovationStatus.IN_USE)
    signed_in(User.objects.get(username="dundee-member"), password=DEMO_PASSWORD)
    site.visit(f"/areas/dundee/innovations/{innovation.pk}/fidelity/")
    page = site.page
    expect(page.get_by_role("table", name=re.compile("check overdue per financial-year quarter"))).to_contain_text(
        "1 overdue"
    )
    page.get_by_role("link", name="When each practitioner's next check is due").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("row").nth(1)).to_contain_text("Overdue")

    site.visit(f"/areas/dundee/innovations/{innovation.pk}/fidelity/")
    page.get_by_role("link", name="Record a change in practitioners intended or trained").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_label("Slice of the system").select_option(label="East locality (demo)")
    page.get_by_label("Practitioners intended to use it").fill("9")
    page.get_by_label("Practitioners trained").fill("12")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("More practitioners trained (12)")
    page.get_by_label("Practitioners trained").fill("8")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status").first).to_contain_text("until the next change")
    expect(page.get_by_role("table", name=re.compile("check overdue per financial-year quarter"))).to_contain_text(
        "15"  # 9 in the zone and 6 in the school cluster, this quarter
    )
