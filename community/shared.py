"""What the examples' pages show the same to every reader, drawn once until it changes (issue 17).

Community records have no area, so any change to one renews the programme's freshness token
(`core.freshness`): everything here is cached with `freshness.cached(key, [], …)`. Renaming an area
(or taking it into the programme) renews the programme's token too; keys of what shows, searches or
offers areas also hold `AreaList.version`, a digest of the areas kept with that token.

Nothing here depends on who reads: what differs per reader (their own "useful" marks, whether they
follow, which links they may follow, forms and CSRF tokens) is read or drawn on each request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.template.loader import render_to_string

from areas.models import LocalArea
from core import freshness

from . import selectors
from .models import ExampleStatus, PracticeExample, Tag, TagKind, UsefulMark
from .text import plain_text

TAG_ORDER = ("kind", "order", "name")


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


@dataclass
class AreaList:
    """The programme's areas as the library's filter offers them (slug, name), and a digest of every
    area's name, slug and place in the programme for cache keys."""

    choices: list[tuple[str, str]]
    version: str


def area_list() -> AreaList:
    """Kept with the programme's token, which an area's own record renews (`core.freshness`)."""

    def read() -> AreaList:
        rows = list(LocalArea.objects.order_by("name").values_list("pk", "slug", "name", "in_programme"))
        return AreaList(choices=[(slug, name) for _pk, slug, name, shown in rows if shown], version=_digest(rows))

    return freshness.cached("community:area-list", [], read)


@dataclass
class LibraryRow:
    """One published example as the library lists it (`marked_useful` is the reader's, set per request)."""

    pk: int
    url: str
    title: str
    summary_plain: str
    area_name: str
    tags_html: str
    useful_count: int
    published_at: datetime | None
    marked_useful: bool = False


def published_examples():
    """The published library: the same for every reader (what its table shows is added by `library_rows`)."""
    return PracticeExample.objects.filter(status=ExampleStatus.PUBLISHED)


def library_rows(rows):
    """The published examples `rows` as the library's table reads them: with their area, tags and count
    of useful marks."""
    shown = rows.select_related("area").prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by(*TAG_ORDER)))
    if "useful_count" not in shown.query.annotations:  # narrow_library adds it to sort by it
        shown = shown.annotate(useful_count=selectors.useful_count())
    return shown


def library_tags() -> dict:
    """The tags the library offers to filter by, and its frameworks."""
    tags = list(selectors.browsable_tags().values_list("slug", "name", "kind"))
    return {
        "tag_choices": [(slug, name) for slug, name, _kind in tags],
        # browsable_tags holds every framework, in (order, name) within its kind.
        "frameworks": [{"slug": slug, "name": name} for slug, name, kind in tags if kind == TagKind.FRAMEWORK],
    }


def library_drawn(examples) -> list[LibraryRow]:
    """The page's examples as the library lists them, the same for every reader."""
    return [
        LibraryRow(
            pk=example.pk,
            url=example.get_absolute_url(),
            title=example.title,
            summary_plain=plain_text(example.summary or "", words=30),
            area_name=example.area.name,
            tags_html=render_to_string("community/_tags.html", {"tags": example.tags.all()}),
            useful_count=example.useful_count,
            published_at=example.published_at,
        )
        for example in examples
    ]


def mark_useful_for(user, rows: list[LibraryRow]) -> None:
    """Set `marked_useful` on the listed rows that the reader found useful (one query)."""
    if not rows:
        return
    marked = set(
        UsefulMark.objects.filter(user=user, example_id__in=[row.pk for row in rows]).values_list(
            "example_id", flat=True
        )
    )
    for row in rows:
        row.marked_useful = row.pk in marked


def example_shared(example) -> dict:
    """What an example's page shows every reader allowed to see it: the example with its area, people
    and useful count, its tags (as links; "" for none), its files (held ones too; the page lists them
    only for who may see them) and its comments (hidden ones too; the template shows their words
    only to who may read them). The page names no area but the example's own, so its key holds that
    area's token."""
    pk = example.pk

    def read():
        shown = (
            PracticeExample.objects.select_related("area", "author", "privacy_confirmed_by", "reviewed_by")
            .annotate(useful_count=selectors.useful_count())
            .get(pk=pk)
        )
        return {
            "example": shown,
            "tags_html": render_to_string("community/_tags.html", {"tags": list(shown.tags.order_by(*TAG_ORDER))}),
            "files": list(shown.attachments.select_related("uploaded_by")),
            "comments": list(selectors.example_comments(shown)),
        }

    return freshness.cached(f"community:example:{pk}", [example.area_id], read)
