"""Background jobs for areas and people. Thin: they take ids, reload, and do one thing."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions() -> None:
    """Delete expired sign-in sessions (scheduled nightly in settings.CELERY_BEAT_SCHEDULE)."""
    call_command("clearsessions")
