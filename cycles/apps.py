from core.apps import PortalAppConfig


class CyclesConfig(PortalAppConfig):
    name = "cycles"
    verbose_name = "Improvement cycles"
    overview_panels = (
        ("cycles", "cycles/_overview_panel.html", "selectors.cycles_panel", 45),
        ("feedback", "cycles/_feedback_panel.html", "selectors.feedback_panel", 46),
    )
    innovation_sections = (
        ("usability_testing", "cycles/_innovation_section.html", "selectors.innovation_section", 20),
    )
    todos = True
    reporting = True  # its parts of the quarterly return (cycles/reporting.py)

    def ready(self):
        super().ready()
        from measures.annotations import register_annotation_provider

        from .selectors import pdsa_annotations

        # Dated events drawn on measure charts.
        register_annotation_provider(key="pdsa", provider=pdsa_annotations, order=20)
