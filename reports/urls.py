from django.urls import path

from . import views

app_name = "reports"

area = "areas/<slug:area_slug>/returns/"
one = f"{area}<str:quarter>/"

urlpatterns = [
    path(area, views.ReturnListView.as_view(), name="return_list"),
    # Before the quarter's own pages, which would otherwise take "start" for a quarter.
    path(f"{area}start/", views.ReturnStartView.as_view(), name="return_start"),
    path(one, views.ReturnDetailView.as_view(), name="return_detail"),
    path(f"{one}edit/", views.ReturnEditView.as_view(), name="return_edit"),
    path(f"{one}submit/", views.ReturnSubmitView.as_view(), name="return_submit"),
    path(f"{one}review/", views.ReturnReviewView.as_view(), name="return_review"),
    path(f"{one}reopen/", views.ReturnReopenView.as_view(), name="return_reopen"),
    path("national/review/", views.ReviewView.as_view(), name="review"),
    path("national/returns/figures/", views.FiguresExportView.as_view(), name="figures_export"),
    path("national/returns/figures/<str:kind>/", views.FiguresDownloadView.as_view(), name="figures_download"),
    path("reports/", views.RunListView.as_view(), name="run_list"),
    path("reports/new/", views.RunCreateView.as_view(), name="run_create"),
    path("reports/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("reports/<int:pk>/status/", views.RunStatusView.as_view(), name="run_status"),
    path("reports/<int:pk>/retry/", views.RunRetryView.as_view(), name="run_retry"),
    path("reports/<int:pk>/publish/", views.RunPublishView.as_view(), name="run_publish"),
    path("reports/<int:pk>/key-messages/", views.KeyMessagesEditView.as_view(), name="key_messages_edit"),
    path("reports/<int:pk>/report/", views.RunReportView.as_view(), name="run_report"),
    path("reports/<int:pk>/files/<str:kind>/", views.RunFileView.as_view(), name="run_file"),
]
