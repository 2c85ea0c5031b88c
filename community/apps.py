from core.apps import PortalAppConfig


class CommunityConfig(PortalAppConfig):
    name = "community"
    verbose_name = "Community of Practice"
    notices = True
    todos = True
    reporting = True  # its parts of the quarterly return (community/reporting.py)
