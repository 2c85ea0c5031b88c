"""Issue 17: the timeline draws its ramps without a recursive include and is rendered once per change
of the area's records."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cycles.factories import CycleFactory, filled

TODAY = timezone.localdate()


def _ramps_part(page: str) -> str:
    part = page[page.index("Ramps: which cycle built on which") :]
    return part[: part.index("</section>")]


def _tree(html: str) -> str:
    """The nesting of the ramps' lists: each cycle's title inside brackets of its list."""
    out = []
    for match in re.finditer(r"<ul>|</ul>|<li>|</li>|<a [^>]*>([^<]+)</a>", html):
        tag = match.group(0)
        out.append({"<ul>": "[", "</ul>": "]", "<li>": "(", "</li>": ")"}.get(tag, match.group(1) or ""))
    return "".join(out)


def _unsigned(page: str) -> str:
    """The page without its CSRF token, which changes on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_ramps_nest_as_trees_with_branches_and_deep_chains(client_for, member, dundee):
    start = TODAY - timedelta(days=90)
    dated = {"started_on": start, "ended_on": start + timedelta(days=5), "closed_on": start + timedelta(days=6)}
    a = CycleFactory(area=dundee, title="A", **filled("closed") | dated)
    b = CycleFactory(area=dundee, title="B", follows=a, **filled("closed") | dated)
    c = CycleFactory(area=dundee, title="C", follows=b, **filled("closed") | dated)
    CycleFactory(area=dundee, title="D", follows=c, started_on=start)
    CycleFactory(area=dundee, title="E", follows=a, started_on=start)
    x = CycleFactory(area=dundee, title="X", started_on=start)
    CycleFactory(area=dundee, title="Y", follows=x, started_on=start)
    page = client_for(member).get(reverse("cycles:timeline", args=[dundee.slug])).content.decode()
    ramps = _ramps_part(page)
    assert _tree(ramps) == "[(A[(B[(C[(D)])])(E)])(X[(Y)])]"
    assert f'href="{reverse("cycles:detail", args=[dundee.slug, c.pk])}"' in ramps
    assert "Branches: 2 cycles follow it" in ramps


def test_the_timeline_is_drawn_once_until_the_areas_records_change(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, title="Weekly huddle", started_on=TODAY - timedelta(days=3))
    client = client_for(member)
    url = reverse("cycles:timeline", args=[dundee.slug])
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).content.decode()
    assert _unsigned(again) == _unsigned(first) and "Weekly huddle" in again
    assert not any("cycles_cycle" in q["sql"] for q in captured.captured_queries)
    cycle.title = "Daily huddle"
    cycle.save()
    page = client.get(url).content.decode()
    assert "Daily huddle" in page and "Weekly huddle" not in page
    # Filters are kept apart: an earlier start shows older months, the default does not.
    old = CycleFactory(area=dundee, title="Old test", started_on=TODAY - timedelta(days=700))
    assert old.title not in client.get(url).content.decode()
    assert old.title in client.get(url, {"start": (TODAY - timedelta(days=800)).isoformat()}).content.decode()


def test_the_list_links_each_cycle_and_its_ramp_and_shows_its_phase(client_for, member, dundee):
    first = CycleFactory(area=dundee, title="Weekly huddle", **filled("closed"))
    second = CycleFactory(area=dundee, title="Huddle in schools", follows=first, **filled("do"))
    page = client_for(member).get(reverse("cycles:list", args=[dundee.slug])).content.decode()
    assert f'href="{reverse("cycles:detail", args=[dundee.slug, first.pk])}"' in page
    assert f'href="{reverse("cycles:ramp", args=[dundee.slug, second.pk])}"' in page
    assert '<span class="badge text-bg-primary">Do</span>' in page
    assert '<span class="badge text-bg-secondary">Closed: adapt</span>' in page
