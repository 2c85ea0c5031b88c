from django.urls import path

from . import views

app_name = "measures"

area = "areas/<slug:area_slug>/measures/"

urlpatterns = [
    path(area, views.MeasureListView.as_view(), name="list"),
    path(f"{area}new/", views.MeasureCreateView.as_view(), name="create"),
    path(f"{area}adopt/", views.MeasureAdoptView.as_view(), name="adopt"),
    path(f"{area}upload/", views.UploadView.as_view(), name="upload"),
    path(f"{area}uploads/<int:pk>/", views.UploadDetailView.as_view(), name="upload_detail"),
    path(f"{area}<int:pk>/", views.MeasureDetailView.as_view(), name="detail"),
    path(f"{area}<int:pk>/edit/", views.MeasureUpdateView.as_view(), name="update"),
    path(f"{area}<int:pk>/baseline/", views.MeasureBaselineView.as_view(), name="baseline"),
    path(f"{area}<int:pk>/data/", views.MeasureDataView.as_view(), name="data"),
    path(f"{area}<int:pk>/data.csv", views.MeasureExportView.as_view(), name="export"),
    path(f"{area}<int:pk>/history/", views.MeasureHistoryView.as_view(), name="history"),
    path("national/measures/", views.NationalMeasuresView.as_view(), name="national"),
    path("national/measures/new/", views.SharedMeasureCreateView.as_view(), name="shared_create"),
    path("national/measures/<int:pk>/edit/", views.SharedMeasureUpdateView.as_view(), name="shared_update"),
]
