"""Writes for discussions: topics, replies, editing your own posts and CELCIS hiding a post."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import save_versioned
from core.services import require_celcis, save_with_history

from .. import rules
from ..models import Post, Topic
from ._common import taking_part
from .follows import follow_ensure


def _require_text(body: str, field: str = "body", message: str = "Write your message.") -> str:
    if not (body or "").strip():
        raise ValidationError({field: message})
    return body.strip()


@transaction.atomic
def topic_create(*, actor, title: str, body: str) -> Topic:
    """Open a topic with its first post; the author follows it."""
    taking_part(actor)
    title = _require_text(title, "title", "Give the topic a title.")
    body = _require_text(body)
    topic = Topic(title=title[:200], author=actor, last_post_at=timezone.now())
    save_with_history(topic, actor=actor, reason="Topic opened")
    save_with_history(Post(topic=topic, is_opening=True, body=body, author=actor), actor=actor, reason="Topic opened")
    follow_ensure(actor=actor, topic=topic)
    return topic


@transaction.atomic
def topic_reply(*, topic: Topic, actor, body: str) -> Post:
    """Reply in a topic; the replier then follows it."""
    taking_part(actor)
    body = _require_text(body)
    post = Post(topic=topic, body=body, author=actor)
    save_with_history(post, actor=actor, reason="Reply added")
    Topic.objects.filter(pk=topic.pk).update(last_post_at=post.created_at)
    follow_ensure(actor=actor, topic=topic)
    return post


@transaction.atomic
def post_edit(*, post: Post, actor, body: str, expected_version: int | None, title: str | None = None) -> Post:
    """The author changes their post (and, for a topic's opening post, the topic's title); history kept."""
    access = taking_part(actor)
    post = Post.objects.select_related("topic").get(pk=post.pk)
    if not rules.can_edit_post(access, post):
        raise PermissionDenied
    post.body = _require_text(body)
    post.edited_at = timezone.now()
    save_versioned(post, expected_version=expected_version, actor=actor, reason="Edited by the author")
    if post.is_opening and title is not None:
        title = _require_text(title, "title", "Give the topic a title.")[:200]
        if title != post.topic.title:
            post.topic.title = title
            save_with_history(post.topic, actor=actor, reason="Title edited")
    return post


@transaction.atomic
def post_hide(*, post: Post, actor, reason: str) -> Post:
    """CELCIS hides a post from the community, saying why; the post and its history stay."""
    require_celcis(actor)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden:
        raise ValidationError("This post is already hidden.")
    post.hidden_reason = _require_text(reason, "reason", "Say why the post is hidden; its author will see this.")
    post.hidden_at = timezone.now()
    post.hidden_by = actor
    save_versioned(post, expected_version=post.version, actor=actor, reason="Hidden by CELCIS")
    return post
