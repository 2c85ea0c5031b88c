"""Changes to a published example: held as a pending revision until CELCIS publishes them.

Readers keep the published words and files meanwhile. The author sends the changes (text, tags and
any file attached since publishing) with the privacy confirmation; CELCIS publishes them, when they
replace the published version, or returns them with a comment.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import StaleEdit, save_versioned
from core.services import require_celcis, save_with_history

from .. import notices, rules
from ..models import OPEN_STATUSES, ExampleRevision, ExampleStatus, PracticeExample, Tag
from ._common import taking_part
from .tags import tags_from_choices

REVISION_FIELDS = ("title", "area", "summary", "what_was_done", "what_changed", "what_others_can_learn", "contact_role")
PRIVACY_REQUIRED = (
    "Confirm that the changes hold no detail that could identify a child or family before they go to CELCIS."
)


def open_changes(example: PracticeExample, *, lock: bool = False) -> ExampleRevision | None:
    """The example's changes not yet published (at most one), if any."""
    revisions = ExampleRevision.objects.filter(example=example, status__in=OPEN_STATUSES)
    if lock:
        revisions = revisions.select_for_update()
    return revisions.select_related("area").first()


def _locked_example(example: PracticeExample) -> PracticeExample:
    return PracticeExample.objects.select_for_update().select_related("area", "author").get(pk=example.pk)


def changes_start(example: PracticeExample, *, actor) -> ExampleRevision:
    """A new pending revision holding the published version, for the editor to change."""
    revision = ExampleRevision(
        example=example,
        started_by=actor,
        status=ExampleStatus.DRAFT,
        **{name: getattr(example, name) for name in REVISION_FIELDS},
    )
    save_with_history(revision, actor=actor, reason="Changes started after publishing")
    revision.tags.set(example.tags.all())
    return revision


def _confirm_privacy(revision: ExampleRevision, actor) -> None:
    revision.privacy_confirmed_by = actor
    revision.privacy_confirmed_at = timezone.now()


@transaction.atomic
def example_changes_save(
    *,
    actor,
    example: PracticeExample,
    data: dict,
    tags: list[Tag],
    topics: str = "",
    expected_version: int | None = None,
    privacy_confirmed: bool = False,
) -> ExampleRevision:
    """Change a published example: the words go into its pending revision, not to readers.

    `expected_version` is the revision's version when the form was opened, or None when no changes
    were pending then (someone starting changes meanwhile is a clash, like any other).
    """
    from .examples import check_example_content

    access = taking_part(actor)
    example = _locked_example(example)
    if example.status != ExampleStatus.PUBLISHED:
        raise ValidationError("Only a published example keeps its changes aside for review.")
    if not rules.can_edit_example(access, example):
        raise PermissionDenied
    revision = open_changes(example, lock=True)
    if (revision is None) != (expected_version is None):
        raise StaleEdit(revision or example)
    data = {name: data[name] for name in REVISION_FIELDS if name in data}
    current_area = revision.area_id if revision else example.area_id
    check_example_content(data, access, area_changed="area" in data and data["area"].pk != current_area)
    if revision is None:
        revision = changes_start(example, actor=actor)
        expected_version = revision.version
    if revision.status == ExampleStatus.SUBMITTED:
        # Already with CELCIS: whoever changes it confirms the privacy check again, for the new words.
        if not privacy_confirmed:
            raise ValidationError({"privacy_confirmed": "Confirm the privacy check again for your changes."})
        _confirm_privacy(revision, actor)
    else:
        revision.privacy_confirmed_by = revision.privacy_confirmed_at = None
    for name, value in data.items():
        setattr(revision, name, value)
    revision.full_clean(exclude=["version"])
    save_versioned(revision, expected_version=expected_version, actor=actor, reason="Changed, waiting for review")
    revision.tags.set(tags_from_choices(chosen=tags, topics_text=topics, actor=actor))
    return revision


