from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="list"),
    path("areas/<slug:area_slug>/", views.AreaOverviewView.as_view(), name="overview"),
    path("areas/<slug:area_slug>/edit/", views.AreaUpdateView.as_view(), name="edit"),
    path("areas/<slug:area_slug>/join/", views.AreaOnboardView.as_view(), name="onboard"),
    path("areas/<slug:area_slug>/summary/", views.AreaSummaryView.as_view(), name="summary"),
    path("areas/<slug:area_slug>/summary.pdf", views.AreaSummaryPdfView.as_view(), name="summary_pdf"),
    path("areas/<slug:area_slug>/history/", views.AreaHistoryView.as_view(), name="history"),
    path("areas/<slug:area_slug>/members/", views.MemberListView.as_view(), name="members"),
    path("areas/<slug:area_slug>/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path("areas/<slug:area_slug>/members/<int:pk>/role/", views.MemberRoleView.as_view(), name="member_role"),
    path("areas/<slug:area_slug>/members/<int:pk>/end/", views.MemberEndView.as_view(), name="member_end"),
    path("areas/<slug:area_slug>/members/<int:pk>/invite/", views.MemberInviteView.as_view(), name="member_invite"),
    path("areas/<slug:area_slug>/specialists/add/", views.SpecialistAddView.as_view(), name="specialist_add"),
    path("areas/<slug:area_slug>/specialists/<int:pk>/end/", views.SpecialistEndView.as_view(), name="specialist_end"),
    path("national/", views.NationalOverviewView.as_view(), name="national"),
    path("national/people/", views.NationalPeopleView.as_view(), name="national_people"),
    path("national/people/add/", views.NationalPersonAddView.as_view(), name="national_person_add"),
    path("national/people/<int:pk>/end/", views.NationalPersonEndView.as_view(), name="national_person_end"),
]
