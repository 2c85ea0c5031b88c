"""Exports for analysts and what national viewers may read: the long-format export of accepted return
figures (exact for CELCIS, protected for viewers, every download recorded), text that never becomes
a formula in CSV or XLSX, and viewers kept to accepted returns without CELCIS's review."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.quarters import quarter_slug
from reports import builder, services
from reports.builder.export import csv_safe
from reports.models import ReportDownload, ReportRun, ReportScope, ReturnStatus
from tests.innovations.factories import InnovationFactory
from tests.query_budget import assert_flat_query_count
from tests.reports.factories import NARRATIVE, PAST, QuarterlyReturnFactory
from tests.reports.test_disclosure import _innovation, _part, _snapshot
from tests.stages.factories import EngagementFactory

INJECTIONS = ["=1+1", '=HYPERLINK("http://x","y")']
URL = reverse("reports:figures_export")
QUERY = f"?first={quarter_slug(PAST)}&last={quarter_slug(PAST)}"


@pytest.fixture
def accepted(dundee, lead, celcis):
    for name in INJECTIONS:
        InnovationFactory(area=dundee, name=name)
    EngagementFactory(area=dundee, held_on=PAST.start, level="practitioners", participants=3, recorded_by=lead)
    quarterly_return = QuarterlyReturnFactory(area=dundee, **NARRATIVE)
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    return services.return_accept(quarterly_return=quarterly_return, actor=celcis)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _figure(rows, figure):
    return next(row for row in rows if row[3] == figure)


def test_celcis_gets_exact_figures_and_viewers_protected_ones_each_download_recorded(
    accepted, client_for, celcis, viewer
):
    exact = _csv(client_for(celcis).get(reverse("reports:figures_download", args=["csv"]) + QUERY))
    assert exact[0] == ["Area", "Quarter", "Section", "Figure", "Value", "Unit", "Protected"]
    assert _figure(exact, "Practitioners: participants")[4:] == ["3", "people", "No"]
    protected = _csv(client_for(viewer).get(reverse("reports:figures_download", args=["csv"]) + QUERY))
    assert _figure(protected, "Practitioners: participants")[4:] == ["<5", "people", "Yes"]
    assert _figure(protected, "All levels: participants")[4:] == ["<5", "people", "Yes"]
    downloads = ReportDownload.objects.filter(run__isnull=True).order_by("pk")
    assert [(d.user, d.kind) for d in downloads] == [(celcis, "csv"), (viewer, "csv")]
    assert "exact" in downloads[0].description and "disclosure control" in downloads[1].description


def test_typed_names_come_out_of_the_csv_and_xlsx_exports_as_text(accepted, client_for, celcis):
    client = client_for(celcis)
    rows = _csv(client.get(reverse("reports:figures_download", args=["csv"]) + QUERY))
    figures = [row[3] for row in rows]
    for name in INJECTIONS:
        assert f"'{name}: practitioners intended" in figures
    response = client.get(reverse("reports:figures_download", args=["xlsx"]) + QUERY)
    sheet = load_workbook(io.BytesIO(response.content))["Figures"]
    cells = [row[3] for row in sheet.iter_rows(min_row=2)]
    for name in INJECTIONS:
        found = next(c for c in cells if c.value == f"{name}: practitioners intended")
        assert found.data_type == "s"  # text, not a formula
    assert sheet.freeze_panes == "A2"


def test_csv_escapes_every_start_a_spreadsheet_would_run():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_safe(f"{start}cmd") == f"'{start}cmd"
    assert csv_safe("Dundee") == "Dundee"
    assert csv_safe(-3) == "-3"  # a number is written as a number


def test_the_report_annex_keeps_typed_names_as_text_and_numbers_as_numbers(settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    innovation = _innovation(11, 20, 12, 10) | {"name": "=1+1"}
    parts = [_part(1, '=HYPERLINK("http://x","y")', _snapshot(innovation=innovation))]
    run = ReportRun(scope=ReportScope.NATIONAL, quarter_start=PAST.start, number=1)
    workbook = load_workbook(io.BytesIO(builder.render_xlsx(builder.build_report(run, parts))))
    sheet = workbook["Innovations"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert "Proportion at fidelity (%)" in header
    row = list(sheet[2])
    assert (row[0].value, row[0].data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert (row[1].value, row[1].data_type) == ("=1+1", "s")
    assert row[header.index("Practitioners intended")].value == 20
    assert row[header.index("Proportion at fidelity (%)")].value == 50
    assert "Notes" in workbook.sheetnames and "Key messages" in workbook.sheetnames
    assert [c.value for c in workbook["Notes"][1]] == ["Symbol", "Meaning"]


def test_the_export_page_and_download_use_a_fixed_number_of_queries(client_for, celcis, lead, dundee, inverclyde):
    client = client_for(celcis)
    areas = iter([dundee, inverclyde])

    def add_rows():
        area = next(areas, None)
        if area is None:
            from tests.factories import LocalAreaFactory

            area = LocalAreaFactory()
        QuarterlyReturnFactory(area=area, accepted=True)

    assert_flat_query_count(client, URL + QUERY, add_rows, factor=3, max_queries=15)
    assert_flat_query_count(client, reverse("reports:figures_download", args=["csv"]) + QUERY, add_rows, factor=2)


@pytest.mark.parametrize("status", [ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, ReturnStatus.RETURNED])
def test_viewers_get_404_on_a_return_that_is_not_accepted(client_for, viewer, dundee, status):
    traits = {"submitted": True} if status == ReturnStatus.SUBMITTED else {}
    quarterly_return = QuarterlyReturnFactory(area=dundee, **traits)
    QuarterlyReturnFactory._meta.model.objects.filter(pk=quarterly_return.pk).update(status=status)
    assert client_for(viewer).get(quarterly_return.get_absolute_url()).status_code == 404


def test_viewers_read_accepted_returns_without_celcis_review(client_for, viewer, member, dundee):
    accepted = QuarterlyReturnFactory(
        area=dundee,
        accepted=True,
        review_comment="Private note to the area (test)",
        section_comments={"risks": "Which budget? (test)"},
    )
    QuarterlyReturnFactory(area=dundee, quarter_start=PAST.previous().start)  # a draft
    page = client_for(viewer).get(accepted.get_absolute_url()).content.decode()
    assert "Private note to the area" not in page and "Which budget?" not in page
    assert "Full history of changes" not in page
    listing = client_for(viewer).get(reverse("reports:return_list", args=[dundee.slug])).content.decode()
    assert accepted.get_absolute_url() in listing
    assert quarter_slug(PAST.previous()) not in listing
    own = client_for(member).get(accepted.get_absolute_url()).content.decode()
    assert "Which budget?" in own
