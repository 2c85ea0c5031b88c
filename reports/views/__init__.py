"""Pages for quarterly returns (an area's), the CELCIS review (national) and report runs.

- `returns`: an area's returns, from opening to CELCIS's acceptance.
- `review`: the national review of every programme area's return.
- `runs`: building, reading and publishing reports.
"""

from .returns import (
    ReturnDetailView,
    ReturnEditView,
    ReturnListView,
    ReturnReopenView,
    ReturnReviewView,
    ReturnStartView,
    ReturnSubmitView,
)
from .review import ReviewView
from .runs import (
    FiguresDownloadView,
    FiguresExportView,
    KeyMessagesEditView,
    RunCreateView,
    RunDetailView,
    RunFileView,
    RunListView,
    RunPublishView,
    RunReportView,
    RunRetryView,
    RunStatusView,
)

__all__ = [
    "FiguresDownloadView",
    "FiguresExportView",
    "KeyMessagesEditView",
    "ReturnDetailView",
    "ReturnEditView",
    "ReturnListView",
    "ReturnReopenView",
    "ReturnReviewView",
    "ReturnStartView",
    "ReturnSubmitView",
    "ReviewView",
    "RunCreateView",
    "RunDetailView",
    "RunFileView",
    "RunListView",
    "RunPublishView",
    "RunReportView",
    "RunRetryView",
    "RunStatusView",
]
