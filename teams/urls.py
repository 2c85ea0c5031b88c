from django.urls import path

from . import views

app_name = "teams"

area = "areas/<slug:area_slug>/"

urlpatterns = [
    path(f"{area}teams/", views.TeamListView.as_view(), name="list"),
    path(f"{area}teams/new/", views.TeamCreateView.as_view(), name="create"),
    path(f"{area}teams/<int:pk>/", views.TeamDetailView.as_view(), name="detail"),
    path(f"{area}teams/<int:pk>/edit/", views.TeamUpdateView.as_view(), name="update"),
    path(f"{area}teams/<int:pk>/history/", views.TeamHistoryView.as_view(), name="history"),
    path(f"{area}teams/<int:pk>/members/add/", views.MemberCreateView.as_view(), name="member_add"),
    path(f"{area}teams/<int:pk>/members/<int:member_pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path(f"{area}teams/<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path(f"{area}meetings/", views.MeetingListView.as_view(), name="meetings"),
    path(f"{area}meetings/new/", views.MeetingStartView.as_view(), name="meeting_start"),
    path(f"{area}meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(f"{area}meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path(f"{area}actions/", views.ActionListView.as_view(), name="actions"),
    path(f"{area}actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(f"{area}actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path(f"{area}actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_update"),
    path(f"{area}communications/", views.CommunicationListView.as_view(), name="communications"),
    path(f"{area}communications/new/", views.CommunicationCreateView.as_view(), name="communication_create"),
    path(f"{area}communications/<int:pk>/edit/", views.CommunicationUpdateView.as_view(), name="communication_update"),
    path(f"{area}resourcing/", views.ResourcingView.as_view(), name="resourcing"),
]
