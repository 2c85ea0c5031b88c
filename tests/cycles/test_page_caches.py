"""Issue 17: a cycle's page, its ramp and the cycles list are drawn once and kept until a record of the
area (or a person's name) changes; what each shows after a change is the new state."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import services
from tests.cycles.factories import CycleFactory, CycleMeasureFactory, FeedbackItemFactory, filled
from tests.innovations.factories import InnovationFactory
from tests.measures.factories import MeasureFactory


def _unsigned(page: str) -> str:
    """The page without its CSRF token, which changes on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def _again(client, url) -> tuple[str, list[str]]:
    """The page and the SQL of its request."""
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    return page, [query["sql"] for query in captured.captured_queries]


def test_the_cycle_page_is_drawn_once_until_the_areas_records_change(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, title="Weekly huddle", **filled("study"))
    client = client_for(member)
    url = reverse("cycles:detail", args=[dundee.slug, cycle.pk])
    first = client.get(url).content.decode()
    again, queries = _again(client, url)
    assert _unsigned(again) == _unsigned(first) and "Weekly huddle" in again
    drawn_from = ("historical", "cycles_cyclemeasure", "cycles_feedbackitem", "follows_id")
    assert not [sql for sql in queries if any(table in sql for table in drawn_from)]

    services.cycle_step_back(cycle=cycle, actor=member, reason="The results need a second look")
    page = client.get(url).content.decode()
    assert "The results need a second look" in page and 'aria-current="step">2. Do' in page

    measure = MeasureFactory(area=dundee, name="Concerns discussed")
    CycleMeasureFactory(cycle=cycle, measure=measure)
    assert "Concerns discussed" in client.get(url).content.decode()
    measure.name = "Concerns discussed early"
    measure.save()
    assert "Concerns discussed early" in client.get(url).content.decode()

    CycleFactory(area=dundee, title="Huddle in schools", follows=cycle)
    FeedbackItemFactory(area=dundee, cycle=cycle, title="No room for the huddle")
    page = client.get(url).content.decode()
    assert "Followed by" in page and "Huddle in schools" in page and "No room for the huddle" in page

    # A person's name shows in the history: renaming them is a change of the programme's records.
    member.first_name, member.last_name = "Ann", "Smith"
    member.save()
    assert "Ann Smith" in client.get(url).content.decode()


def test_the_cycle_page_is_drawn_apart_for_those_who_may_edit(client_for, member, area_viewer, dundee):
    cycle = CycleFactory(area=dundee, title="Weekly huddle", **filled("do"))
    url = reverse("cycles:detail", args=[dundee.slug, cycle.pk])
    assert "Edit the cycle" in client_for(member).get(url).content.decode()
    page = client_for(area_viewer).get(url).content.decode()
    assert "Weekly huddle" in page and "Edit the cycle" not in page and "Next step" not in page


def test_the_ramp_is_drawn_once_until_the_areas_records_change(client_for, member, dundee):
    first = CycleFactory(area=dundee, title="Weekly huddle", **filled("closed"))
    second = CycleFactory(area=dundee, title="Huddle in schools", follows=first, **filled("do"))
    client = client_for(member)
    url = reverse("cycles:ramp", args=[dundee.slug, second.pk])
    page = client.get(url).content.decode()
    assert "Ramp of 2 cycles" in page
    again, queries = _again(client, url)
    assert _unsigned(again) == _unsigned(page)
    assert len([sql for sql in queries if "cycles_cycle" in sql]) == 1  # the cycle in the URL only

    CycleFactory(area=dundee, title="Huddle in nurseries", follows=first)
    first.learning = "Tuesdays suit everyone"
    first.save()
    page = client.get(url).content.decode()
    assert "Ramp of 3 cycles" in page and "Huddle in nurseries" in page and "This ramp branches 1 time" in page
    assert "Tuesdays suit everyone" in page


