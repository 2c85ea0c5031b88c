from django.apps import AppConfig
from django.utils.module_loading import import_string


class CoreConfig(AppConfig):
    """The plumbing every framework app shares: views, services, locking, autosave, quarters."""

    name = "core"
    verbose_name = "Shared plumbing"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the deploy checks
            freshness,
        )
        from .lookups import register

        register()
        freshness.connect()


class PortalAppConfig(AppConfig):
    """A framework app, and what it adds to other apps' pages, declared in one place.

    - `overview_panels`: (key, template, "selectors.function", order) for the area overview;
    - `innovation_sections`: the same, for an innovation's page;
    - `notices`: True when `<app>/notices.py` declares the app's kinds of notification (`KINDS`);
    - `todos`: True when `<app>/todos.py` gives people to-do items (`items(scope)`, see core.todos);
    - `reporting`: True when `<app>/reporting.py` fills parts of the quarterly return (`SECTIONS`,
      see core.reporting).
    Functions are named relative to the app. Everything is registered once the app registry is ready.
    """

    default_auto_field = "django.db.models.BigAutoField"
    overview_panels: tuple = ()
    innovation_sections: tuple = ()
    notices = False
    todos = False
    reporting = False

    def ready(self):
        from areas.panels import register_overview_panel
        from innovations.sections import register_innovation_section
        from notifications.kinds import register_kinds

        for parts, register in (
            (self.overview_panels, register_overview_panel),
            (self.innovation_sections, register_innovation_section),
        ):
            for key, template, function, order in parts:
                register(key=key, template=template, context=import_string(f"{self.name}.{function}"), order=order)
        if self.notices:
            register_kinds(*import_string(f"{self.name}.notices.KINDS"))
        if self.todos:
            from .todos import register_source

            register_source(self.label, import_string(f"{self.name}.todos.items"))
        if self.reporting:
            from .reporting import register_section

            for section in import_string(f"{self.name}.reporting.SECTIONS"):
                register_section(section)
