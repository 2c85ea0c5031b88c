"""Pages for an area's improvement cycles (PDSA cycles, usability tests, ramps, the timeline) and its
practice–policy feedback loop.

Every page resolves the area through the access policy and loads records from that area only, so
another area's id answers 404. Writes validate the form, call one service, and redirect with a message.
"""

from .cycles import (
    CycleAdvanceView,
    CycleCreateView,
    CycleDetailView,
    CycleListView,
    CycleStepBackView,
    CycleUpdateView,
    RampView,
    TimelineView,
)
from .feedback import FeedbackCreateView, FeedbackDetailView, FeedbackListView, FeedbackUpdateView
from .iterations import IterationCreateView, IterationUpdateView

__all__ = [
    "CycleAdvanceView",
    "CycleCreateView",
    "CycleDetailView",
    "CycleListView",
    "CycleStepBackView",
    "CycleUpdateView",
    "FeedbackCreateView",
    "FeedbackDetailView",
    "FeedbackListView",
    "FeedbackUpdateView",
    "IterationCreateView",
    "IterationUpdateView",
    "RampView",
    "TimelineView",
]
