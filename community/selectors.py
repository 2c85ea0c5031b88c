"""Reads for the Community of Practice. List and detail pages use these so their query counts stay
flat however much the community writes; `attendance_by_area_and_role` feeds the quarterly reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea, Role
from core import freshness

from . import rules, search
from .models import (
    OPEN_STATUSES,
    Attachment,
    Event,
    EventRegistration,
    ExampleLink,
    ExampleRevision,
    ExampleStatus,
    Follow,
    Post,
    PracticeExample,
    Reference,
    RegistrationStatus,
    Tag,
    TagKind,
    Topic,
    UsefulMark,
)


def _count(queryset, field: str):
    """A correlated count, so several counts on one list need no GROUP BY and never multiply."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def useful_count():
    """How many people found an example useful, as an annotation."""
    return _count(UsefulMark.objects.all(), "example")


# --- Events ------------------------------------------------------------------------------------------


def events_for(user):
    """Events with their host, how many are registered, and whether `user` is."""
    registered = EventRegistration.objects.filter(status=RegistrationStatus.REGISTERED)
    return Event.objects.select_related("host_area").annotate(
        registered_count=_count(registered, "event"),
        is_registered=Exists(registered.filter(event=OuterRef("pk"), user=user)),
    )


def upcoming_events(user):
    """Events that have not finished, soonest first."""
    return events_for(user).filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")


def past_events(user):
    """Events that have finished, most recent first."""
    return events_for(user).filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


def event_registrations(event):
    """Everyone who registered (or withdrew), with their area, by name."""
    return EventRegistration.objects.filter(event=event).select_related("user", "area", "attendance_recorded_by")


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def attendance_by_area_and_role(*, start: date, end: date) -> list[dict]:
    """Registrations and attendance at events starting between `start` and `end` (inclusive, local
    dates), counted by the attendee's area and role as they were when they registered.

    One query. Returns plain rows, sorted by area name (people with no area, such as CELCIS, last)
    then role: {"area_slug", "area_name", "role", "role_label", "events", "registered", "attended"}.
    Counts are exact; suppressing small numbers (1–4 shown as "<5") is for whoever publishes them.
    """
    starts, ends = _local_bounds(start, end)
    rows = (
        EventRegistration.objects.filter(event__starts_at__gte=starts, event__starts_at__lt=ends)
        .values("area__slug", "area__name", "role")
        .annotate(
            events=Count("event", distinct=True),
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            attended=Count("pk", filter=Q(attended=True)),
        )
        .order_by()
    )
    result = [
        {
            "area_slug": row["area__slug"],
            "area_name": row["area__name"],
            "role": row["role"],
            "role_label": Role(row["role"]).label if row["role"] in Role.values else row["role"],
            "events": row["events"],
            "registered": row["registered"],
            "attended": row["attended"],
        }
        for row in rows
    ]
    return sorted(result, key=lambda r: (r["area_name"] is None, r["area_name"] or "", r["role"]))


def area_participation(area, *, start: date, end: date) -> dict:
    """The area's part in the Community of Practice from `start` to `end` (inclusive, local dates):
    each event held then that its people attended, with how many attended (its attendances), and
    the area's practice examples published then (two queries). Counts are exact."""
    starts, ends = _local_bounds(start, end)
    events = (
        EventRegistration.objects.filter(
            area=area, attended=True, event__starts_at__gte=starts, event__starts_at__lt=ends
        )
        .values("event_id", "event__title", "event__starts_at")
        .annotate(attendances=Count("pk"))
        .order_by("event__starts_at", "event_id")
    )
    published = PracticeExample.objects.filter(
        area=area, status=ExampleStatus.PUBLISHED, published_at__gte=starts, published_at__lt=ends
    )
    return {
        "events": [
            {
                "id": row["event_id"],
                "title": row["event__title"],
                "starts_on": timezone.localdate(row["event__starts_at"]).isoformat(),
                "attendances": row["attendances"],
            }
            for row in events
        ],
        "examples_published": published.count(),
    }


# --- Practice examples --------------------------------------------------------------------------------


def examples_for(access: Access):
    """The examples this reader may see, with area, author, tags and their counts of marks and comments."""
    user = access.user
    return (
        PracticeExample.objects.filter(rules.visible_examples_filter(access))
        .select_related("area", "author")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("kind", "order", "name")))
        .annotate(
            useful_count=useful_count(),
            comment_count=_count(Post.objects.filter(hidden_at__isnull=True), "example"),
            marked_useful=Exists(UsefulMark.objects.filter(example=OuterRef("pk"), user=user)),
        )
    )


