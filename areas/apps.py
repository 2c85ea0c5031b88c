from django.apps import AppConfig


class AreasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "areas"
    verbose_name = "Areas and people"

    def ready(self):
        # `areas` is the foundation the framework apps build on, so it stays a plain AppConfig (the
        # PortalAppConfig machinery imports from the apps built on it) and registers its two parts here:
        # the to-do panel, first on the area overview, and its own to-do items (areas onboarding).
        from core.todos import register_source

        from . import todos
        from .panels import register_overview_panel

        register_overview_panel(key="todos", template="areas/_todo_panel.html", context=todos.overview_panel, order=0)
        register_source(self.label, todos.items)

        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_first_sign_in_shows, dispatch_uid="areas.first_sign_in_shows")


def _first_sign_in_shows(sender, user, **kwargs):
    """CELCIS's to-do list says when an area's lead has not yet signed in; a sign-in changes that
    (core.freshness ignores the `last_login` save itself, made on every sign-in)."""
    from core import freshness

    from .models import Membership

    for area_id in Membership.objects.active().filter(user=user).values_list("area_id", flat=True):
        freshness.changed(area_id)
