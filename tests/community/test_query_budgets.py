"""Community pages keep the same number of queries however much lies behind them."""

from datetime import timedelta
from itertools import count

from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import Tag
from tests.community.factories import (
    AttachmentFactory,
    EventFactory,
    ExampleFactory,
    ReferenceFactory,
    RegistrationFactory,
)
from tests.factories import MembershipFactory, UserFactory
from tests.innovations.factories import InnovationFactory
from tests.query_budget import assert_flat_query_count

_n = count()


def _person(area):
    user = UserFactory()
    MembershipFactory(user=user, area=area)
    return user


def _more_examples(area, reader):
    tags = list(Tag.objects.order_by("pk")[:6])

    def add():
        n = next(_n)
        example = ExampleFactory(area=area, title=f"Coaching example {n}")
        example.tags.set(tags[n % 3 : n % 3 + 3])
        for _ in range(2):
            services.example_mark_useful(example=example, actor=_person(area), useful=True)
        services.example_comment_add(example=example, actor=_person(area), body=f"Coaching comment {n}")
        services.example_mark_useful(example=example, actor=reader, useful=True)

    return add


def _more_events(area, past=False):
    def add():
        n = next(_n)
        starts = timezone.now() + timedelta(days=-30 - n if past else 30 + n)
        event = EventFactory(title=f"Coaching event {n}", host_area=area, starts_at=starts)
        AttachmentFactory(event=event)
        for _ in range(2):
            RegistrationFactory(event=event, user=_person(area), area=area)

    return add


def _more_topics(area):
    def add():
        n = next(_n)
        topic = services.topic_create(actor=_person(area), title=f"Coaching topic {n}", body="Coaching time?")
        for _ in range(2):
            services.topic_reply(topic=topic, actor=_person(area), body=f"Coaching reply {n}")

    return add


def _more_references():
    tags = list(Tag.objects.order_by("pk")[:4])

    def add():
        for _ in range(3):
            ReferenceFactory(title=f"Coaching review {next(_n)}").tags.set(tags)

    return add


def test_list_pages_do_not_grow(client_for, member, dundee):
    client = client_for(member)
    budgets = {}
    for name, query, add, budget in (
        ("community:example_list", "", _more_examples(dundee, member), 12),
        ("community:example_list", "?q=coaching&sort=useful", _more_examples(dundee, member), 12),
        ("community:event_list", "", _more_events(dundee), 7),
        ("community:event_list", "?show=past", _more_events(dundee, past=True), 7),
        ("community:topic_list", "", _more_topics(dundee), 7),
        ("community:reference_list", "", _more_references(), 9),
        ("community:reference_list", "?q=coaching", _more_references(), 9),
    ):
        url = reverse(name) + query
        budgets[url] = assert_flat_query_count(client, url, add, factor=3, max_queries=budget)
    print(budgets)  # shown with -s: the counts measured


def test_home_and_search_do_not_grow(client_for, member, dundee):
    client = client_for(member)
    examples, events, topics, refs = (
        _more_examples(dundee, member),
        _more_events(dundee),
        _more_topics(dundee),
        _more_references(),
    )

    def add():
        examples()
        events()
        topics()
        refs()

    home = assert_flat_query_count(client, reverse("community:home"), add, factor=3, max_queries=9)
    search = assert_flat_query_count(client, reverse("community:search") + "?q=coaching", add, factor=3, max_queries=11)
    print({"home": home, "search": search})


def test_detail_pages_do_not_grow(client_for, member, lead, dundee):
    client = client_for(member)
    example = ExampleFactory(area=dundee, author=member)
    event = EventFactory(
        host_area=dundee, starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    topic = services.topic_create(actor=member, title="Coaching", body="Time?")

    def add_to_example():
        person = _person(dundee)
        services.example_mark_useful(example=example, actor=person, useful=True)
        post = services.example_comment_add(example=example, actor=person, body="A comment")
        services.post_edit(post=post, actor=person, body="Edited", expected_version=post.version)
        services.attachment_add(actor=member, example=example, file=_pdf())
        services.example_links_set(
            example=example,
            actor=member,
            targets=[*[link.target for link in example.links.all()], InnovationFactory(area=dundee)],
        )

    def add_to_event():
        RegistrationFactory(event=event, user=_person(dundee), area=dundee, attended=True)
        AttachmentFactory(event=event, uploaded_by=lead)

    def add_to_topic():
        person = _person(dundee)
        reply = services.topic_reply(topic=topic, actor=person, body="A reply")
        services.post_edit(post=reply, actor=person, body="Edited", expected_version=reply.version)

    measured = {
        # The author also sees the changes not yet published (the files added since publishing wait there).
        "example": assert_flat_query_count(
            client, example.get_absolute_url(), add_to_example, factor=3, max_queries=15
        ),
        "example_changes": assert_flat_query_count(
            client,
            reverse("community:example_changes", args=[example.pk]),
            add_to_example,
            factor=3,
            max_queries=18,
        ),
        "example_history": assert_flat_query_count(
            client,
            reverse("community:example_history", args=[example.pk]),
            add_to_example,
            factor=3,
            max_queries=9,
        ),
        "event": assert_flat_query_count(client, event.get_absolute_url(), add_to_event, factor=3, max_queries=7),
        "topic": assert_flat_query_count(client, topic.get_absolute_url(), add_to_topic, factor=3, max_queries=9),
    }
    lead_client = client_for(lead)
    measured["attendance"] = assert_flat_query_count(
        lead_client, reverse("community:event_attendance", args=[event.pk]), add_to_event, factor=3, max_queries=7
    )
    print(measured)


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.community.factories import PDF_BYTES

    return SimpleUploadedFile("notes.pdf", PDF_BYTES)
