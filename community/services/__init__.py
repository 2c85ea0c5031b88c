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
    follow_ensure,
    follow_set,
    follower_digest_release,
    follower_digest_send,
    follower_digests_queue,
    unsubscribe,
    unsubscribe_payload,
    unsubscribe_token,
)
from .tags import tags_from_choices

__all__ = [
    "attachment_add",
    "attachment_remove",
    "event_attendance_record",
    "event_register",
    "event_save",
    "event_withdraw",
    "example_comment_add",
    "example_links_set",
    "example_mark_useful",
    "example_publish",
    "example_return",
    "example_save",
    "example_submit",
    "follow_ensure",
    "follow_set",
    "follower_digest_release",
    "follower_digest_send",
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
