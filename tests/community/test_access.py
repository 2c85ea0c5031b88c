"""Access rules beyond the matrix: community members reach the community and nothing of an area;
viewers read and are offered nothing to write; links to portal records show only to those who may
see them; drafts and examples waiting for review stay with their author and CELCIS."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from areas.access import Access
from community import links, selectors, services
from community.models import ExampleLink, ExampleStatus
from tests.community.factories import EventFactory, ExampleFactory, ReferenceFactory
from tests.innovations.factories import InnovationFactory

LIST_PAGES = [
    "community:home",
    "community:event_list",
    "community:example_list",
    "community:topic_list",
    "community:reference_list",
    "community:search",
]


def test_a_community_member_lands_on_the_community_and_reaches_no_area(client_as, community, dundee):
    client = client_as(community)
    landing = client.get("/", follow=True)  # the home page (their to-do list) leads to the community
    assert landing.status_code == 200 and f'href="{reverse("community:home")}"' in landing.content.decode()
    for name in LIST_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for path in (f"/areas/{dundee.slug}/", f"/areas/{dundee.slug}/teams/", "/national/"):
        assert client.get(path).status_code == 404, path
    # The list of "your areas" (open to anyone signed in) names none for them.
    assert dundee.name not in client.get("/areas/").content.decode()
    # Everything the community offers is open to them, including writing.
    assert (
        client.post(
            reverse("community:topic_create"), {"title": "Hello", "body": "I am new to the programme."}
        ).status_code
        == 302
    )


def test_a_viewer_reads_everything_and_is_offered_nothing_to_write(client_as, viewer, member, dundee):
    example = ExampleFactory(area=dundee)
    event = EventFactory()
    topic = services.topic_create(actor=member, title="Coaching", body="Time?")
    reference = ReferenceFactory()
    client = client_as(viewer)
    for url in (
        example.get_absolute_url(),
        event.get_absolute_url(),
        topic.get_absolute_url(),
        reference.get_absolute_url(),
        *[reverse(name) for name in LIST_PAGES],
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for offer in (
            "Write an example",
            "Register to attend",
            "Post your reply",
            "Add your comment",
            "I found this useful",
            "Follow this",
            "Start a topic",
            "Add a reference",
        ):
            assert offer not in page, (url, offer)
    for name, pk in (
        ("community:example_useful", example.pk),
        ("community:event_register", event.pk),
        ("community:topic_follow", topic.pk),
        ("community:example_comment", example.pk),
    ):
        assert client.post(reverse(name, args=[pk]), {"body": "x"}).status_code == 403, name


def test_a_member_is_offered_what_they_may_do(client_as, member, dundee):
    example = ExampleFactory(area=dundee)
    event = EventFactory()
    client = client_as(member)
    assert "I found this useful" in client.get(example.get_absolute_url()).content.decode()
    assert "Add your comment" in client.get(example.get_absolute_url()).content.decode()
    assert "Register to attend" in client.get(event.get_absolute_url()).content.decode()
    assert "Write an example" in client.get(reverse("community:example_list")).content.decode()


def test_links_to_portal_records_show_only_to_those_who_may_see_them(
    client_as, member, community, other_member, celcis, dundee
):
    innovation = InnovationFactory(area=dundee, name="Safe and Together")
    example = ExampleFactory(area=dundee, author=member)
    services.example_links_set(example=example, actor=member, targets=[innovation])
    assert ExampleLink.objects.get().area == dundee
    for reader in (member, celcis):
        shown, withheld = links.links_for_reader(selectors.example_links(example), Access.for_user(reader))
        assert [s.target for s in shown] == [innovation] and withheld == 0
        assert "Safe and Together" in client_as(reader).get(example.get_absolute_url()).content.decode()
    for reader in (community, other_member):
        page = client_as(reader).get(example.get_absolute_url()).content.decode()
        assert "Safe and Together" not in page
        assert "1 linked record is visible to members of Dundee City only" in page


def test_links_only_to_records_of_the_examples_area_that_the_author_can_see(member, other_member, dundee, inverclyde):
    theirs = InnovationFactory(area=inverclyde)
    example = ExampleFactory(area=dundee, author=member)
    with pytest.raises(ValidationError):
        services.example_links_set(example=example, actor=member, targets=[theirs])
    their_example = ExampleFactory(area=dundee, author=other_member)
    # other_member wrote about Dundee (before moving, say) but cannot see Dundee's records.
    with pytest.raises(PermissionDenied):
        services.example_links_set(example=their_example, actor=other_member, targets=[InnovationFactory(area=dundee)])
    assert not ExampleLink.objects.exists()


def test_unpublished_examples_stay_with_the_author_and_celcis(client_as, member, lead, celcis, viewer, dundee):
    draft = ExampleFactory(area=dundee, author=member, status=ExampleStatus.DRAFT, published_at=None)
    submitted = ExampleFactory(area=dundee, author=member, status=ExampleStatus.SUBMITTED, published_at=None)
    returned = ExampleFactory(area=dundee, author=member, status=ExampleStatus.RETURNED, published_at=None)
    for example in (draft, submitted, returned):
        assert client_as(member).get(example.get_absolute_url()).status_code == 200
        for reader in (lead, viewer):
            assert client_as(reader).get(example.get_absolute_url()).status_code == 404
        for name in ("community:example_history", "community:example_edit"):
            assert client_as(lead).get(reverse(name, args=[example.pk])).status_code == 404
    assert client_as(celcis).get(draft.get_absolute_url()).status_code == 404
    assert client_as(celcis).get(submitted.get_absolute_url()).status_code == 200
    # Only the author edits a draft; CELCIS may edit what was sent to them.
    assert client_as(celcis).get(reverse("community:example_edit", args=[submitted.pk])).status_code == 200
    assert client_as(lead).get(reverse("community:example_edit", args=[submitted.pk])).status_code == 404


def test_earlier_words_of_an_example_are_for_the_author_and_celcis(client_as, member, other_member, celcis, dundee):
    example = ExampleFactory(area=dundee, author=member, what_changed="Old words naming a nursery.")
    services.example_save(
        actor=member,
        example=example,
        data={
            "area": dundee,
            "title": example.title,
            "summary": example.summary,
            "what_was_done": example.what_was_done,
            "what_changed": "New words.",
            "what_others_can_learn": example.what_others_can_learn,
            "contact_role": example.contact_role,
        },
        tags=[],
    )
    # Changes to a published example replace its words once CELCIS publishes them.
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    services.example_changes_publish(example=example, actor=celcis)
    url = reverse("community:example_history", args=[example.pk])
    for reader in (member, celcis):
        assert "Old words naming a nursery." in client_as(reader).get(url).content.decode()
    page = client_as(other_member).get(url).content.decode()
    assert "Old words naming a nursery." not in page and "Changes published" in page
