from django.apps import AppConfig


class TeamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "teams"
    verbose_name = "Implementation teams"

    def ready(self):
        from areas.panels import register_overview_panel
        from notifications.kinds import register_kinds

        from .notices import KINDS
        from .selectors import overview_panel

        register_overview_panel(key="teams", template="teams/_overview_panel.html", context=overview_panel, order=20)
        register_kinds(*KINDS)
