"""The returns list reads only the columns its table shows (a return's frozen snapshot is large),
in the same number of queries however many returns the area has made."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.quarters import Quarter
from reports.models import ReturnStatus
from tests.query_budget import assert_flat_query_count
from tests.reports.factories import QuarterlyReturnFactory


def _more_returns(area):
    """Each call: a past financial year's four accepted returns, each with a large frozen snapshot."""
    counter = {"n": 0}

    def add():
        counter["n"] += 1
        for number in (1, 2, 3, 4):
            QuarterlyReturnFactory(
                area=area,
                quarter_start=Quarter(2000 + counter["n"], number).start,
                accepted=True,
                snapshot={"figures": list(range(500))},
            )

    return add


def test_the_returns_list_does_not_grow_and_leaves_the_snapshots_unread(client_for, lead, dundee):
    client = client_for(lead)
    url = reverse("reports:return_list", args=[dundee.slug])
    assert_flat_query_count(client, url, _more_returns(dundee), factor=8, max_queries=7)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    listing = next(
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "reports_quarterlyreturn"' in q["sql"] and "ORDER BY" in q["sql"]
    )
    assert "snapshot" not in listing and "narrative_when_returned" not in listing
    rows = response.context["returns"]
    assert len(rows) == 25 and response.context["paginator"].count == 32
    assert all(r.status == ReturnStatus.ACCEPTED for r in rows)
    page = response.content.decode()
    assert rows[0].get_absolute_url() in page and "Accepted" in page
