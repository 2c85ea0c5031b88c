"""Discussions: topics and replies, editing your own posts with history, CELCIS hiding a post with a
reason, and following."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from areas.access import Access
from community import selectors, services
from community.models import Follow, Post, Topic
from community.models.discussions import POSTS_PER_PAGE
from tests.community.factories import ExampleFactory


def _topic(author, title="Protecting coaches' time", body="How do you protect coaches' time?"):
    return services.topic_create(actor=author, title=title, body=body)


def test_start_a_topic_and_reply(client_as, member, other_member, community):
    response = client_as(member).post(
        reverse("community:topic_create"), {"title": "Coaching time", "body": "What works for you?"}
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    opening = topic.posts.get()
    assert opening.is_opening and opening.author == member
    assert Follow.objects.filter(user=member, topic=topic).exists()

    client = client_as(community)
    response = client.post(reverse("community:topic_reply", args=[topic.pk]), {"body": "A shared calendar."})
    reply = Post.objects.get(is_opening=False)
    assert response.status_code == 302 and response.url == reply.get_absolute_url()
    assert Follow.objects.filter(user=community, topic=topic).exists()
    topic.refresh_from_db()
    assert topic.last_post_at == reply.created_at
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "A shared calendar." in page and "What works for you?" in page
    listed = selectors.topics_for(Access.for_user(other_member)).get()
    assert listed.reply_count == 1


def test_replying_says_it_follows_the_topic_and_how_to_undo_it(client_as, member, community):
    topic = _topic(member)
    client = client_as(community)
    url = reverse("community:topic_reply", args=[topic.pk])
    first = client.post(url, {"body": "A shared calendar."}, follow=True).content.decode()
    assert "You now follow this topic" in first and "Stop following this topic" in first
    again = client.post(url, {"body": "And a rota."}, follow=True).content.decode()
    assert "Reply added." in again and "You now follow this topic" not in again
    # One click undoes it.
    client.post(reverse("community:topic_follow", args=[topic.pk]), {"action": "unfollow"})
    assert not Follow.objects.filter(user=community, topic=topic).exists()


def test_an_empty_reply_is_explained(client_as, member):
    topic = _topic(member)
    response = client_as(member).post(reverse("community:topic_reply", args=[topic.pk]), {"body": "  "})
    assert response.status_code == 200 and Post.objects.count() == 1
    assert "This field is required" in response.content.decode()


def test_a_reply_on_a_later_page_links_to_that_page(client_as, member, other_member):
    topic = _topic(member)
    for n in range(POSTS_PER_PAGE):
        services.topic_reply(topic=topic, actor=other_member, body=f"Reply {n}")
    last = Post.objects.order_by("-created_at", "-pk").first()
    assert last.get_absolute_url() == f"{topic.get_absolute_url()}?page=2#post-{last.pk}"
    first = Post.objects.get(is_opening=True)
    assert first.get_absolute_url() == f"{topic.get_absolute_url()}#post-{first.pk}"
    page = client_as(member).get(last.get_absolute_url().split("#")[0]).content.decode()
    assert f'id="post-{last.pk}"' in page


def test_authors_edit_their_posts_and_history_is_kept(client_as, member, other_member, celcis):
    topic = _topic(member)
    opening = topic.posts.get()
    client = client_as(member)
    url = reverse("community:post_edit", args=[opening.pk])
    response = client.post(url, {"version": opening.version, "title": "Coaching time", "body": "New words."})
    assert response.status_code == 302
    opening.refresh_from_db()
    topic.refresh_from_db()
    assert opening.body == "New words." and opening.edited_at and topic.title == "Coaching time"
    assert [r.body for r in opening.history.order_by("history_date")] == [
        "How do you protect coaches' time?",
        "New words.",
    ]
    # Someone else may not edit it.
    with pytest.raises(PermissionDenied):
        services.post_edit(post=opening, actor=other_member, body="Mine now", expected_version=opening.version)
    assert client_as(other_member).get(url).status_code == 403
    # The author and CELCIS read the earlier words; others see who changed it and when.
    history = reverse("community:post_history", args=[opening.pk])
    for reader in (member, celcis):
        assert "How do you protect coaches" in client_as(reader).get(history).content.decode()
    others = client_as(other_member).get(history).content.decode()
    assert "How do you protect coaches" not in others and "Edited by the author" in others


def test_a_stale_post_edit_keeps_the_typed_words(client_as, member):
    topic = _topic(member)
    opening = topic.posts.get()
    opened = opening.version
    services.post_edit(post=opening, actor=member, body="From my phone.", expected_version=opened)
    response = client_as(member).post(
        reverse("community:post_edit", args=[opening.pk]),
        {"version": opened, "title": topic.title, "body": "From my laptop."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this post" in page and "From my laptop." in page
    assert Post.objects.get(pk=opening.pk).body == "From my phone."


def test_celcis_hides_a_post_with_a_reason(client_as, member, other_member, celcis):
    topic = _topic(member)
    reply = services.topic_reply(topic=topic, actor=other_member, body="Something that should not be here.")
    url = reverse("community:post_hide", args=[reply.pk])
    response = client_as(celcis).post(url, {"reason": ""})
    assert response.status_code == 200 and not Post.objects.get(pk=reply.pk).is_hidden
    response = client_as(celcis).post(url, {"reason": "It named a school."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_by == celcis and reply.hidden_reason == "It named a school."
    assert reply.history.first().history_change_reason == "Hidden by CELCIS"

    readers = client_as(member).get(topic.get_absolute_url()).content.decode()
    assert "Something that should not be here." not in readers and "hidden by CELCIS" in readers
    assert "It named a school." not in readers
    author = client_as(other_member).get(topic.get_absolute_url()).content.decode()
    assert "It named a school." in author
    # Hidden posts are not counted, cannot be edited, and only CELCIS hides.
    assert selectors.topics_for(Access.for_user(member)).get().reply_count == 0
    with pytest.raises(PermissionDenied):
        services.post_edit(post=reply, actor=other_member, body="Again", expected_version=reply.version)
    with pytest.raises(ValidationError):
        services.post_hide(post=reply, actor=celcis, reason="Twice")
    assert client_as(member).get(reverse("community:post_hide", args=[reply.pk])).status_code == 403
    assert client_as(member).get(reverse("community:post_history", args=[reply.pk])).status_code == 404


def test_a_topic_whose_opening_post_is_hidden_is_for_celcis_and_its_author(client_as, member, other_member, celcis):
    topic = _topic(member)
    services.post_hide(post=topic.posts.get(), actor=celcis, reason="Identifying detail.")
    assert client_as(other_member).get(topic.get_absolute_url()).status_code == 404
    assert topic not in selectors.topics_for(Access.for_user(other_member))
    assert client_as(celcis).get(topic.get_absolute_url()).status_code == 200


def test_follow_and_unfollow(client_as, member, other_member):
    topic = _topic(member)
    client = client_as(other_member)
    client.post(reverse("community:topic_follow", args=[topic.pk]), {"action": "follow"})
    assert Follow.objects.filter(user=other_member, topic=topic).exists()
    assert "Stop following this topic" in client.get(topic.get_absolute_url()).content.decode()
    client.post(reverse("community:topic_follow", args=[topic.pk]), {"action": "unfollow"})
    assert not Follow.objects.filter(user=other_member, topic=topic).exists()
    example = ExampleFactory()
    client.post(reverse("community:example_follow", args=[example.pk]), {"action": "follow"})
    assert Follow.objects.filter(user=other_member, example=example).exists()


def test_nobody_can_follow_a_draft_they_cannot_see(member, other_member):
    draft = ExampleFactory(author=member, status="draft", published_at=None)
    with pytest.raises(PermissionDenied):
        services.follow_set(actor=other_member, example=draft, following=True)


def test_viewers_read_discussions_but_cannot_post(client_as, viewer, member):
    topic = _topic(member)
    client = client_as(viewer)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "How do you protect coaches" in page and "Post your reply" not in page
    assert client.post(reverse("community:topic_reply", args=[topic.pk]), {"body": "Hi"}).status_code == 403
    assert client.post(reverse("community:topic_create"), {"title": "T", "body": "B"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.topic_reply(topic=topic, actor=viewer, body="Hi")
    assert Post.objects.count() == 1