def changes_for_file(example: PracticeExample, *, actor) -> ExampleRevision:
    """The pending revision a file attached to a published example waits with (started if needed).

    A file added by the author to changes already with CELCIS takes them back to a draft: the privacy
    check they confirmed did not cover it.
    """
    revision = open_changes(example, lock=True) or changes_start(example, actor=actor)
    if revision.status == ExampleStatus.SUBMITTED and revision.example.author_id == actor.pk:
        revision.status = ExampleStatus.DRAFT
        revision.privacy_confirmed_by = revision.privacy_confirmed_at = None
        save_versioned(revision, expected_version=revision.version, actor=actor, reason="File added: send again")
    return revision


def _submitted_changes(example: PracticeExample) -> ExampleRevision:
    revision = open_changes(example, lock=True)
    if revision is None or revision.status != ExampleStatus.SUBMITTED:
        raise ValidationError("There are no changes to this example waiting for review.")
    return revision


@transaction.atomic
def example_changes_submit(*, example: PracticeExample, actor, privacy_confirmed: bool) -> ExampleRevision:
    """The author sends the changes to a published example to CELCIS, confirming they identify nobody."""
    taking_part(actor)
    example = _locked_example(example)
    if example.author_id != actor.pk:
        raise PermissionDenied
    revision = open_changes(example, lock=True)
    if revision is None or revision.status not in (ExampleStatus.DRAFT, ExampleStatus.RETURNED):
        raise ValidationError("There are no changes to send to CELCIS.")
    if not privacy_confirmed:
        raise ValidationError({"privacy_confirmed": PRIVACY_REQUIRED})
    _confirm_privacy(revision, actor)
    revision.status = ExampleStatus.SUBMITTED
    revision.submitted_at = timezone.now()
    save_versioned(revision, expected_version=revision.version, actor=actor, reason="Changes sent to CELCIS")
    return revision


@transaction.atomic
def example_changes_publish(*, example: PracticeExample, actor, comment: str = "") -> ExampleRevision:
    """CELCIS publishes the changes: they replace the published words, and the files held are released."""
    require_celcis(actor)
    example = _locked_example(example)
    revision = _submitted_changes(example)
    if not revision.privacy_confirmed:
        raise ValidationError("The privacy check is not confirmed for these changes. Return them to the author.")
    for name in REVISION_FIELDS:
        setattr(example, name, getattr(revision, name))
    example.privacy_confirmed_by = revision.privacy_confirmed_by
    example.privacy_confirmed_at = revision.privacy_confirmed_at
    save_versioned(example, expected_version=example.version, actor=actor, reason="Changes published")
    example.tags.set(revision.tags.all())
    for held in revision.held_files.all():
        held.held_for = None
        save_with_history(held, actor=actor, reason="Published with the example's changes")
    now = timezone.now()
    revision.status = ExampleStatus.PUBLISHED
    revision.reviewed_by, revision.reviewed_at, revision.review_comment = actor, now, comment.strip()
    save_versioned(revision, expected_version=revision.version, actor=actor, reason="Published")
    notices.changes_reviewed(revision, published=True, comment=revision.review_comment)
    return revision


@transaction.atomic
def example_changes_return(*, example: PracticeExample, actor, comment: str) -> ExampleRevision:
    """CELCIS returns the changes to the author with a comment; readers still see the published version."""
    require_celcis(actor)
    example = _locked_example(example)
    revision = _submitted_changes(example)
    if not comment.strip():
        raise ValidationError({"comment": "Say what the author should change, so they can put it right."})
    revision.status = ExampleStatus.RETURNED
    revision.reviewed_by, revision.reviewed_at, revision.review_comment = actor, timezone.now(), comment.strip()
    save_versioned(revision, expected_version=revision.version, actor=actor, reason="Returned to the author")
    notices.changes_reviewed(revision, published=False, comment=revision.review_comment)
    return revision