def test_the_list_is_drawn_once_until_the_areas_records_change(client_for, member, area_viewer, dundee):
    first = CycleFactory(area=dundee, title="Weekly huddle", **filled("closed"))
    client = client_for(member)
    url = reverse("cycles:list", args=[dundee.slug])
    page = client.get(url).content.decode()
    assert "Weekly huddle" in page and "Plan a cycle" in page
    again, queries = _again(client, url)
    assert _unsigned(again) == _unsigned(page)
    assert not [sql for sql in queries if "cycles_cycle" in sql or "innovations_innovation" in sql]

    second = CycleFactory(area=dundee, title="Huddle in schools", follows=first, **filled("do"))
    first.title = "Tuesday huddle"
    first.save()
    page = client.get(url).content.decode()
    assert "Tuesday huddle" in page and "Weekly huddle" not in page
    assert f'href="{reverse("cycles:ramp", args=[dundee.slug, second.pk])}">Cycle 2<' in page

    # Filters are kept apart, and a new innovation is offered by the filters of the list and the timeline.
    closed = client.get(url, {"phase": "closed"}).content.decode()
    assert "Tuesday huddle" in closed and "Huddle in schools" not in closed
    innovation = InnovationFactory(area=dundee, name="Family group conferencing")
    CycleFactory(area=dundee, title="Conference in a week", innovation=innovation)
    assert "Family group conferencing</option>" in client.get(url).content.decode()
    timeline = client.get(reverse("cycles:timeline", args=[dundee.slug])).content.decode()
    assert "Family group conferencing</option>" in timeline
    chosen = client.get(url, {"innovation": innovation.pk}).content.decode()
    assert "Conference in a week" in chosen and "Tuesday huddle" not in chosen

    # Drawn apart for those who may not edit the area.
    page = client_for(area_viewer).get(url).content.decode()
    assert "Tuesday huddle" in page and "Plan a cycle" not in page


def test_each_page_of_the_list_keeps_its_filters(client_for, member, dundee):
    for number in range(27):
        CycleFactory(area=dundee, title=f"Huddle {number:02d}")
    client = client_for(member)
    url = reverse("cycles:list", args=[dundee.slug])
    first = client.get(url, {"kind": "pdsa"}).content.decode()
    second = client.get(url, {"kind": "pdsa", "page": 2}).content.decode()
    assert "Page 1 of 2" in first and "?kind=pdsa&amp;page=2" in first
    assert "Page 2 of 2" in second and "?kind=pdsa&amp;page=1" in second
    assert "Huddle 26" in first and "Huddle 26" not in second and "Huddle 00" in second
    assert client.get(url, {"page": 3}).status_code == 404
    # Served from the cache, the page still offers its rows to whoever reads them (core.reporting's
    # figures are checked against them), filtered as the page is.
    CycleFactory(area=dundee, title="A usability test", kind="usability", innovation=InnovationFactory(area=dundee))
    client.get(url, {"kind": "pdsa"})
    paginator = client.get(url, {"kind": "pdsa"}).context["paginator"]
    assert paginator.count == 27 and len(list(paginator.object_list)) == 27


def test_the_feedback_list_is_drawn_once_until_the_areas_records_change(client_for, member, area_viewer, dundee):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    FeedbackItemFactory(
        area=dundee,
        title="No room for the huddle",
        status="changed",
        raised_on=today - timedelta(days=20),
        resolved_on=today,
    )
    client = client_for(member)
    url = reverse("cycles:feedback_list", args=[dundee.slug])
    page = client.get(url).content.decode()
    assert "No room for the huddle" in page and "record sharing it back" in page
    again, queries = _again(client, url)
    assert _unsigned(again) == _unsigned(page)
    assert not [sql for sql in queries if "cycles_feedbackitem" in sql]

    # A new barrier shows in the table and the figures; the filters are kept apart.
    FeedbackItemFactory(area=dundee, title="Forms ask twice", raised_on=today - timedelta(days=90))
    response = client.get(url)
    page = response.content.decode()
    assert "Forms ask twice" in page and "1 overdue" in page
    assert response.context["figures"].overdue_count == 1  # read by the return's figure checks
    overdue = client.get(url, {"status": "overdue"}).content.decode()
    assert "Forms ask twice</a></td>" in overdue and "No room for the huddle</a></td>" not in overdue
    # Another area's barrier does not show, and drawn apart for those who may not edit the area.
    page = client_for(area_viewer).get(url).content.decode()
    assert "Forms ask twice" in page and "record sharing it back" not in page
