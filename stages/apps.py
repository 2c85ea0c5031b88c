from core.apps import PortalAppConfig


class StagesConfig(PortalAppConfig):
    name = "stages"
    verbose_name = "Implementation stages"
    overview_panels = (("stages", "stages/_overview_panel.html", "selectors.overview_panel", 10),)
    notices = True
    todos = True
    reporting = True  # its parts of the quarterly return (stages/reporting.py)
