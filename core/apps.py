from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The plumbing every framework app shares: views, services, locking, autosave, quarters."""

    name = "core"
    verbose_name = "Shared plumbing"
