"""Pages for an area's implementation teams, meetings, actions, communications and resourcing.

Every page resolves the area through the access policy (AreaMixin) and loads records from that
area only, so another area's id answers 404. Writes validate the form, call one service, and
redirect with a message.
"""

from .actions import (
    ActionCreateView,
    ActionDetailView,
    ActionListView,
    ActionUpdateView,
    CommunicationCreateView,
    CommunicationListView,
    CommunicationUpdateView,
)
from .meetings import MeetingCreateView, MeetingDetailView, MeetingListView, MeetingStartView, MeetingUpdateView
from .teams import (
    MemberCreateView,
    MemberUpdateView,
    ResourcingView,
    TeamCreateView,
    TeamDetailView,
    TeamHistoryView,
    TeamListView,
    TeamUpdateView,
)

__all__ = [
    "ActionCreateView",
    "ActionDetailView",
    "ActionListView",
    "ActionUpdateView",
    "CommunicationCreateView",
    "CommunicationListView",
    "CommunicationUpdateView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingStartView",
    "MeetingUpdateView",
    "MemberCreateView",
    "MemberUpdateView",
    "ResourcingView",
    "TeamCreateView",
    "TeamDetailView",
    "TeamHistoryView",
    "TeamListView",
    "TeamUpdateView",
]
