from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community of Practice"

    def ready(self):
        from notifications.kinds import register_kinds

        from .notices import KINDS

        register_kinds(*KINDS)
