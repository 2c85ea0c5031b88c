"""Turning what an author ticked and typed into tags."""

from __future__ import annotations

from django.utils.text import slugify

from core.services import save_with_history

from ..models import Tag, TagKind

MAX_TOPICS = 10


def topic_names(text: str) -> list[str]:
    """“Early help, multi-agency working” → ["Early help", "multi-agency working"], without repeats."""
    names: list[str] = []
    for raw in (text or "").replace(";", ",").split(","):
        name = " ".join(raw.split())[:100]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def _free_slug(name: str) -> str:
    base = slugify(name)[:100] or "topic"
    slug, n = base, 1
    while Tag.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def tags_from_choices(*, chosen: list[Tag], topics_text: str, actor) -> list[Tag]:
    """The ticked framework, stage and driver tags plus a topic tag for each topic typed, creating
    any new topic (matched without regard to case, so “early help” joins “Early help”)."""
    tags = [tag for tag in chosen if tag.kind != TagKind.TOPIC]
    for name in topic_names(topics_text)[:MAX_TOPICS]:
        tag = Tag.objects.filter(kind=TagKind.TOPIC, name__iexact=name).first()
        if tag is None:
            tag = Tag(kind=TagKind.TOPIC, name=name, slug=_free_slug(name))
            save_with_history(tag, actor=actor)
        tags.append(tag)
    return tags
