from django.apps import AppConfig


class StagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stages"
    verbose_name = "Implementation stages"

    def ready(self):
        from areas.panels import register_overview_panel
        from notifications.kinds import register_kinds

        from .notices import KINDS
        from .selectors import overview_panel

        register_overview_panel(key="stages", template="stages/_overview_panel.html", context=overview_panel, order=10)
        register_kinds(*KINDS)
