from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "innovations"
    verbose_name = "Usable innovations"

    def ready(self):
        from areas.panels import register_overview_panel

        from .selectors import overview_panel

        register_overview_panel(
            key="innovations", template="innovations/_overview_panel.html", context=overview_panel, order=30
        )
