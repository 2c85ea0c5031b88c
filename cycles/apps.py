from django.apps import AppConfig


class CyclesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cycles"
    verbose_name = "Improvement cycles"

    def ready(self):
        from areas.panels import register_overview_panel
        from innovations.sections import register_innovation_section
        from measures.annotations import register_annotation_provider

        from .selectors import cycles_panel, feedback_panel, innovation_section, pdsa_annotations

        register_overview_panel(key="cycles", template="cycles/_overview_panel.html", context=cycles_panel, order=45)
        register_overview_panel(
            key="feedback", template="cycles/_feedback_panel.html", context=feedback_panel, order=46
        )
        register_annotation_provider(key="pdsa", provider=pdsa_annotations, order=20)
        register_innovation_section(
            key="usability_testing", template="cycles/_innovation_section.html", context=innovation_section, order=20
        )
