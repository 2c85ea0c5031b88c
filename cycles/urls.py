from django.urls import path

from . import views

app_name = "cycles"

area = "areas/<slug:area_slug>/"
cycle = f"{area}cycles/<int:pk>/"

urlpatterns = [
    path(f"{area}cycles/", views.CycleListView.as_view(), name="list"),
    path(f"{area}cycles/new/", views.CycleCreateView.as_view(), name="create"),
    path(f"{area}cycles/timeline/", views.TimelineView.as_view(), name="timeline"),
    path(cycle, views.CycleDetailView.as_view(), name="detail"),
    path(f"{cycle}edit/", views.CycleUpdateView.as_view(), name="update"),
    path(f"{cycle}advance/", views.CycleAdvanceView.as_view(), name="advance"),
    path(f"{cycle}back/", views.CycleStepBackView.as_view(), name="step_back"),
    path(f"{cycle}ramp/", views.RampView.as_view(), name="ramp"),
    path(f"{cycle}iterations/new/", views.IterationCreateView.as_view(), name="iteration_create"),
    path(f"{cycle}iterations/<int:iteration_pk>/edit/", views.IterationUpdateView.as_view(), name="iteration_update"),
    path(f"{area}feedback/", views.FeedbackListView.as_view(), name="feedback_list"),
    path(f"{area}feedback/new/", views.FeedbackCreateView.as_view(), name="feedback_create"),
    path(f"{area}feedback/<int:pk>/", views.FeedbackDetailView.as_view(), name="feedback_detail"),
    path(f"{area}feedback/<int:pk>/edit/", views.FeedbackUpdateView.as_view(), name="feedback_update"),
]
