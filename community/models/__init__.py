"""The Community of Practice: events, practice examples, discussions and the evidence library.

Unlike an area's implementation records, nothing here belongs to one area's private work: every
role reads it (see `areas.access.require_community`). What an area contributes still names its area.
"""

from .discussions import Post, Topic
from .events import Event, EventFormat, EventKind, EventRegistration, RegistrationStatus
from .evidence import Reference
from .examples import ExampleLink, ExampleStatus, PracticeExample, UsefulMark
from .files import Attachment
from .follows import Follow
from .revisions import OPEN_STATUSES, ExampleRevision
from .tags import Tag, TagKind

__all__ = [
    "Attachment",
    "Event",
    "EventFormat",
    "EventKind",
    "EventRegistration",
    "ExampleLink",
    "ExampleRevision",
    "ExampleStatus",
    "Follow",
    "OPEN_STATUSES",
    "PracticeExample",
    "Post",
    "Reference",
    "RegistrationStatus",
    "Tag",
    "TagKind",
    "Topic",
    "UsefulMark",
]
