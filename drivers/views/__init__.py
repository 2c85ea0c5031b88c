"""Pages for implementation drivers, by sub-area: the area's assessments and their scoring
(`assessments`), change over time and history (`progress`), and the national heat map and the
catalogue of items (`catalogue`).

Area pages resolve the area through the access policy and load records from that area only, so
another area's id answers 404; national pages are for CELCIS and national viewers. Writes validate
the form, call one service, and redirect with a message.
"""

from .assessments import (
    AssessmentCompleteView,
    AssessmentCorrectView,
    AssessmentDetailView,
    AssessmentScoreView,
    AssessmentUpdateView,
    DriversAssessmentCreateView,
    DriversHomeView,
    GapActionCreateView,
)
from .catalogue import (
    DriverCatalogueView,
    DriverItemCreateView,
    DriverItemRemoveView,
    DriverItemUpdateView,
    ItemSetCreateView,
    ItemSetDetailView,
    ItemSetPublishView,
    NationalDriversView,
)
from .progress import DriversHistoryView, ProgressView

__all__ = [
    "AssessmentCompleteView",
    "AssessmentCorrectView",
    "AssessmentDetailView",
    "AssessmentScoreView",
    "AssessmentUpdateView",
    "DriverCatalogueView",
    "DriverItemCreateView",
    "DriverItemRemoveView",
    "DriverItemUpdateView",
    "DriversAssessmentCreateView",
    "DriversHistoryView",
    "DriversHomeView",
    "GapActionCreateView",
    "ItemSetCreateView",
    "ItemSetDetailView",
    "ItemSetPublishView",
    "NationalDriversView",
    "ProgressView",
]
