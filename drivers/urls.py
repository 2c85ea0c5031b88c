from django.urls import path

from . import views

app_name = "drivers"

area = "areas/<slug:area_slug>/drivers/"
assessment = f"{area}assessments/<int:pk>/"
version = "national/drivers/items/versions/<int:number>/"

urlpatterns = [
    path(area, views.DriversHomeView.as_view(), name="list"),
    path(f"{area}assessments/new/", views.DriversAssessmentCreateView.as_view(), name="assessment_create"),
    path(assessment, views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path(f"{assessment}edit/", views.AssessmentUpdateView.as_view(), name="assessment_update"),
    path(f"{assessment}score/", views.AssessmentScoreView.as_view(), name="assessment_score"),
    path(f"{assessment}complete/", views.AssessmentCompleteView.as_view(), name="assessment_complete"),
    path(f"{assessment}correct/", views.AssessmentCorrectView.as_view(), name="assessment_correct"),
    path(f"{assessment}items/<int:item_pk>/action/", views.GapActionCreateView.as_view(), name="action_create"),
    path(f"{area}progress/", views.ProgressView.as_view(), name="progress"),
    path(f"{area}history/", views.DriversHistoryView.as_view(), name="history"),
    path("national/drivers/", views.NationalDriversView.as_view(), name="national"),
    path("national/drivers/items/", views.DriverCatalogueView.as_view(), name="catalogue"),
    path("national/drivers/items/versions/new/", views.ItemSetCreateView.as_view(), name="item_set_create"),
    path(version, views.ItemSetDetailView.as_view(), name="item_set"),
    path(f"{version}publish/", views.ItemSetPublishView.as_view(), name="item_set_publish"),
    path(f"{version}items/new/", views.DriverItemCreateView.as_view(), name="item_create"),
    path(f"{version}items/<int:pk>/edit/", views.DriverItemUpdateView.as_view(), name="item_update"),
    path(f"{version}items/<int:pk>/remove/", views.DriverItemRemoveView.as_view(), name="item_remove"),
]
