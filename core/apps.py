from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The plumbing every framework app shares: views, services, locking, autosave, quarters."""

    name = "core"
    verbose_name = "Shared plumbing"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
