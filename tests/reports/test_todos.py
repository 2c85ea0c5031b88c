"""Returns and reports in people's to-do lists: each item for the right person, gone once done, and
a fixed number of queries however many areas and records."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.quarters import Quarter
from core.todos import TodoScope, Urgency
from reports import todos
from reports.models import QuarterlyReturn, ReportScope, ReturnStatus, RunStatus
from tests.factories import LocalAreaFactory
from tests.reports.factories import QuarterlyReturnFactory, ReportRunFactory

Q3, Q4 = Quarter(2026, 3), Quarter(2026, 4)  # Q3 (Oct–Dec 2026) is due 15 Jan 2027
IN_TIME, LATE = date(2027, 1, 5), date(2027, 1, 20)


@pytest.fixture(autouse=True)
def joined_long_ago(dundee, inverclyde):
    for area in (dundee, inverclyde):
        area.date_joined = date(2025, 4, 1)
        area.save()


def _scope(user, *areas, leads=(), celcis=False, today=IN_TIME):
    return TodoScope(
        user=user, areas=list(areas), lead_area_ids={a.pk for a in leads}, celcis=celcis, community=True, today=today
    )


def _items(scope, key=None):
    return [item for item in todos.items(scope) if key is None or item.key == key]


def _return(area, quarter=Q3, **kwargs):
    return QuarterlyReturnFactory(area=area, quarter_start=quarter.start, **kwargs)


def _set(quarterly_return, **fields):
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(**fields)


# --- Members and leads ------------------------------------------------------------------------------


def test_members_and_leads_see_the_quarters_return_with_its_due_date(dundee, inverclyde, member, lead, other_member):
    draft = _return(dundee)
    (mine,) = [i for i in _items(_scope(member, dundee)) if "Q3" in i.title]
    assert mine.title == "Continue the 2026-27 Q3 return" and "lead submits" in mine.detail
    assert mine.urgency == Urgency.DUE_SOON and mine.due == date(2027, 1, 15) and mine.area == "Dundee City"
    assert mine.url == draft.get_absolute_url()
    (leads,) = [i for i in _items(_scope(lead, dundee, leads=[dundee])) if "Q3" in i.title]
    assert leads.title == "Continue and submit the 2026-27 Q3 return"
    # The next quarter's return, not opened yet, is further off.
    (start,) = [i for i in _items(_scope(member, dundee)) if "Q4" in i.title]
    assert start.title == "Start the 2026-27 Q4 return" and start.urgency == Urgency.UPCOMING
    assert start.url == f"/areas/{dundee.slug}/returns/"
    # Another area's member is told nothing about Dundee.
    assert all(i.area == "Inverclyde" for i in _items(_scope(other_member, inverclyde)))


def test_a_return_past_its_due_date_is_overdue_until_submitted(dundee, lead):
    draft = _return(dundee)
    (item,) = [i for i in _items(_scope(lead, dundee, leads=[dundee], today=LATE)) if "Q3" in i.title]
    assert item.urgency == Urgency.OVERDUE
    _set(draft, status=ReturnStatus.SUBMITTED, submitted_at=timezone.now())
    assert not [i for i in _items(_scope(lead, dundee, leads=[dundee], today=LATE)) if "Q3" in i.title]


def test_a_return_sent_back_is_overdue_until_resubmitted(dundee, member, lead):
    returned = _return(dundee, status=ReturnStatus.RETURNED, reviewed_at=timezone.now(), review_comment="Add figures.")
    (item,) = _items(_scope(member, dundee), "reports.return_sent_back")
    assert item.title == "Revise the 2026-27 Q3 return sent back by CELCIS" and item.urgency == Urgency.OVERDUE
    assert item.since == timezone.localdate() and item.detail == "Add figures."
    (item,) = _items(_scope(lead, dundee, leads=[dundee]), "reports.return_sent_back")
    assert item.title.startswith("Revise and resubmit")
    _set(returned, status=ReturnStatus.SUBMITTED)
    assert not _items(_scope(member, dundee), "reports.return_sent_back")


def test_an_accepted_return_is_mentioned_for_two_weeks(dundee, lead):
    accepted = _return(dundee, accepted=True)
    today = timezone.localdate()
    (item,) = _items(_scope(lead, dundee, leads=[dundee], today=today), "reports.return_accepted")
    assert item.urgency == Urgency.UPCOMING and "accepted" in item.title
    _set(accepted, accepted_at=timezone.now() - timedelta(days=15))
    assert not _items(_scope(lead, dundee, leads=[dundee], today=today), "reports.return_accepted")


# --- CELCIS ------------------------------------------------------------------------------------------


def test_celcis_sees_returns_to_review_until_accepted(dundee, inverclyde, celcis):
    submitted = _return(dundee, submitted=True)
    scope = _scope(celcis, dundee, inverclyde, celcis=True)
    (item,) = _items(scope, "reports.return_review")
    assert item.title == "Review Dundee City's 2026-27 Q3 return" and item.urgency == Urgency.DUE_SOON
    assert item.url == f"/areas/{dundee.slug}/returns/2026-27-q3/review/"
    assert not _items(scope, "reports.return_due")  # the area's own work is not CELCIS's
    _set(submitted, status=ReturnStatus.ACCEPTED, accepted_at=timezone.now())
    assert not _items(scope, "reports.return_review")
    # A specialist whose scope is Inverclyde only does not see Dundee's.
    _set(submitted, status=ReturnStatus.SUBMITTED)
    assert not _items(_scope(celcis, inverclyde, celcis=True), "reports.return_review")


def test_celcis_sees_late_and_missing_returns(dundee, inverclyde, celcis):
    _return(inverclyde)
    scope = _scope(celcis, dundee, inverclyde, celcis=True, today=LATE)
    late = {i.area: i for i in _items(scope, "reports.return_late")}
    assert late["Dundee City"].title == "Follow up Dundee City's 2026-27 Q3 return: not started"
    assert late["Dundee City"].url == "/national/review/?quarter=2026-27-q3"
    assert late["Inverclyde"].title.endswith("not submitted") and late["Inverclyde"].urgency == Urgency.OVERDUE
    assert not _items(_scope(celcis, dundee, inverclyde, celcis=True, today=IN_TIME), "reports.return_late")
    _return(dundee, submitted=True)
    assert [i.area for i in _items(scope, "reports.return_late")] == ["Inverclyde"]


def test_celcis_sees_returns_sent_back_and_not_resubmitted(dundee, celcis):
    returned = _return(dundee, status=ReturnStatus.RETURNED, reviewed_at=timezone.now())
    scope = _scope(celcis, dundee, celcis=True)
    assert len(_items(scope, "reports.return_not_resubmitted")) == 1
    _set(returned, status=ReturnStatus.SUBMITTED, submitted_at=timezone.now())
    assert not _items(scope, "reports.return_not_resubmitted")


def test_celcis_sees_failed_builds_and_reports_to_publish(dundee, celcis):
    scope = _scope(celcis, dundee, celcis=True)
    ReportRunFactory(quarter_start=Q3.start, number=1, status=RunStatus.FAILED, error="PDF failed")
    (failed,) = _items(scope, "reports.run_failed")
    assert failed.title.startswith("Build the National quarterly report 2026-27 Q3 again")
    built = ReportRunFactory(quarter_start=Q3.start, number=2, status=RunStatus.DONE, finished_at=timezone.now())
    assert not _items(scope, "reports.run_failed")  # built since
    (publish,) = _items(scope, "reports.run_unpublished")
    assert publish.url == built.get_absolute_url()
    built.published = True
    built.save()
    assert not _items(scope, "reports.run_unpublished")
    ReportRunFactory(scope=ReportScope.AREA, area=dundee, quarter_start=Q3.start, number=1, status=RunStatus.FAILED)
    assert [i.area for i in _items(scope, "reports.run_failed")] == ["Dundee City"]


def test_members_get_no_celcis_items(dundee, member):
    _return(dundee, submitted=True)
    ReportRunFactory(quarter_start=Q3.start, number=1, status=RunStatus.FAILED)
    keys = {i.key for i in _items(_scope(member, dundee))}
    assert not keys & {"reports.return_review", "reports.run_failed", "reports.return_late"}


# --- Queries ------------------------------------------------------------------------------------------


def _count(scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        todos.items(scope)
    return len(captured.captured_queries)


@pytest.mark.parametrize("celcis_scope", [False, True])
def test_the_query_count_stays_flat_as_areas_and_records_grow(celcis, lead, celcis_scope):
    areas = []

    def add_rows():
        area = LocalAreaFactory(date_joined=date(2025, 4, 1))
        areas.append(area)
        _return(area, status=ReturnStatus.RETURNED, reviewed_at=timezone.now())
        _return(area, quarter=Q4)
        _return(area, quarter=Quarter(2026, 2), submitted=True)
        ReportRunFactory(scope=ReportScope.AREA, area=area, quarter_start=Q3.start, status=RunStatus.FAILED)

    user = celcis if celcis_scope else lead
    add_rows()
    small = _count(_scope(user, *areas, leads=areas, celcis=celcis_scope, today=LATE))
    for _ in range(4):
        add_rows()
    scope = _scope(user, *areas, leads=areas, celcis=celcis_scope, today=LATE)
    assert _count(scope) == small <= 2
    assert len(todos.items(scope)) >= 10
