from core.apps import PortalAppConfig


class InnovationsConfig(PortalAppConfig):
    name = "innovations"
    verbose_name = "Usable innovations"
    overview_panels = (("innovations", "innovations/_overview_panel.html", "selectors.overview_panel", 30),)
    todos = True  # fidelity checks due or overdue (innovations/todos.py)
    reporting = True  # its parts of the quarterly return (innovations/reporting.py)
