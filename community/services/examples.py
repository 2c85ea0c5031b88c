"""Writes for practice examples: writing, the privacy check, review by CELCIS, links, marks and comments."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import save_versioned
from core.services import delete_with_history, raise_if_errors, require_celcis, save_with_history

from .. import links, notices, rules
from ..models import ExampleLink, ExampleStatus, Post, PracticeExample, Tag, UsefulMark
from ._common import taking_part
from .follows import follow_ensure
from .tags import tags_from_choices

EXAMPLE_FIELDS = ("title", "area", "summary", "what_was_done", "what_changed", "what_others_can_learn", "contact_role")
PRIVACY_REQUIRED = (
    "Confirm that the example holds no detail that could identify a child or family before it goes to CELCIS."
)
# Seven or more digits, allowing the spaces, brackets and dashes people write phone numbers with.
_PHONE_NUMBER = re.compile(r"\+?\d(?:[\s().-]*\d){6,}")


def check_example_content(data: dict, access, *, area_changed: bool) -> None:
    errors = {}
    if _PHONE_NUMBER.search(data.get("contact_role", "")):
        errors["contact_role"] = (
            "Give a role people can ask for, not a phone number: anyone reading can find the role's "
            "contact details through the organisation."
        )
    if area_changed and not rules.example_area_choices(access).filter(pk=data["area"].pk).exists():
        errors["area"] = "Choose an area you work in."
    raise_if_errors(errors)


def _confirm_privacy(example: PracticeExample, actor) -> None:
    example.privacy_confirmed_by = actor
    example.privacy_confirmed_at = timezone.now()


@transaction.atomic
def example_save(
    *,
    actor,
    data: dict,
    tags: list[Tag],
    topics: str = "",
    example: PracticeExample | None = None,
    expected_version: int | None = None,
    privacy_confirmed: bool = False,
) -> PracticeExample:
    """Write a new draft, or change an example. An example already with CELCIS needs the privacy
    confirmation again with every change, since the change may add identifying detail. Changes to a
    published example are held for review instead (`example_changes_save`): the pending revision is
    returned, and readers keep the published version until CELCIS publishes the changes.

    `tags` are the ticked framework, stage and driver tags; `topics` the topics typed, comma-separated.
    """
    access = taking_part(actor)
    data = {name: data[name] for name in EXAMPLE_FIELDS if name in data}
    if example is not None and PracticeExample.objects.filter(pk=example.pk, status=ExampleStatus.PUBLISHED).exists():
        from .revisions import example_changes_save

        return example_changes_save(
            actor=actor,
            example=example,
            data=data,
            tags=tags,
            topics=topics,
            expected_version=expected_version,
            privacy_confirmed=privacy_confirmed,
        )
    tags = tags_from_choices(chosen=tags, topics_text=topics, actor=actor)
    if example is None:
        check_example_content(data, access, area_changed=True)
        example = PracticeExample(author=actor, status=ExampleStatus.DRAFT, **data)
        save_with_history(example, actor=actor, reason="Draft started", validate=True, exclude=["version"])
        example.tags.set(tags)
        follow_ensure(actor=actor, example=example)
        return example
    example = PracticeExample.objects.select_for_update().get(pk=example.pk)
    if not rules.can_edit_example(access, example):
        raise PermissionDenied
    check_example_content(data, access, area_changed="area" in data and data["area"].pk != example.area_id)
    if example.status == ExampleStatus.SUBMITTED:
        if not privacy_confirmed:
            raise ValidationError({"privacy_confirmed": PRIVACY_REQUIRED.replace(" before it goes to CELCIS", "")})
        _confirm_privacy(example, actor)
    else:
        # A draft's confirmation is given when it is submitted, for the words submitted.
        example.privacy_confirmed_by = example.privacy_confirmed_at = None
    for name, value in data.items():
        setattr(example, name, value)
    example.full_clean(exclude=["version"])
    save_versioned(example, expected_version=expected_version, actor=actor, reason="Changed")
    example.tags.set(tags)
    return example


def _locked(example: PracticeExample) -> PracticeExample:
    return PracticeExample.objects.select_for_update().select_related("area", "author").get(pk=example.pk)


def _save_status(example: PracticeExample, *, actor, reason: str) -> None:
    # Bump the version too, so an edit form opened before the status changed is told it is stale.
    save_versioned(example, expected_version=example.version, actor=actor, reason=reason)


@transaction.atomic
def example_submit(*, example: PracticeExample, actor, privacy_confirmed: bool) -> PracticeExample:
    """The author sends a draft (or a returned example) to CELCIS, confirming it identifies nobody."""
    taking_part(actor)
    example = _locked(example)
    if example.author_id != actor.pk:
        raise PermissionDenied
    if example.status not in (ExampleStatus.DRAFT, ExampleStatus.RETURNED):
        raise ValidationError("This example has already been sent to CELCIS.")
    if not privacy_confirmed:
        raise ValidationError({"privacy_confirmed": PRIVACY_REQUIRED})
    _confirm_privacy(example, actor)
    example.status = ExampleStatus.SUBMITTED
    example.submitted_at = timezone.now()
    _save_status(example, actor=actor, reason="Sent to CELCIS for review")
    return example


@transaction.atomic
def example_publish(*, example: PracticeExample, actor, comment: str = "") -> PracticeExample:
    """CELCIS publishes a submitted example whose author has confirmed the privacy check."""
    require_celcis(actor)
    example = _locked(example)
    if example.status != ExampleStatus.SUBMITTED:
        raise ValidationError("Only an example waiting for review can be published.")
    if not example.privacy_confirmed:
        raise ValidationError(
            "The author has not confirmed that this example holds no detail that could identify a child or "
            "family. Return it to them to confirm."
        )
    now = timezone.now()
    example.status = ExampleStatus.PUBLISHED
    example.published_at = example.published_at or now
    example.reviewed_by, example.reviewed_at, example.review_comment = actor, now, comment.strip()
    _save_status(example, actor=actor, reason="Published")
    notices.example_reviewed(example, published=True, comment=example.review_comment)
    return example


@transaction.atomic
def example_return(*, example: PracticeExample, actor, comment: str) -> PracticeExample:
    """CELCIS returns a submitted example to its author with a comment saying what to change."""
    require_celcis(actor)
    example = _locked(example)
    if example.status != ExampleStatus.SUBMITTED:
        raise ValidationError("Only an example waiting for review can be returned.")
    if not comment.strip():
        raise ValidationError({"comment": "Say what the author should change, so they can put it right."})
    example.status = ExampleStatus.RETURNED
    example.reviewed_by, example.reviewed_at, example.review_comment = actor, timezone.now(), comment.strip()
    _save_status(example, actor=actor, reason="Returned to the author")
    notices.example_reviewed(example, published=False, comment=example.review_comment)
    return example


@transaction.atomic
def example_links_set(*, example: PracticeExample, actor, targets: list) -> list[ExampleLink]:
    """Link the example to these portal records (and unlink any others). Each must be a linkable
    record in the example's area, which the actor may see."""
    access = taking_part(actor)
    example = _locked(example)
    if not rules.can_edit_example(access, example) or not access.can_see_area(example.area):
        raise PermissionDenied
    kinds = {kind.model: kind for kind in links.linkable_kinds()}
    wanted = {}
    for target in targets:
        kind = kinds.get(type(target))
        if kind is None or target.area_id != example.area_id:
            raise ValidationError(f"“{target}” cannot be linked to an example about {example.area}.")
        wanted[(kind.content_type.pk, target.pk)] = target
    for link in list(example.links.all()):
        if (link.target_content_type_id, link.target_object_id) not in wanted:
            delete_with_history(link, actor=actor)
        else:
            wanted.pop((link.target_content_type_id, link.target_object_id))
    for (content_type_id, object_id), _target in wanted.items():
        link = ExampleLink(
            example=example,
            area_id=example.area_id,
            target_content_type_id=content_type_id,
            target_object_id=object_id,
            added_by=actor,
        )
        save_with_history(link, actor=actor, reason="Linked")
    return list(example.links.all())


