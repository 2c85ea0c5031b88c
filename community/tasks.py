"""Background jobs for the Community of Practice. Thin: ids and plain values in, a service does the work."""

import logging
from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)


@shared_task
def queue_follower_digests(day: str | None = None) -> int:
    """Queue one email per follower for everything new on `day` (ISO date; yesterday by default).

    Scheduled each morning in settings.CELERY_BEAT_SCHEDULE. The emails go through the notifications
    outbox once the queuing has committed (`notifications.tasks.send_outbox_email`): safe to run twice,
    as each follower's email for a day is queued once and each queued email is sent once.
    """
    when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    queued = services.follower_digests_queue(day=when)
    logger.info("Queued %s follower emails for %s", queued, when)
    return queued
