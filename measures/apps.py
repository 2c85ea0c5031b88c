from core.apps import PortalAppConfig


class MeasuresConfig(PortalAppConfig):
    name = "measures"
    verbose_name = "Measures"
    overview_panels = (("measures", "measures/_overview_panel.html", "selectors.overview_panel", 50),)
    todos = True
    reporting = True  # its parts of the quarterly return (measures/reporting.py)

    def ready(self):
        super().ready()
        from .annotations import register_annotation_provider, stage_change_annotations

        # Dated events drawn on measure charts.
        register_annotation_provider(key="stage", provider=stage_change_annotations, order=10)
