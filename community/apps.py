from core.apps import PortalAppConfig


class CommunityConfig(PortalAppConfig):
    name = "community"
    verbose_name = "Community of Practice"
    notices = True
    todos = True
