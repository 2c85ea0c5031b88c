from django.urls import path

from . import views

app_name = "stages"

area = "areas/<slug:area_slug>/"
# A subject's stage pages that the stages app serves itself (stages.views.subject, SHARED_PARTS).
subject = f"{area}stages/of/<slug:subject_pages>/<int:pk>/"

urlpatterns = [
    path(f"{area}stages/", views.StagesOverviewView.as_view(), name="overview"),
    path(f"{area}stages/change/", views.StageChangeCreateView.as_view(), name="change_create"),
    path(f"{area}stages/changes/<int:pk>/decide/", views.StageChangeDecideView.as_view(), name="change_decide"),
    path(f"{area}stages/activities/", views.ChecklistView.as_view(), name="checklist"),
    path(
        f"{area}stages/activities/<int:activity_pk>/",
        views.ActivityProgressUpdateView.as_view(),
        name="activity_progress",
    ),
    path(
        f"{area}stages/activities/<int:activity_pk>/evidence/",
        views.ActivityEvidenceView.as_view(),
        name="activity_evidence",
    ),
    path(f"{area}stages/targets/", views.StageTargetsView.as_view(), name="targets"),
    path(f"{subject}targets/", views.StageTargetsView.as_view(), name="subject_targets"),
    path(
        f"{subject}activities/<int:activity_pk>/evidence/",
        views.ActivityEvidenceView.as_view(),
        name="subject_activity_evidence",
    ),
    path(f"{area}stages/history/", views.StagesHistoryView.as_view(), name="history"),
    path(f"{area}engagement/", views.EngagementListView.as_view(), name="engagement_list"),
    path(f"{area}engagement/new/", views.EngagementCreateView.as_view(), name="engagement_create"),
    path(f"{area}engagement/<int:pk>/edit/", views.EngagementUpdateView.as_view(), name="engagement_update"),
    path(f"{area}readiness/", views.ReadinessListView.as_view(), name="readiness_list"),
    path(f"{area}readiness/new/", views.ReadinessCreateView.as_view(), name="readiness_create"),
    path(f"{area}readiness/<int:pk>/", views.ReadinessDetailView.as_view(), name="readiness_detail"),
    path("national/stages/", views.NationalStagesView.as_view(), name="national"),
    path("national/stages/activities/", views.ActivityCatalogueView.as_view(), name="catalogue"),
    path("national/stages/activities/new/", views.CatalogueActivityCreateView.as_view(), name="activity_create"),
    path(
        "national/stages/activities/<int:pk>/edit/", views.CatalogueActivityUpdateView.as_view(), name="activity_update"
    ),
]
