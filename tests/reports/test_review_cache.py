"""The CELCIS review is computed once a day until a record of a programme area changes (core.freshness)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.quarters import quarter_slug
from tests.reports.factories import PAST, QuarterlyReturnFactory
from tests.teams.factories import ActionFactory

REVIEW = reverse("reports:review")


def _get(client):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(REVIEW, {"quarter": quarter_slug(PAST)}).content.decode()
    return len(captured.captured_queries), page


def test_the_review_is_kept_until_an_areas_records_change(client_for, celcis, lead, dundee, inverclyde):
    QuarterlyReturnFactory(area=dundee, submitted=True)
    client = client_for(celcis)
    overdue = f'/areas/{dundee.slug}/actions/?status=overdue">0<'
    first, page = _get(client)
    assert overdue in page
    second, page = _get(client)
    assert second < first - 5 and overdue in page  # served from the cache

    ActionFactory(area=dundee, created_by=lead, due_date=timezone.localdate() - timedelta(days=3))
    _, page = _get(client)
    assert f'/areas/{dundee.slug}/actions/?status=overdue">1<' in page


def test_a_build_that_fails_shows_on_the_cached_home_page_at_once(client_for, celcis, dundee):
    from reports.models import RunStatus
    from reports.services import runs
    from tests.reports.factories import ReportRunFactory

    run = ReportRunFactory(scope="area", area=dundee, status=RunStatus.RUNNING)
    client = client_for(celcis)
    home = reverse("home")
    assert "the last build failed" not in client.get(home, {"areas": "all"}).content.decode()
    runs.report_run_fail(run.pk, "The PDF could not be made.")  # a conditional update: no model signal
    assert "the last build failed" in client.get(home, {"areas": "all"}).content.decode()


def test_what_needs_action_and_the_areas_change_on_the_cached_review_at_once(client_for, celcis, dundee):
    from areas.models import LocalArea

    client = client_for(celcis)
    waiting = QuarterlyReturnFactory(area=dundee, quarter_start=PAST.start, written=True)
    review_link = reverse("reports:return_review", args=[dundee.slug, waiting.slug])
    assert review_link not in client.get(REVIEW).content.decode()
    waiting.status = "submitted"
    waiting.submitted_at = waiting.first_submitted_at = timezone.now()
    waiting.save()
    assert review_link in client.get(REVIEW).content.decode()  # the submission renews Dundee's token

    angus = LocalArea.objects.get(slug="angus")  # one of the 32 councils, not yet in the programme
    angus.in_programme = True
    angus.save()  # the area's own record renews the programme's token: the list of areas is redrawn
    assert "Angus" in client.get(REVIEW, {"quarter": quarter_slug(PAST)}).content.decode()