def example_for_reader(access: Access):
    """An example as its own page reads it for this reader: only one they may see, with whether they
    found it useful and follow it (what shows to them alone; the rest is `shared.example_shared`), and
    whether changes to it wait unpublished (so that `pending_changes` is read only when they do)."""
    user = access.user
    return PracticeExample.objects.filter(rules.visible_examples_filter(access)).annotate(
        marked_useful=Exists(UsefulMark.objects.filter(example=OuterRef("pk"), user=user)),
        is_following=Exists(Follow.objects.filter(user=user, topic=None, example=OuterRef("pk"))),
        has_pending_changes=Exists(ExampleRevision.objects.filter(example=OuterRef("pk"), status__in=OPEN_STATUSES)),
    )


SORTS = {
    "newest": ("Newest first", ["-published_at", "-pk"]),
    "useful": ("Most useful first", ["-useful_count", "-published_at", "-pk"]),
    "relevance": ("Best match first", ["-rank", "-published_at", "-pk"]),
}


def library(access: Access, *, q: str = "", area: LocalArea | None = None, tag: Tag | None = None, sort: str = ""):
    """The published library, filtered and ordered. With a search, best matches come first unless
    another order is asked for (on SQLite, where there is no ranking, newest first)."""
    published = examples_for(access).filter(status=ExampleStatus.PUBLISHED)
    return narrow_library(published, q=q, area=area, tag=tag, sort=sort)


def narrow_library(examples, *, q: str = "", area: LocalArea | None = None, tag: Tag | None = None, sort: str = ""):
    """Published examples narrowed by area, tag and search, in the order asked for."""
    if area is not None:
        examples = examples.filter(area=area)
    if tag is not None:
        examples = examples.filter(tags=tag)
    if q:
        examples = search.ranked(examples, q, search.EXAMPLE_FIELDS)
        sort = sort or "relevance"
    if sort == "relevance" and not (q and search.uses_postgres()):
        sort = "newest"
    if sort == "useful" and "useful_count" not in examples.query.annotations:
        examples = examples.annotate(useful_count=useful_count())
    return examples.order_by(*SORTS.get(sort, SORTS["newest"])[1])


def unpublished_for(access: Access):
    """The reader's own examples that are not published yet; for CELCIS also those waiting for review."""
    mine = Q(author=access.user) & ~Q(status=ExampleStatus.PUBLISHED)
    waiting = Q(status=ExampleStatus.SUBMITTED) if access.is_celcis else Q(pk__in=[])
    return (
        PracticeExample.objects.filter(mine | waiting)
        .select_related("area", "author", "privacy_confirmed_by")
        .order_by("-submitted_at", "-pk")
    )


def pending_changes(example):
    """The changes to a published example not yet published (at most one), with the files held for them."""
    return (
        ExampleRevision.objects.filter(example=example, status__in=OPEN_STATUSES)
        .select_related("area", "started_by", "privacy_confirmed_by", "reviewed_by")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("kind", "order", "name")),
            Prefetch("held_files", queryset=Attachment.objects.select_related("uploaded_by")),
        )
        .first()
    )


CHANGE_LABELS = (
    ("title", "Title"),
    ("area", "Area"),
    ("summary", "Summary"),
    ("what_was_done", "What was done"),
    ("what_changed", "What changed"),
    ("what_others_can_learn", "What others can learn"),
    ("contact_role", "Contact"),
)


def changes_compared(changes) -> dict:
    """What the pending changes would change: the parts whose words differ, and tags added or removed."""
    example = changes.example
    changed = [label for name, label in CHANGE_LABELS if getattr(changes, name) != getattr(example, name)]
    proposed, published = set(changes.tags.all()), set(example.tags.all())
    return {
        "changed_parts": changed,
        "tags_added": sorted(proposed - published, key=str),
        "tags_removed": sorted(published - proposed, key=str),
    }


def example_links(example):
    """The example's links with their areas and records, in two or three queries whatever their number."""
    return list(ExampleLink.objects.filter(example=example).select_related("area").prefetch_related("target"))


def example_comments(example):
    """Comments on an example, oldest first; hidden ones stay in place (the template says so)."""
    return Post.objects.filter(example=example).select_related("author", "hidden_by").order_by("created_at", "pk")


def is_following(user, *, topic=None, example=None) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, topic=topic, example=example).exists()


# --- Discussions ----------------------------------------------------------------------------------------


def topics_for(access: Access):
    """Topics by latest activity, with their opening post's author and number of visible replies.

    A topic whose opening post CELCIS has hidden is listed for CELCIS only.
    """
    hidden_opening = Post.objects.filter(topic=OuterRef("pk"), is_opening=True, hidden_at__isnull=False)
    topics = (
        Topic.objects.select_related("author")
        .annotate(
            reply_count=_count(Post.objects.filter(is_opening=False, hidden_at__isnull=True), "topic"),
            is_hidden=Exists(hidden_opening),
        )
        .order_by("-last_post_at", "-pk")
    )
    if not access.is_celcis:
        topics = topics.filter(is_hidden=False)
    return topics


