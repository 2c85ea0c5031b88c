"""Reads for notifications."""

from django.core.cache import cache

from .models import Notification

UNREAD_TTL = 300  # seconds; every change to a person's notifications also clears their count


def unread_cache_key(user) -> str:
    # The join time as well as the id: a test database reuses ids for new people after a rollback.
    return f"notifications:unread:{user.pk}:{user.date_joined.timestamp()}"


def notifications_for(user):
    """The person's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("area")


def unread_count(user) -> int:
    """How many of the person's notifications are unread (shown in the header of every page, so it
    is kept in the cache: no query on most pages)."""
    if not user.is_authenticated:
        return 0
    key = unread_cache_key(user)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TTL)
    return count


def forget_unread_count(user) -> None:
    """Clear a person's cached count after their notifications change."""
    cache.delete(unread_cache_key(user))
