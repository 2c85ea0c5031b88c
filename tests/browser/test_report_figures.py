"""The export of accepted return figures for analysts, in a real browser and checked with axe: a
national viewer chooses the quarters and downloads the protected figures; CELCIS sees who took what."""

import pytest
from playwright.sync_api import expect

from reports.models import ReportDownload
from tests.reports.factories import PAST, QuarterlyReturnFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_viewer_downloads_protected_figures_and_celcis_sees_the_download(site, signed_in, viewer, celcis, dundee):
    QuarterlyReturnFactory(area=dundee, accepted=True)
    page = site.page
    signed_in(viewer)
    site.visit("/national/returns/figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Return figures for analysts")
    expect(page.get_by_text("are withheld")).to_be_visible()
    page.get_by_label("From").select_option(label=PAST.label)
    page.get_by_label("To").select_option(label=PAST.label)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("table", name="Accepted returns in each quarter")).to_contain_text("1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the figures (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert ReportDownload.objects.filter(user=viewer, kind="csv", run__isnull=True).exists()

    page.get_by_role("button", name="Sign out").click()
    signed_in(celcis)
    site.visit("/national/returns/figures/")
    expect(page.get_by_role("table", name="Who took which figures, newest first")).to_contain_text("disclosure control")
    page.set_viewport_size({"width": 390, "height": 800})
    site.visit("/national/returns/figures/")
