"""Following topics and examples, and the daily follower emails.

Each follower gets at most one email a day, listing everything new in what they follow. The email
goes through the notifications outbox (one row per follower and day, sent after the transaction
commits and claimed before sending), so a retried or duplicated task never sends the same day's
email twice and one refused address stops nobody else's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from areas.models import User
from core.links import absolute_url
from core.services import delete_with_history, save_with_history
from notifications.services import outbox_queue

from .. import rules
from ..models import ExampleStatus, Follow, Post, PracticeExample, Topic
from ._common import taking_part

UNSUBSCRIBE_SALT = "community.unsubscribe"


def follow_ensure(*, actor, topic: Topic | None = None, example: PracticeExample | None = None) -> Follow:
    """Make `actor` follow the topic or example (no change if they already do)."""
    follow = Follow.objects.filter(user=actor, topic=topic, example=example).first()
    if follow is None:
        follow = Follow(user=actor, topic=topic, example=example)
        save_with_history(follow, actor=actor, reason="Followed")
    return follow


@transaction.atomic
def follow_set(*, actor, following: bool, topic: Topic | None = None, example: PracticeExample | None = None) -> bool:
    """Start or stop following a topic or an example the actor can see."""
    access = taking_part(actor)
    if (topic is None) == (example is None):
        raise ValueError("Follow exactly one topic or one example.")
    if (
        example is not None
        and not PracticeExample.objects.filter(rules.visible_examples_filter(access), pk=example.pk).exists()
    ):
        raise PermissionDenied
    if following:
        follow_ensure(actor=actor, topic=topic, example=example)
    else:
        for follow in Follow.objects.filter(user=actor, topic=topic, example=example):
            delete_with_history(follow, actor=actor)
    return following


# --- Unsubscribing from an email, without signing in ----------------------------------------------


def unsubscribe_token(*, follow: Follow | None = None, user=None) -> str:
    """A signed token that stops one follow, or (with `user`) every follow of that person. It does not
    expire: an old email's link should still work."""
    payload = {"follow": follow.pk} if follow is not None else {"user": user.pk}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_payload(token: str) -> dict:
    """The token's payload; raises signing.BadSignature for a token that was not ours."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not ({"follow", "user"} & payload.keys()):
        raise signing.BadSignature("Unexpected payload")
    return payload


def follows_for_token(payload: dict):
    if "follow" in payload:
        return Follow.objects.filter(pk=payload["follow"]).select_related("topic", "example", "user")
    return Follow.objects.filter(user_id=payload["user"]).select_related("topic", "example", "user")


@transaction.atomic
def unsubscribe(*, token: str) -> int:
    """Stop the follows a token names; the token itself is the authority. Returns how many stopped."""
    removed = 0
    for follow in follows_for_token(unsubscribe_payload(token)):
        delete_with_history(follow, actor=follow.user, reason="Unsubscribed from the email")
        removed += 1
    return removed


# --- The daily email --------------------------------------------------------------------------------


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _new_posts(day: date):
    start, end = _day_bounds(day)
    # A topic CELCIS has hidden (its opening post hidden) never goes out, nor its title or repliers.
    hidden_topic = Post.objects.filter(topic=OuterRef("topic"), is_opening=True, hidden_at__isnull=False)
    return (
        Post.objects.filter(created_at__gte=start, created_at__lt=end, hidden_at__isnull=True)
        .filter(Q(topic__isnull=False) | Q(example__status=ExampleStatus.PUBLISHED))
        .exclude(Exists(hidden_topic))
    )


def _followers_with_news(day: date) -> list[int]:
    """Who follows a topic or example with something new on `day` by someone else (two queries)."""
    posts = list(_new_posts(day).values_list("topic_id", "example_id", "author_id"))
    authors_by_topic, authors_by_example = defaultdict(set), defaultdict(set)
    for topic_id, example_id, author_id in posts:
        if topic_id:
            authors_by_topic[topic_id].add(author_id)
        else:
            authors_by_example[example_id].add(author_id)
    follows = Follow.objects.filter(
        Q(topic_id__in=list(authors_by_topic)) | Q(example_id__in=list(authors_by_example))
    ).values_list("user_id", "topic_id", "example_id")
    users = set()
    for user_id, topic_id, example_id in follows:
        authors = authors_by_topic[topic_id] if topic_id else authors_by_example[example_id]
        if authors - {user_id}:
            users.add(user_id)
    return sorted(users)


def digest_items(*, user, day: date) -> list[dict]:
    """What is new for `user` on `day`: each followed topic or example with its new posts by others."""
    follows = list(Follow.objects.filter(user=user).select_related("topic", "example"))
    topics = {f.topic_id: f for f in follows if f.topic_id}
    examples = {f.example_id: f for f in follows if f.example_id}
    posts = (
        _new_posts(day)
        .filter(Q(topic_id__in=list(topics)) | Q(example_id__in=list(examples)))
        .exclude(author=user)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    grouped: dict[tuple, dict] = {}
    for post in posts:
        follow = topics[post.topic_id] if post.topic_id else examples[post.example_id]
        key = ("topic", post.topic_id) if post.topic_id else ("example", post.example_id)
        entry = grouped.setdefault(key, {"follow": follow, "followed": follow.followed, "posts": []})
        entry["posts"].append(post)
    return list(grouped.values())


def digest_key(day: date) -> str:
    """The outbox key of a follower's email for `day`: one per follower and day."""
    return f"community.digest:{day.isoformat()}"


def _queue_digest(user, day: date) -> bool:
    """Write one follower's email for `day` into the outbox; False when there is nothing to send."""
    if not user.is_active or not user.email or not Access.for_user(user).can_see_community:
        return False
    items = digest_items(user=user, day=day)
    if not items:
        return False
    for item in items:
        item["url"] = absolute_url(item["followed"].get_absolute_url())
        item["unsubscribe_url"] = absolute_url(
            reverse("community:unsubscribe", kwargs={"token": unsubscribe_token(follow=item["follow"])})
        )
    stop_all = absolute_url(reverse("community:unsubscribe", kwargs={"token": unsubscribe_token(user=user)}))
    count = sum(len(item["posts"]) for item in items)
    context = {"user": user, "day": day, "items": items, "count": count, "stop_all_url": stop_all}
    email = outbox_queue(
        recipient=user,
        key=digest_key(day),
        subject=f"Community of Practice: {count} new post{'s' if count != 1 else ''} in what you follow",
        body=render_to_string("community/email/digest.txt", context),
        unsubscribe_url=stop_all,
    )
    return email is not None


@transaction.atomic
def follower_digests_queue(*, day: date) -> int:
    """Queue the day's email for each follower with something new by someone else; how many were queued.

    Each email is an outbox row, sent by the notifications task once this transaction commits, so
    nothing goes if the run fails part-way, and a second run for the same day queues nothing.
    """
    already = set(User.objects.filter(outbox_emails__key=digest_key(day)).values_list("pk", flat=True))
    wanted = [user_id for user_id in _followers_with_news(day) if user_id not in already]
    return sum(_queue_digest(user, day) for user in User.objects.filter(pk__in=wanted).order_by("pk"))