def _published(example: PracticeExample) -> PracticeExample:
    example = PracticeExample.objects.get(pk=example.pk)
    if example.status != ExampleStatus.PUBLISHED:
        raise ValidationError("This example is not published.")
    return example


@transaction.atomic
def example_mark_useful(*, example: PracticeExample, actor, useful: bool) -> bool:
    """Mark (or unmark) a published example as useful: one mark per person, not for your own."""
    taking_part(actor)
    example = _published(example)
    if example.author_id == actor.pk:
        raise ValidationError("You cannot mark your own example as useful.")
    existing = UsefulMark.objects.filter(example=example, user=actor).first()
    if useful and existing is None:
        save_with_history(UsefulMark(example=example, user=actor), actor=actor)
    elif not useful and existing is not None:
        delete_with_history(existing, actor=actor)
    return useful


@transaction.atomic
def example_comment_add(*, example: PracticeExample, actor, body: str) -> Post:
    """Comment on a published example; the commenter then follows it for replies."""
    taking_part(actor)
    example = _published(example)
    if not body.strip():
        raise ValidationError({"body": "Write a comment."})
    post = Post(example=example, body=body.strip(), author=actor)
    save_with_history(post, actor=actor, reason="Comment added")
    follow_ensure(actor=actor, example=example)
    return post
