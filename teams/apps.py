from core.apps import PortalAppConfig


class TeamsConfig(PortalAppConfig):
    name = "teams"
    verbose_name = "Implementation teams"
    overview_panels = (("teams", "teams/_overview_panel.html", "selectors.overview_panel", 20),)
    notices = True
    todos = True
    reporting = True  # its parts of the quarterly return (teams/reporting.py)
