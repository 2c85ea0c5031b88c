from django.apps import AppConfig


class DriversConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "drivers"
    verbose_name = "Implementation drivers"

    def ready(self):
        from areas.panels import register_overview_panel

        from .selectors import overview_panel

        register_overview_panel(
            key="drivers", template="drivers/_overview_panel.html", context=overview_panel, order=40
        )
