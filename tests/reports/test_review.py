"""The CELCIS review page: every programme area for a quarter, sortable and filterable, each cell
linking to its record, completeness and timeliness per quarter, and flat query counts."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.quarters import quarter_slug
from reports.models import ReturnStatus
from tests.drivers.factories import current_items, scored_assessment
from tests.measures.factories import MeasureFactory, add_values
from tests.query_budget import assert_flat_query_count
from tests.reports.factories import PAST, QuarterlyReturnFactory, ReportRunFactory
from tests.stages.factories import StageChangeFactory
from tests.teams.factories import ActionFactory

REVIEW = reverse("reports:review")


def _page(client, **params):
    return client.get(REVIEW, {"quarter": quarter_slug(PAST), **params}).content.decode()


def test_each_area_shows_its_return_and_position_with_links(client_for, celcis, dundee, inverclyde, lead):
    on_time = timezone.make_aware(timezone.datetime(2026, 7, 10, 12))
    quarterly_return = QuarterlyReturnFactory(
        area=dundee, accepted=True, first_submitted_at=on_time, accepted_at=on_time + timedelta(days=3)
    )
    QuarterlyReturnFactory(area=inverclyde, submitted=True, first_submitted_at=on_time + timedelta(days=20))
    StageChangeFactory(area=dundee, stage="initial", entered_on=date(2025, 1, 1), recorded_by=lead)
    scored_assessment(dundee, lead, 1)
    latest = scored_assessment(dundee, lead, dict.fromkeys(current_items(), 2))
    ActionFactory(area=dundee, created_by=lead, due_date=timezone.localdate() - timedelta(days=3))
    measure = MeasureFactory(area=dundee)
    add_values(measure, date(2024, 1, 1), [5] * 8 + [20])

    page = _page(client_for(celcis))
    assert quarterly_return.get_absolute_url() in page
    assert "10 Jul 2026" in page and "13 Jul 2026" in page
    assert "Late" in page  # Inverclyde submitted on 30 July, after the due date of 15 July
    assert "Initial implementation" in page
    assert reverse("drivers:assessment_detail", args=[dundee.slug, latest.pk]) in page
    assert ">100%<" in page and "Up 50 points" in page
    assert f"/areas/{dundee.slug}/actions/?status=overdue" in page
    assert f"/areas/{dundee.slug}/measures/?signals=yes" in page
    assert "Perth &amp; Kinross" in page and "Not opened" in page


def test_filter_by_status_and_sort(client_for, celcis, dundee, inverclyde):
    QuarterlyReturnFactory(area=dundee, accepted=True)
    QuarterlyReturnFactory(area=inverclyde, status=ReturnStatus.DRAFT)
    client = client_for(celcis)
    page = _page(client, status="accepted")
    assert "Dundee City" in page and ">Inverclyde<" not in page
    page = _page(client, sort="status")
    assert page.index("Perth &amp; Kinross") < page.index(">Inverclyde<") < page.index(">Dundee City<")


def test_completeness_and_timeliness_per_quarter(client_for, viewer, dundee, inverclyde, settings):
    current = timezone.localdate()
    due = PAST.end + timedelta(days=settings.RETURN_DUE_DAYS)
    QuarterlyReturnFactory(
        area=dundee,
        accepted=True,
        first_submitted_at=timezone.make_aware(timezone.datetime.combine(due, timezone.datetime.min.time())),
    )
    QuarterlyReturnFactory(
        area=inverclyde,
        submitted=True,
        first_submitted_at=timezone.make_aware(
            timezone.datetime.combine(due + timedelta(days=1), timezone.datetime.min.time())
        ),
    )
    from reports.selectors import completeness

    row = completeness([PAST], 3, today=current)[0]
    assert (row.submitted, row.on_time, row.accepted, row.late_unsubmitted) == (2, 1, 1, 0)
    page = _page(client_for(viewer))
    assert "Completeness and timeliness" in page
    assert "2 of 3" in page


def test_the_review_page_query_count_does_not_grow_with_data(client_for, celcis, lead, dundee, inverclyde, settings):
    # Measured with nothing cached: every measure is analysed on every load (the worst case).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = client_for(celcis)
    counter = {"n": 0}

    def add_rows():
        counter["n"] += 1
        for area in (dundee, inverclyde):
            scored_assessment(area, lead if area == dundee else celcis, 1)
            ActionFactory(area=area, created_by=lead, due_date=timezone.localdate() - timedelta(days=2))
            StageChangeFactory(
                area=area, stage="installation", entered_on=date(2025, 1, counter["n"]), recorded_by=lead
            )
            add_values(MeasureFactory(area=area), date(2025, 1, 1), [1, 2, 3])

    QuarterlyReturnFactory(area=dundee, accepted=True)
    QuarterlyReturnFactory(area=inverclyde, submitted=True)
    assert_flat_query_count(client, f"{REVIEW}?quarter={quarter_slug(PAST)}", add_rows, factor=3, max_queries=25)


def test_the_reports_list_query_count_does_not_grow_with_runs(client_for, celcis):
    client = client_for(celcis)

    def add_rows():
        for _ in range(3):
            ReportRunFactory(requested_by=celcis)

    assert_flat_query_count(client, reverse("reports:run_list"), add_rows, max_queries=12)


def test_the_returns_list_query_count_does_not_grow_with_returns(client_for, member, dundee):
    client = client_for(member)
    quarters = [PAST]

    def add_rows():
        for _ in range(2):
            quarters.append(quarters[-1].previous())
            QuarterlyReturnFactory(area=dundee, quarter_start=quarters[-1].start, submitted=True, submitted_by=member)

    assert_flat_query_count(client, reverse("reports:return_list", args=[dundee.slug]), add_rows, max_queries=15)


def test_active_cycles_and_feedback_open_over_60_days_link_to_the_cycles_pages(client_for, celcis, dundee):
    from tests.cycles.factories import CycleFactory, FeedbackItemFactory, filled

    CycleFactory(area=dundee)
    CycleFactory(area=dundee, **filled("study"))
    CycleFactory(area=dundee, **filled("closed"))
    FeedbackItemFactory(area=dundee, raised_on=timezone.localdate() - timedelta(days=61))
    FeedbackItemFactory(area=dundee, raised_on=timezone.localdate() - timedelta(days=59))
    from reports.selectors import cycles_review_figures

    assert cycles_review_figures([dundee.pk], timezone.localdate()) == {
        dundee.pk: {"active_cycles": 2, "stalled_cycles": 0, "feedback_open_long": 1}
    }
    page = _page(client_for(celcis))
    assert f"/areas/{dundee.slug}/cycles/" in page
    assert f"/areas/{dundee.slug}/feedback/?status=overdue" in page


def test_the_review_page_flags_each_areas_stalled_cycles(client_for, celcis, dundee, inverclyde):
    from tests.cycles.factories import CycleFactory

    today = timezone.localdate()
    CycleFactory(area=dundee, phase_changed_on=today - timedelta(days=61))  # stalled
    CycleFactory(area=dundee, phase_changed_on=today - timedelta(days=59))  # not yet
    page = _page(client_for(celcis))
    assert "Stalled cycles</th>" in page
    assert f'{reverse("cycles:list", args=[dundee.slug])}?phase=stalled">1<' in page
    assert f'{reverse("cycles:list", args=[inverclyde.slug])}?phase=stalled">0<' in page


def test_the_review_query_count_does_not_grow_with_areas(client_for, celcis, lead, settings):
    # Issue 17: at 32 areas the page ran one query per area's return (its link loaded the area).
    from tests.factories import LocalAreaFactory

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = client_for(celcis)
    made = {"n": 0}

    def add_rows():
        made["n"] += 1
        area = LocalAreaFactory(slug=f"scale-{made['n']}", name=f"Scale {made['n']}", in_programme=True)
        QuarterlyReturnFactory(area=area, accepted=True)
        add_values(MeasureFactory(area=area), date(2025, 1, 1), [1, 2, 3, 9, 9, 9, 9, 9, 9, 9])

    assert_flat_query_count(client, f"{REVIEW}?quarter={quarter_slug(PAST)}", add_rows, factor=3, max_queries=25)


def test_a_measures_signal_is_analysed_once_per_change_of_its_data(dundee):
    from measures.selectors import signal_flags

    measure = MeasureFactory(area=dundee)
    add_values(measure, date(2025, 1, 1), [1, 2, 3, 9, 9, 9, 9, 9, 9, 9])
    measure.refresh_from_db()
    first = signal_flags([measure])
    with CaptureQueriesContext(connection) as queries:
        assert signal_flags([measure]) == first
    assert len(queries) == 0
    assert first == {measure.pk: True}
