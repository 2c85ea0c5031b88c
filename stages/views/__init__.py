"""Stages pages, one module per part: the stage pages (about the programme or any subject),
stakeholder engagement, readiness for change, and the national pages with the catalogue."""

from .engagement import EngagementCreateView, EngagementListView, EngagementUpdateView
from .national import (
    ActivityCatalogueView,
    CatalogueActivityCreateView,
    CatalogueActivityUpdateView,
    NationalStagesView,
)
from .readiness import ReadinessCreateView, ReadinessDetailView, ReadinessListView
from .stage import (
    ActivityEvidenceView,
    ActivityProgressUpdateView,
    ChecklistView,
    StageChangeCreateView,
    StageChangeDecideView,
    StagesHistoryView,
    StagesOverviewView,
    StageTargetsView,
)
from .subject import StagePages, StageSubjectMixin

__all__ = [
    "ActivityCatalogueView",
    "ActivityEvidenceView",
    "ActivityProgressUpdateView",
    "CatalogueActivityCreateView",
    "CatalogueActivityUpdateView",
    "ChecklistView",
    "EngagementCreateView",
    "EngagementListView",
    "EngagementUpdateView",
    "NationalStagesView",
    "ReadinessCreateView",
    "ReadinessDetailView",
    "ReadinessListView",
    "StageChangeCreateView",
    "StageChangeDecideView",
    "StagePages",
    "StageSubjectMixin",
    "StagesHistoryView",
    "StagesOverviewView",
    "StageTargetsView",
]
