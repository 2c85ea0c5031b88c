"""One computation per figure (issue 12): every figure a framework app registers for the quarterly
return (core.reporting) equals the figure on the page that shows it, for every demo area.

The demo is seeded once; for each programme area the current quarter's snapshot is built (its figures
date is today, the day the pages describe), and each registered figure is read from the snapshot and
from its page, opened as the area's lead (or as CELCIS, for a page only organisers open). Pages are
fetched once each, however many figures they show.
"""

import io
from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.utils import timezone

from areas.models import LocalArea, User
from core.quarters import Quarter
from core.reporting import ReturnPeriod, sections
from reports.snapshot import build_snapshot
from tests.community.factories import EventFactory, RegistrationFactory

AREAS = {"dundee": "dundee-lead", "inverclyde": "inverclyde-lead", "perth-and-kinross": "perth-lead"}
VIEWERS = {"celcis": "celcis"}


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses to run with debug off
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    # The demo's Community of Practice events fall in whichever quarters today puts them in: one held
    # today, attended from every area, gives the attendance figures something to compare this quarter.
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    event = EventFactory(title="Demo: a Community of Practice held today", starts_at=today)
    for slug, lead in AREAS.items():
        RegistrationFactory(
            event=event, user=User.objects.get(username=lead), area=LocalArea.objects.get(slug=slug), attended=True
        )


def test_every_registered_figure_has_a_page_to_compare_with():
    registered = [figure for section in sections() for figure in section.figures]
    assert {section.key for section in sections()} >= {
        "stages",
        "teams",
        "innovations",
        "drivers",
        "cycles",
        "measures",
        "engagement",
        "community",
    }
    assert len({figure.key for figure in registered}) == len(registered), "two figures share a key"
    assert [figure.key for figure in registered if figure.page is None] == []


def _walk(client, area, lead, celcis) -> tuple[list[str], dict[str, int]]:
    quarter = Quarter.of(timezone.localdate())
    snapshot = build_snapshot(area, quarter)
    period = ReturnPeriod(area=area, quarter=quarter, upto=date.fromisoformat(snapshot["figures_date"]))
    pages, mismatches, compared = {}, [], {}
    users = {"lead": lead, "celcis": celcis}
    for section in sections():
        for figure in section.figures:
            compared.setdefault(figure.key, 0)
            for item, value in figure.value(snapshot[section.key]).items():
                url = figure.page.url(period, item)
                viewer = figure.page.viewer
                if (viewer, url) not in pages:
                    client.force_login(users[viewer])
                    pages[(viewer, url)] = client.get(url)
                response = pages[(viewer, url)]
                assert response.status_code == 200, f"{figure.key}: {url} answered {response.status_code}"
                shown = figure.page.read(response, item, period)
                compared[figure.key] += 1
                if shown != value:
                    mismatches.append(f"{area.slug} {figure.key} [{item}]: return {value!r}, page {url} {shown!r}")
    return mismatches, compared


def test_every_figure_of_each_areas_return_equals_its_page(demo, client):
    celcis = User.objects.get(username="celcis")
    mismatches, compared = [], {}
    for slug, lead in AREAS.items():
        found, counts = _walk(client, LocalArea.objects.get(slug=slug), User.objects.get(username=lead), celcis)
        mismatches += found
        for key, count in counts.items():
            compared[key] = compared.get(key, 0) + count
    assert mismatches == []
    # The demo gives every figure something to compare, so no figure passes by having nothing to check.
    assert [key for key, count in compared.items() if not count] == []
