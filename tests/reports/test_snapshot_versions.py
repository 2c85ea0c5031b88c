"""Returns frozen in an older snapshot format still show and still go into reports.

`fixtures/snapshot_v1.json` is a version-1 snapshot made by the code of that time (Dundee's demo
return for 2026-27 Q2, before the snapshot froze items answered, measure definitions and CELCIS time
apart). It is rendered on the return page and through the report builder, and upgraded to the
current format the way every stored snapshot is.
"""

import copy
import json
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.quarters import Quarter, quarter_slug
from reports import builder
from reports.models import ReportRun, ReportScope, ReturnStatus
from reports.snapshot import SNAPSHOT_VERSION, build_snapshot, upgrade
from tests.drivers.factories import current_items, scored_assessment
from tests.measures.factories import MeasureFactory, add_values
from tests.reports.factories import QuarterlyReturnFactory

V1 = json.loads((Path(__file__).parent / "fixtures" / "snapshot_v1.json").read_text())
QUARTER = Quarter(2026, 2)


@pytest.fixture
def v1():
    return copy.deepcopy(V1)


def test_the_fixture_is_a_version_1_snapshot_and_new_snapshots_are_the_current_version(dundee):
    assert V1["version"] == 1 and V1["quarter"] == QUARTER.label
    assert SNAPSHOT_VERSION == 2
    assert build_snapshot(dundee, QUARTER)["version"] == SNAPSHOT_VERSION


def test_upgrading_keeps_celcis_time_apart_from_local_partners_and_leaves_the_stored_snapshot_alone(db, v1):
    current = upgrade(v1)
    assert v1 == V1  # the stored snapshot is never changed
    assert (current["version"], current["upgraded_from"]) == (2, 1)
    teams = current["teams"]
    assert "celcis" not in {row["organisation"] for row in teams["by_organisation"]}
    assert teams["local"] == {"members": 16, "hours": "112.5", "fte": "3.04"}
    assert teams["celcis"] == {"members": 1, "hours": "7.5", "fte": "0.20"}
    assert "fte" not in teams  # version 1's total counted CELCIS staff as local resourcing
    assert current["community"]["events"] == [] and current["community"]["attendances"] == 1
    assert upgrade(current) is current  # already current
    assert upgrade({}) == {} and upgrade(None) is None


def test_a_version_1_measure_counts_people_by_the_words_of_its_definition(db, v1):
    measures = {row["name"]: row for row in upgrade(v1)["measures"]}
    families = measures["Demo: Families offered early help within two weeks of a wellbeing concern"]
    assert families["definition"]["counts_people"] is True and families["definition"]["is_proportion"] is True
    assert measures["Demo: Days from a concern to first contact"]["definition"]["counts_people"] is False
    assert measures["Demo: Wellbeing concerns discussed at the weekly huddle"]["definition"]["counts_people"] is False


def test_a_version_1_measure_that_still_exists_takes_its_definition_and_series_from_the_records(dundee, v1):
    # The field says no, but a version-1 return is read by the rule of its time: "families" counts people.
    measure = MeasureFactory(area=dundee, name="Families seen", unit="families", counts_people=False)
    add_values(measure, QUARTER.start, [4, 6, 5, 7])  # July to October: October is after the quarter
    v1["area"]["id"] = dundee.pk
    v1["measures"][0]["id"] = measure.pk
    row = upgrade(v1)["measures"][0]
    assert row["definition"]["counts_people"] is True
    assert row["definition"]["frequency"] == "monthly"
    assert [(point["period"], point["value"]) for point in row["series"]] == [
        ("2026-07-01", 4.0),
        ("2026-08-01", 6.0),
        ("2026-09-01", 5.0),
    ]


