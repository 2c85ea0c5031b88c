"""Reads for notifications."""

from .models import Notification


def notifications_for(user):
    """The person's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("area")
