"""Background jobs for notifications. Thin: they take ids, reload, and call a service."""

import logging

from celery import shared_task
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

MAX_TRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_TRIES)
def send_outbox_email(self, *, email_id: int) -> str:
    """Send one queued email; on a mail server error, put it back and try again later."""
    try:
        return services.outbox_send(email_id=email_id)
    except Exception as error:  # noqa: BLE001 - any failure to send is recorded on the row
        # In-process (no broker) there is nobody to retry later: the row stays queued for the sweep.
        final = self.request.retries >= MAX_TRIES
        services.outbox_release(email_id=email_id, error=repr(error), final=final)
        logger.warning("Email %s not sent (%s)%s", email_id, error, "" if final else "; will retry")
        if final or self.request.is_eager:
            return "failed" if final else "queued"
        raise self.retry(countdown=60 * 2**self.request.retries) from error


@shared_task
def send_queued_emails() -> int:
    """Try again every email still queued a while after it was written (scheduled every ten minutes)."""
    ids = services.outbox_stuck_ids()
    for email_id in ids:
        send_outbox_email.delay(email_id=email_id)
    return len(ids)


@shared_task
def queue_daily_digests() -> int:
    """Everyone's daily notification email (scheduled in settings.CELERY_BEAT_SCHEDULE)."""
    return services.daily_digests_queue(day=timezone.localdate())
