from core.apps import PortalAppConfig


class DriversConfig(PortalAppConfig):
    name = "drivers"
    verbose_name = "Implementation drivers"
    overview_panels = (("drivers", "drivers/_overview_panel.html", "selectors.overview_panel", 40),)
    todos = True
    reporting = True  # its parts of the quarterly return (drivers/reporting.py)
