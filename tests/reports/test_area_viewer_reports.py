"""An area's Child Protection Committee (area viewers) reads its area's reports: the reports it is
made for. It builds none, and sees no other area's report and no unpublished national one."""

from django.urls import reverse

from reports.models import ReportScope, RunStatus
from tests.reports.factories import ReportRunFactory


def test_an_area_viewer_reads_its_areas_reports_and_no_others(client, area_viewer, dundee, inverclyde):
    ours = ReportRunFactory(scope=ReportScope.AREA, area=dundee, status=RunStatus.DONE)
    theirs = ReportRunFactory(scope=ReportScope.AREA, area=inverclyde, status=RunStatus.DONE)
    national = ReportRunFactory(scope=ReportScope.NATIONAL, status=RunStatus.DONE)
    client.force_login(area_viewer)
    listing = client.get(reverse("reports:run_list"))
    assert listing.status_code == 200
    assert list(listing.context["runs"]) == [ours]
    assert client.get(reverse("reports:run_detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("reports:run_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("reports:run_detail", args=[national.pk])).status_code == 404
    assert client.get(reverse("reports:run_create")).status_code == 403
