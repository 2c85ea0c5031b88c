"""Writes for uploaded files: event materials and example attachments."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.services import delete_with_history, save_with_history

from .. import rules
from ..models import Attachment, Event, ExampleStatus, PracticeExample
from ..uploads import check_upload
from ._common import taking_part
from .revisions import changes_for_file


@transaction.atomic
def attachment_add(
    *, actor, file, title: str = "", event: Event | None = None, example: PracticeExample | None = None
) -> Attachment:
    """Keep an uploaded file for an event (its organisers) or an example (who may edit it), after
    checking its type by name and content and its size. Stored under a random name. A file attached
    to a published example waits with the example's pending changes until CELCIS publishes them."""
    access = taking_part(actor)
    if (event is None) == (example is None):
        raise ValueError("An attachment belongs to exactly one event or one example.")
    if event is not None and not rules.can_manage_event(access, event):
        raise PermissionDenied
    if example is not None and not rules.can_edit_example(access, example):
        raise PermissionDenied
    kind = check_upload(file)
    held_for = None
    if example is not None:
        example = PracticeExample.objects.select_for_update().get(pk=example.pk)
        if example.status == ExampleStatus.PUBLISHED:
            held_for = changes_for_file(example, actor=actor)
    attachment = Attachment(
        event=event,
        example=example,
        held_for=held_for,
        title=title.strip(),
        original_name=PurePath(file.name).name[:255],
        content_type=kind.content_type,
        size=file.size,
        uploaded_by=actor,
    )
    attachment.file.save(file.name, file, save=False)
    stored, storage = attachment.file.name, attachment.file.storage
    try:
        save_with_history(attachment, actor=actor, reason="Uploaded")
    except Exception:
        # The row was not saved: do not leave its file behind in storage.
        storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove a file; the file itself goes from storage once the removal is committed."""
    access = taking_part(actor)
    attachment = Attachment.objects.select_related("event__host_area", "example").get(pk=attachment.pk)
    if not rules.can_remove_attachment(access, attachment):
        raise PermissionDenied
    stored, storage = attachment.file.name, attachment.file.storage
    delete_with_history(attachment, actor=actor)
    transaction.on_commit(lambda: storage.delete(stored))
