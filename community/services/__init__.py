"""Writes for the Community of Practice. Each is keyword-only, atomic where it writes more than one
row, and re-checks the actor's rights through the access policy, so views, tasks and commands share
one safe path."""

from .discussions import post_edit, post_hide, topic_create, topic_reply
from .events import event_attendance_record, event_register, event_save, event_withdraw
from .evidence import reference_save
from .examples import (
    example_comment_add,
    example_links_set,
    example_mark_useful,
    example_publish,
    example_return,
    example_save,
    example_submit,
)
from .files import attachment_add, attachment_remove
from .follows import (
    digest_items,
    follow_ensure,
    follow_set,
    follower_digests_queue,
    unsubscribe,
    unsubscribe_payload,
    unsubscribe_token,
)
from .revisions import (
    REVISION_FIELDS,
    example_changes_publish,
    example_changes_return,
    example_changes_save,
    example_changes_submit,
)
from .tags import tags_from_choices

__all__ = [
    "REVISION_FIELDS",
    "attachment_add",
    "attachment_remove",
    "event_attendance_record",
    "event_register",
    "event_save",
    "event_withdraw",
    "example_changes_publish",
    "example_changes_return",
    "example_changes_save",
    "example_changes_submit",
    "example_comment_add",
    "example_links_set",
    "example_mark_useful",
    "example_publish",
    "example_return",
    "example_save",
    "example_submit",
    "follow_ensure",
    "follow_set",
    "digest_items",
    "follower_digests_queue",
    "post_edit",
    "post_hide",
    "reference_save",
    "tags_from_choices",
    "topic_create",
    "topic_reply",
    "unsubscribe",
    "unsubscribe_payload",
    "unsubscribe_token",
]
