from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What the portal tells people: in-portal notifications and the emails that go with them."""

    name = "notifications"
    verbose_name = "Notifications"
