"""Writes for the evidence library."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.locking import save_versioned
from core.services import save_with_history

from .. import rules
from ..models import Reference, Tag
from ._common import taking_part
from .tags import tags_from_choices

REFERENCE_FIELDS = ("title", "authors", "year", "link", "summary")


@transaction.atomic
def reference_save(
    *,
    actor,
    data: dict,
    tags: list[Tag],
    topics: str = "",
    reference: Reference | None = None,
    expected_version: int | None = None,
) -> Reference:
    """Add a reference (anyone taking part) or change one (whoever added it, or CELCIS)."""
    access = taking_part(actor)
    tags = tags_from_choices(chosen=tags, topics_text=topics, actor=actor)
    data = {name: data[name] for name in REFERENCE_FIELDS if name in data}
    if reference is None:
        reference = Reference(added_by=actor, **data)
        save_with_history(reference, actor=actor, reason="Added to the library", validate=True, exclude=["version"])
    else:
        reference = Reference.objects.get(pk=reference.pk)
        if not rules.can_edit_reference(access, reference):
            raise PermissionDenied
        for name, value in data.items():
            setattr(reference, name, value)
        reference.full_clean(exclude=["version"])
        save_versioned(reference, expected_version=expected_version, actor=actor, reason="Changed")
    reference.tags.set(tags)
    return reference
