"""The areas app's pages: areas and their people, the national overview, everyone's home page,
CELCIS specialists, bringing a new area into the programme, and the printable area summary."""

from .areas import (
    AreaHistoryView,
    AreaListView,
    AreaOverviewView,
    AreaUpdateView,
    MemberAddView,
    MemberEndView,
    MemberInviteView,
    MemberListView,
    MemberRoleView,
    NationalOverviewView,
    NationalPeopleView,
    NationalPersonAddView,
    NationalPersonEndView,
)
from .home import HomeView, home
from .onboarding import AreaOnboardView
from .specialists import SpecialistAddView, SpecialistEndView
from .summary import AreaSummaryPdfView, AreaSummaryView

__all__ = [
    "AreaHistoryView",
    "AreaListView",
    "AreaOnboardView",
    "AreaOverviewView",
    "AreaSummaryPdfView",
    "AreaSummaryView",
    "AreaUpdateView",
    "HomeView",
    "MemberAddView",
    "MemberEndView",
    "MemberInviteView",
    "MemberListView",
    "MemberRoleView",
    "NationalOverviewView",
    "NationalPeopleView",
    "NationalPersonAddView",
    "NationalPersonEndView",
    "SpecialistAddView",
    "SpecialistEndView",
    "home",
]
