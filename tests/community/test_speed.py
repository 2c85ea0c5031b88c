"""Issue 17: the search results and the library's table cells are drawn once per change of the
community's records, and never served stale after one."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import services
from community.models import Tag
from tests.community.factories import ExampleFactory, ReferenceFactory
from tests.query_budget import assert_flat_query_count


def _get(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url, params or {}).content.decode()
    return page, [q["sql"] for q in captured.captured_queries]


def _unsigned(page: str) -> str:
    """The page without its CSRF token, which changes on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_a_repeated_search_is_not_run_again_until_the_community_changes(client_as, member, dundee):
    example = ExampleFactory(area=dundee, title="Coaching plans for new practitioners")
    client = client_as(member)
    url = reverse("community:search")
    first, _ = _get(client, url, {"q": "coaching"})
    again, queries = _get(client, url, {"q": "coaching"})
    assert _unsigned(first) == _unsigned(again) and example.title in again
    assert not any("community_" in sql for sql in queries)  # no search ran
    # A new example is found at once…
    ExampleFactory(area=dundee, title="Coaching in schools")
    page, _ = _get(client, url, {"q": "coaching"})
    assert "Coaching in schools" in page and "2 results for “coaching”" in page
    # …and a renamed area shows (and is searched) under its new name.
    dundee.name = "Dundee and Angus"
    dundee.save()
    page, _ = _get(client, url, {"q": "coaching"})
    assert "Dundee and Angus" in page
    assert "Coaching plans" in _get(client, url, {"q": "angus"})[0]


def test_search_results_are_kept_apart_for_celcis(client_as, member, other_member, celcis):
    topic = services.topic_create(actor=member, title="Coaching at one school", body="Names a school.")
    services.topic_reply(topic=topic, actor=other_member, body="We do coaching too.")
    services.post_hide(post=topic.posts.get(is_opening=True), actor=celcis, reason="Identifying detail.")
    url = reverse("community:search")
    assert topic.title in _get(client_as(celcis), url, {"q": "coaching"})[0]
    assert topic.title not in _get(client_as(member), url, {"q": "coaching"})[0]


def test_search_does_not_grow_warm_or_cold(client_as, member):
    def add():
        ReferenceFactory(title="Coaching review", summary="Why coaching matters.")

    client = client_as(member)
    url = reverse("community:search") + "?q=coaching"
    assert_flat_query_count(client, url, add, factor=3, max_queries=11)
    client.get(url)
    _, queries = _get(client, url)
    assert len(queries) <= 5


def test_the_library_shows_each_examples_summary_and_tags_and_renews_them(client_as, member, dundee):
    framework = Tag.objects.filter(kind="framework").order_by("pk").first()
    example = ExampleFactory(area=dundee, title="Shared words", summary="**Early** signs noticed")
    example.tags.set([framework])
    client = client_as(member)
    url = reverse("community:example_list")
    page = client.get(url).content.decode()
    assert "Early signs noticed" in page and "<strong>" not in page.split("Shared words")[1].split("</tr>")[0]
    assert f'href="{framework.get_absolute_url()}"' in page
    example.summary = "Changed summary"
    example.save()
    example.tags.clear()
    page = client.get(url).content.decode()
    row = page.split("Shared words")[1].split("</tr>")[0]
    assert "Changed summary" in row and framework.get_absolute_url() not in row


def test_the_library_page_does_not_grow(client_as, member, dundee):
    tags = list(Tag.objects.order_by("pk")[:3])

    def add():
        for _ in range(10):
            ExampleFactory(area=dundee).tags.set(tags)

    assert_flat_query_count(client_as(member), reverse("community:example_list"), add, factor=3, max_queries=12)


def test_the_home_page_shows_new_examples_topics_and_renamed_areas_at_once(client_as, member, celcis, dundee):
    client = client_as(member)
    url = reverse("community:home")
    assert "Shared words" not in client.get(url).content.decode()
    ExampleFactory(area=dundee, title="Shared words")
    topic = services.topic_create(actor=member, title="Protecting time", body="How?")
    page = client.get(url).content.decode()
    assert "Shared words" in page and "Dundee City" in page and topic.title in page
    dundee.name = "Dundee and Angus"
    dundee.save()
    assert "Dundee and Angus" in client.get(url).content.decode()
    services.post_hide(post=topic.posts.get(), actor=celcis, reason="Identifying detail.")
    assert topic.title not in client.get(url).content.decode()
    assert topic.title in client_as(celcis).get(url).content.decode()
