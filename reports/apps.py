from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Quarterly returns and reports"

    def ready(self):
        from notifications.kinds import register_kinds

        from .notices import KINDS

        register_kinds(*KINDS)
