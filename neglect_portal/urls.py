from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from areas import views as area_views

from . import views

handler403 = views.permission_denied

urlpatterns = [
    path("", area_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Explains the programme's terms; holds no records, so anyone may read it.
    path("glossary/", TemplateView.as_view(template_name="glossary.html"), name="glossary"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("areas.urls")),
    path("", include("stages.urls")),
    path("", include("teams.urls")),
    path("", include("innovations.urls")),
    path("", include("drivers.urls")),
    path("", include("measures.urls")),
    path("", include("cycles.urls")),
    path("", include("community.urls")),
    path("", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
]
