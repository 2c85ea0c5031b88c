"""The area overview's panels are kept per person until the area's records change (core.freshness)."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import freshness
from tests.teams.factories import TODAY, ActionFactory


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # The sign-out form's CSRF token is masked afresh on every response.
    return len(captured.captured_queries), re.sub(
        r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode()
    )


def test_a_second_visit_is_served_from_the_cache(client_for, member, dundee):
    client = client_for(member)
    url = reverse("areas:overview", args=[dundee.slug])
    first, first_page = _queries(client, url)
    second, second_page = _queries(client, url)
    assert second < first - 10  # the panels' queries are not run again
    assert second_page == first_page


def test_a_change_in_the_area_shows_at_once(client_for, member, dundee):
    client = client_for(member)
    url = reverse("areas:overview", args=[dundee.slug])
    assert "No action is overdue" in client.get(url).content.decode()
    ActionFactory(area=dundee, title="Book the coaching room", due_date=TODAY - timedelta(days=3))
    page = client.get(url).content.decode()
    assert "Book the coaching room" in page and "1 overdue" in page


def test_a_change_in_another_area_keeps_the_panels(client_for, member, dundee, inverclyde):
    client = client_for(member)
    url = reverse("areas:overview", args=[dundee.slug])
    client.get(url)
    before = freshness.tokens([dundee.pk])
    ActionFactory(area=inverclyde, due_date=TODAY - timedelta(days=3))
    assert freshness.tokens([dundee.pk]) == before
    ActionFactory(area=dundee)
    assert freshness.tokens([dundee.pk]) != before


def test_each_person_gets_their_own_panels(client_for, member, lead, area_viewer, dundee):
    url = reverse("areas:overview", args=[dundee.slug])
    ActionFactory(area=dundee, title="Book the coaching room", due_date=TODAY - timedelta(days=3))
    client_for(lead).get(url)
    page = client_for(area_viewer).get(url).content.decode()
    assert 'id="panel-todos"' not in page  # an area viewer has no to-do list, even after a lead's visit


def test_the_summary_uses_its_own_panels(client_for, lead, dundee):
    client = client_for(lead)
    client.get(reverse("areas:overview", args=[dundee.slug]))
    page = client.get(reverse("areas:summary", args=[dundee.slug])).content.decode()
    assert 'id="panel-todos"' not in page and 'id="panel-teams"' in page


def test_changes_inside_a_transaction_renew_the_token_again_on_commit(dundee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ActionFactory(area=dundee)
    assert callbacks  # renewed once more after commit: a page built from the old rows meanwhile is never kept
    before = freshness.tokens([dundee.pk])
    for callback in callbacks:
        callback()
    assert freshness.tokens([dundee.pk]) != before