def topic_posts(topic):
    return Post.objects.filter(topic=topic).select_related("author", "hidden_by").order_by("created_at", "pk")


# --- Evidence -------------------------------------------------------------------------------------------


def references(*, q: str = "", tag: Tag | None = None):
    """The evidence library, by title (best match first when searching on PostgreSQL)."""
    refs = Reference.objects.prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("kind", "order", "name")))
    if tag is not None:
        refs = refs.filter(tags=tag)
    if q:
        refs = search.ranked(refs, q, search.REFERENCE_FIELDS).order_by("-rank", "title", "pk")
    else:
        refs = refs.order_by("title", "pk")
    return refs


def browsable_tags():
    """The tags the library can be browsed by: every framework (each is linked from the library,
    even before an example carries it) and any other tag in use."""
    used = Q(examples__status=ExampleStatus.PUBLISHED) | Q(references__isnull=False) | Q(kind=TagKind.FRAMEWORK)
    return Tag.objects.filter(used).distinct().order_by("kind", "order", "name")


# --- Search everywhere ----------------------------------------------------------------------------------


@dataclass
class SearchResults:
    q: str
    events: list
    examples: list
    topics: list
    references: list
    limit: int

    @property
    def total(self) -> int:
        return len(self.events) + len(self.examples) + len(self.topics) + len(self.references)


def search_everything(access: Access, q: str, *, limit: int = 10) -> SearchResults:
    """The best `limit` matches of each kind (five queries however many there are)."""
    events = list(
        search.ranked(Event.objects.select_related("host_area"), q, search.EVENT_FIELDS).order_by(
            "-rank", "-starts_at", "-pk"
        )[:limit]
    )
    examples = list(
        search.ranked(
            PracticeExample.objects.filter(status=ExampleStatus.PUBLISHED).select_related("area"),
            q,
            search.EXAMPLE_FIELDS,
        ).order_by("-rank", "-published_at", "-pk")[:limit]
    )
    visible_posts = Post.objects.filter(topic__isnull=False, hidden_at__isnull=True)
    if not access.is_celcis:
        hidden_opening = Post.objects.filter(topic=OuterRef("topic"), is_opening=True, hidden_at__isnull=False)
        visible_posts = visible_posts.exclude(Exists(hidden_opening))
    posts = search.ranked(visible_posts, q, search.POST_FIELDS).order_by("-rank", "-created_at", "-pk")
    best: dict[int, float] = {}
    for topic_id, rank in posts.values_list("topic_id", "rank")[: limit * 5]:
        best.setdefault(topic_id, rank)
    topic_ids = list(best)[:limit]
    topics = sorted(
        Topic.objects.filter(pk__in=topic_ids).select_related("author"), key=lambda t: topic_ids.index(t.pk)
    )
    refs = list(references(q=q)[:limit])
    return SearchResults(q=q, events=events, examples=examples, topics=topics, references=refs, limit=limit)


# --- The landing page ------------------------------------------------------------------------------------


def home(access: Access) -> dict:
    """What the community landing page shows: what is coming up, new and being discussed.

    The newest examples, the active discussions and the evidence count are the same for every reader
    but CELCIS (who also sees discussions whose opening post is hidden): they are read once until the
    community's records or an area's name change. Events (registered or not) and the reader's own
    unpublished examples are read for each reader (the page drawn from all this is kept per reader by
    `CommunityHomeView`, until `upcoming_until`: the moment the first of the upcoming events shown ends,
    and so stops being upcoming; None when none is shown, as then only a change of records adds one)."""
    reader = "celcis" if access.is_celcis else "member"
    shared = freshness.cached(f"community:home:{reader}:{area_names_version()}", [], lambda: _home_shared(access))
    upcoming = list(upcoming_events(access.user)[:3])
    return {
        "upcoming": upcoming,
        "upcoming_until": min((event.ends_at for event in upcoming), default=None),
        "unpublished": list(unpublished_for(access)[:10]),
        **shared,
    }


def _home_shared(access: Access) -> dict:
    newest = (
        PracticeExample.objects.filter(status=ExampleStatus.PUBLISHED)
        .select_related("area")
        .annotate(useful_count=_count(UsefulMark.objects.all(), "example"))
        .order_by("-published_at", "-pk")
    )
    return {
        "newest_examples": list(newest[:4]),
        "active_topics": list(topics_for(access).select_related(None)[:5]),
        "reference_count": Reference.objects.count(),
    }


def area_names_version() -> str:
    """A short digest of the areas' names: part of the key of anything cached that shows or searches
    them. Kept with the programme's token, which an area's own record renews (`core.freshness`)."""

    def digest() -> str:
        names = list(LocalArea.objects.order_by("pk").values_list("pk", "name"))
        return hashlib.sha256(repr(names).encode()).hexdigest()[:16]

    return freshness.cached("community:area-names", [], digest)
