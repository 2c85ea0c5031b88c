from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "measures"
    verbose_name = "Measures"

    def ready(self):
        from areas.panels import register_overview_panel

        from .annotations import register_annotation_provider, stage_change_annotations
        from .selectors import overview_panel

        register_overview_panel(
            key="measures", template="measures/_overview_panel.html", context=overview_panel, order=50
        )
        register_annotation_provider(key="stage", provider=stage_change_annotations, order=10)
