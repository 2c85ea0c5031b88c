"""Search across examples, events, discussions and the evidence library. The same tests run on SQLite
(every word must appear; newest first) and on PostgreSQL (full-text search with English stemming,
ranked with titles weighing most), as CI runs them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from community import search, selectors, services
from community.models import ExampleStatus
from tests.community.factories import EventFactory, ExampleFactory, ReferenceFactory


def _library(dundee, inverclyde):
    now = timezone.now()
    in_title = ExampleFactory(
        area=dundee, title="Coaching plans for new practitioners", published_at=now - timedelta(days=20)
    )
    in_body = ExampleFactory(
        area=inverclyde,
        title="Selection with a practical exercise",
        what_was_done="Candidates met their coaching lead before starting.",
        published_at=now,
    )
    unrelated = ExampleFactory(area=dundee, title="A run chart at every meeting", published_at=now)
    draft = ExampleFactory(area=dundee, title="Coaching draft", status=ExampleStatus.DRAFT, published_at=None)
    return in_title, in_body, unrelated, draft


def test_library_search_finds_published_examples_best_or_newest_first(member, dundee, inverclyde):
    in_title, in_body, unrelated, draft = _library(dundee, inverclyde)
    access = Access.for_user(member)
    found = list(selectors.library(access, q="coaching"))
    assert set(found) == {in_title, in_body}
    if search.uses_postgres():
        # Ranked: the title match first although it is older.
        assert found == [in_title, in_body]
        assert found[0].rank > found[1].rank
    else:
        assert found == [in_body, in_title]
    # Every word must match; "-" leaves a word out.
    assert list(selectors.library(access, q="coaching plans")) == [in_title]
    assert list(selectors.library(access, q="coaching -plans")) == [in_body]
    # Filters and search work together; asking for newest first overrides the ranking.
    assert list(selectors.library(access, q="coaching", area=inverclyde)) == [in_body]
    assert list(selectors.library(access, q="coaching", sort="newest")) == [in_body, in_title]
    assert list(selectors.library(access, q="nothing-like-this")) == []


def test_search_matches_word_forms_on_postgresql(member, dundee, inverclyde):
    in_title, in_body, _, _ = _library(dundee, inverclyde)
    found = set(selectors.library(Access.for_user(member), q="coaches"))
    if search.uses_postgres():
        assert found == {in_title, in_body}  # English stemming: coaches ~ coaching
    else:
        assert found == set()  # the simple search matches the letters typed


def test_search_everything(client_as, member, other_member, celcis, dundee, inverclyde):
    in_title, in_body, unrelated, draft = _library(dundee, inverclyde)
    event = EventFactory(title="Learning event: coaching for fidelity", theme="Fidelity")
    EventFactory(title="Community of Practice – data", theme="Run charts", agenda="Data")
    topic = services.topic_create(actor=member, title="Protecting time", body="How do you keep coaching time?")
    hidden = services.topic_create(actor=member, title="Coaching at one school", body="Names a school.")
    services.post_hide(post=hidden.posts.get(), actor=celcis, reason="Identifying detail.")
    quiet = services.topic_create(actor=member, title="Measures", body="Which measures?")
    reply = services.topic_reply(topic=quiet, actor=other_member, body="Coaching sessions held, identifying")
    services.post_hide(post=reply, actor=celcis, reason="Identifying detail.")
    reference = ReferenceFactory(title="Implementation coaching review", summary="Why coaching matters.")
    ReferenceFactory(title="Heckman", summary="Early years.")

    results = selectors.search_everything(Access.for_user(other_member), "coaching")
    assert results.events == [event]
    assert set(results.examples) == {in_title, in_body}
    assert results.topics == [topic]  # not the hidden topic, nor a topic matched only by a hidden reply
    assert results.references == [reference]
    assert results.total == 5
    # Hidden words are not searched for anyone: CELCIS finds hidden posts from the topic list.
    assert selectors.search_everything(Access.for_user(celcis), "coaching").topics == [topic]

    page = client_as(other_member).get(reverse("community:search"), {"q": "coaching"}).content.decode()
    for title in (event.title, in_title.title, in_body.title, topic.title, reference.title):
        assert title in page
    for title in (draft.title, unrelated.title, hidden.title, "Heckman"):
        assert title not in page
    assert "5 results for “coaching”" in page


def test_search_pages_accept_any_input(client_as, member, dundee, inverclyde):
    _library(dundee, inverclyde)
    client = client_as(member)
    for q in ['"coaching plans"', "coaching OR data", "-", "'", "a & b | c", "!!", "x" * 200, "<script>"]:
        for name in ("community:search", "community:example_list", "community:reference_list"):
            response = client.get(reverse(name), {"q": q})
            assert response.status_code == 200, (name, q)
    phrase = selectors.library(Access.for_user(member), q='"coaching plans"')
    assert [e.title for e in phrase] == ["Coaching plans for new practitioners"]


def test_evidence_library_search(client_as, member):
    ReferenceFactory(title="Implementation coaching review", summary="Why coaching matters.")
    page = client_as(member).get(reverse("community:reference_list"), {"q": "Christie"}).content.decode()
    assert "Commission on the Future Delivery of Public Services" in page  # seeded by a migration
    assert "Implementation coaching review" not in page
