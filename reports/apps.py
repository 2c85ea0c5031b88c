from core.apps import PortalAppConfig


class ReportsConfig(PortalAppConfig):
    name = "reports"
    verbose_name = "Quarterly returns and reports"
    notices = True
    todos = True