def test_a_version_1_drivers_score_gets_its_items_answered_from_the_locked_assessment(dundee, lead, v1):
    items = current_items()
    assessment = scored_assessment(dundee, lead, {item: 2 for item in items if item.driver.key != "coaching"})
    v1["area"]["id"], v1["drivers"]["assessment_id"] = dundee.pk, assessment.pk
    drivers = upgrade(v1)["drivers"]
    assert (drivers["overall_answered"], drivers["overall_total"]) == (
        sum(1 for item in items if item.driver.key != "coaching"),
        len(items),
    )
    coaching = next(row for row in drivers["drivers"] if row["key"] == "coaching")
    assert coaching["answered"] == 0 and coaching["total"] > 0


def test_a_report_part_kept_beside_a_version_1_snapshot_is_used_first(db, v1):
    extras = {
        "drivers": {"overall": {"percent": 85, "answered": 31, "total": 40}, "by_driver": {}},
        "measures": {
            "3": {"name": "Days", "unit": "days", "is_proportion": False, "series": [["2026-09-01", 11.1, None]]}
        },
    }
    current = upgrade(v1, extras=extras)
    assert (current["drivers"]["overall_answered"], current["drivers"]["overall_total"]) == (31, 40)
    days = next(row for row in current["measures"] if row["id"] == 3)
    assert days["series"] == [{"period": "2026-09-01", "value": 11.1, "numerator": None, "denominator": None}]


def test_a_version_1_return_shows_its_figures_on_the_return_page(client_for, lead, dundee, v1):
    QuarterlyReturnFactory(area=dundee, quarter_start=QUARTER.start, accepted=True, snapshot=v1)
    url = reverse("reports:return_detail", kwargs={"area_slug": dundee.slug, "quarter": quarter_slug(QUARTER)})
    response = client_for(lead).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        "Initial implementation",
        "Early help conversations (demo)",
        "East locality (demo)",
        "<strong>85%</strong>",
        "11.1 days",
        "65.8%",
        "Meetings held: 13",
        "Median 40 days to resolve".lower(),
    ):
        assert shown in page or shown in page.lower(), shown


def test_an_upgraded_version_1_return_shows_celcis_time_apart_and_what_is_not_known(db, v1):
    html = render_to_string("reports/_snapshot.html", {"snapshot": upgrade(v1)})
    assert "Local partners: 16 team members with 112.5 dedicated hours a week (3.04 FTE)" in html
    assert "CELCIS staff, counted apart: 1 with 7.5 hours a week (0.20 FTE)" in html
    assert "Not recorded" in html  # the items answered behind each score, unknown in version 1
    assert "11.1 days" in html and "Early help conversations (demo)" in html


def test_a_version_1_return_goes_through_the_report_builder(dundee, v1):
    part = {
        "area": {"id": dundee.pk, "slug": dundee.slug, "name": dundee.name},
        "return": {
            "status": ReturnStatus.ACCEPTED,
            "status_label": "Accepted",
            "due_on": "2026-10-15",
            "submitted_on": "2026-10-10",
            "accepted_on": "2026-10-12",
            "on_time": True,
        },
        "included": True,
        "source": "accepted return",
        "snapshot": v1,
        "narrative": {"support": "Help with coaching (demo)."},
        "history": [],
    }
    run = ReportRun(scope=ReportScope.AREA, area=dundee, quarter_start=QUARTER.start, number=1)
    report = builder.build_report(run, [part])
    html = builder.render_html(report)
    for shown in ("Early help conversations (demo)", "East locality (demo)", "11.1", "3.04", "0.20"):
        assert shown in html, shown
    assert "85% (items answered not recorded)" in html
    tables = {table.caption: table for table in report.tables}
    celcis = tables["CELCIS staff time given to each area's teams"]
    assert [str(cell) for cell in celcis.rows[0]] == ["Dundee City", "1", "0.20"]
    capacity = tables["Local partners' team capacity, meetings and actions"]
    assert [str(cell) for cell in capacity.rows[0][:4]] == ["Dundee City", "16", "3.04", "13"]
