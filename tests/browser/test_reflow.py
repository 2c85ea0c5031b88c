"""WCAG reflow: the widest pages — the national review, a quarterly return with its figures and a
national report — at 1280 px and 200 % zoom (a 640 px wide view) fit the width, their wide tables
scrolling in their own regions, with no axe violations. (Every page a browser test visits is also
checked at a phone's 390 px by tests/browser/conftest.py.)"""

import pytest

from reports import services
from tests.drivers.factories import scored_assessment
from tests.reports.factories import NARRATIVE, PAST, QuarterlyReturnFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ZOOMED_LAPTOP = {"width": 640, "height": 450}  # 1280 × 900 at 200 %


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_widest_pages_reflow_at_200_percent_zoom(site, signed_in, lead, celcis, dundee):
    scored_assessment(dundee, lead, 1)
    quarterly_return = QuarterlyReturnFactory(area=dundee, **NARRATIVE)
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    services.return_accept(quarterly_return=quarterly_return, actor=celcis)
    run = services.report_run_request(actor=celcis, scope="national", quarter=PAST)
    services.report_run_queue(run)  # in-process without a broker: built now
    run.refresh_from_db()
    assert run.status == "done", run.error

    signed_in(celcis)
    for path in ("/national/review/", quarterly_return.get_absolute_url(), f"/reports/{run.pk}/report/"):
        site.visit(path)
        site.check_narrow(ZOOMED_LAPTOP)
