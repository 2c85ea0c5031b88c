"""Background jobs for the Community of Practice. Thin: ids and plain values in, a service does the work."""

import logging
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task
def queue_follower_digests(day: str | None = None) -> int:
    """Queue one email per follower for everything new on `day` (ISO date; yesterday by default).

    Scheduled each morning in settings.CELERY_BEAT_SCHEDULE. Safe to run twice: rows are unique per
    follower and day, and a row already sent is never sent again.
    """
    when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    with transaction.atomic():
        ids = services.follower_digests_queue(day=when)
        for digest_id in ids:
            transaction.on_commit(lambda digest_id=digest_id: send_follower_digest.delay(digest_id=digest_id))
    logger.info("Queued %s follower emails for %s", len(ids), when)
    return len(ids)


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_follower_digest(self, *, digest_id: int) -> str:
    """Send one follower's daily email; on a mail-server failure, try again later, then record the failure."""
    try:
        return services.follower_digest_send(digest_id=digest_id)
    except OSError as exc:  # smtplib's errors are OSErrors too
        final = self.request.retries >= MAX_RETRIES
        services.follower_digest_release(digest_id=digest_id, error=repr(exc), final=final)
        if final:
            logger.error("Follower email %s failed for good: %r", digest_id, exc)
            return "failed"
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
    except Exception as exc:
        # Not a passing mail-server problem: trying again would fail the same way.
        services.follower_digest_release(digest_id=digest_id, error=repr(exc), final=True)
        raise
