"""Background jobs for returns and reports. Thin: ids and plain values in, a service does the work.

A report run is built as a Celery group: one task per area builds that area's part, and the part
that finishes last queues the task that combines them. A large PDF is rendered in pieces, one task
each, in parallel with the combining task's HTML and XLSX; the last of them to finish queues the
task that joins the PDF and saves the outputs (see `services.report_combine`). The portal keeps no
Celery result backend (long work records its state in rows), so the run row itself counts the
finished parts, and conditional updates decide who starts the run, who queues the combining step
and who does it: a task delivered twice does the work once.
"""

import logging
from datetime import date

from celery import group, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from core.quarters import Quarter

from . import services
from .models import ReportRun, RunStatus
from .services import pieces  # the PDF in pieces (not re-exported by services)

logger = logging.getLogger(__name__)

# Passing failures worth another try: the database (or its connection) was briefly unavailable.
TRANSIENT = (OperationalError, InterfaceError)
MAX_RETRIES = 3
TIME_LIMIT = settings.REPORT_TIME_LIMIT_SECONDS
REPORT_TASK = {
    "bind": True,
    "acks_late": True,
    "max_retries": MAX_RETRIES,
    "soft_time_limit": TIME_LIMIT,
    "time_limit": TIME_LIMIT + 30,
}


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in words for the run page."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return f"The build took longer than {TIME_LIMIT // 60} minutes and was stopped. Try again."
    if isinstance(exc, TRANSIENT):
        return "The database could not be reached while the report was being built, even after retrying. Try again."
    text = str(exc).strip() or "no details"
    return f"The report could not be built: {exc.__class__.__name__}: {text[:500]}"


def _redelivered(task) -> bool:
    """Did the broker hand this task out again because the worker that had it died? (Redis marks a
    restored message; the visibility timeout is longer than any task runs, so its first holder is gone.)"""
    return bool((task.request.delivery_info or {}).get("redelivered"))


class _Failed(Exception):
    """The run has been recorded as failed."""


def _with_retries(task, run_id: int, work, *, before_retry=None):
    """Do `work()`, trying again after a passing failure (through Celery, or at once when tasks run
    in-process without a broker); any other failure, or too many, records the run as failed."""
    attempt = task.request.retries
    while True:
        try:
            return work()
        except Exception as exc:
            if isinstance(exc, TRANSIENT) and attempt < MAX_RETRIES:
                attempt += 1
                logger.warning("Report run %s: passing failure (%r); trying again", run_id, exc)
                if before_retry:
                    before_retry()
                if task.request.is_eager:
                    continue
                raise task.retry(exc=exc, countdown=5 * 2**attempt) from exc
            logger.exception("Report run %s failed", run_id)
            services.report_run_fail(run_id, failure_reason(exc))
            raise _Failed from exc


@shared_task(**REPORT_TASK)
def start_report_run(self, *, run_id: int) -> str:
    """Claim a queued run and queue one task per area (a group)."""
    if not services.report_run_claim(run_id, redelivered=_redelivered(self)):
        return "already started"
    try:
        run = ReportRun.objects.select_related("area").get(pk=run_id)
        areas = services.report_run_areas(run)
        services.report_run_set_parts(run_id, len(areas))
        if not areas:
            combine_report.apply_async(kwargs={"run_id": run_id})
        else:
            group(build_report_part.s(run_id=run_id, area_id=area.pk) for area in areas).apply_async()
    except Exception as exc:
        logger.exception("Report run %s could not be started", run_id)
        services.report_run_fail(run_id, failure_reason(exc))
        return "failed"
    return "started"


@shared_task(**REPORT_TASK)
def build_report_part(self, *, run_id: int, area_id: int) -> str:
    """Build one area's part; the last part to finish queues the combining task."""
    try:
        last = _with_retries(self, run_id, lambda: services.report_part_build(run_id, area_id))
    except _Failed:
        return "failed"
    if last:
        combine_report.apply_async(kwargs={"run_id": run_id})
    return "built"


def _release_combining(run_id: int) -> None:
    # Let the next attempt claim the combining step again (no files were kept).
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(combine_started_at=None)


@shared_task(**REPORT_TASK)
def combine_report(self, *, run_id: int, spread: bool | None = None) -> str:
    """Write the HTML page, the PDF and the XLSX annex and finish the run (a large PDF's pieces are
    handed to tasks of their own: `spread`, by default whenever tasks go through a broker)."""
    spread = not self.request.is_eager if spread is None else spread
    try:
        done = _with_retries(
            self,
            run_id,
            lambda: services.report_combine(run_id, redelivered=_redelivered(self), spread=spread),
            before_retry=lambda: _release_combining(run_id),
        )
    except _Failed:
        return "failed"
    return "done" if done else "already combined"


@shared_task(**REPORT_TASK)
def render_report_piece(self, *, run_id: int, token: str, index: int, count: int, generated_at: str) -> str:
    """Render one piece of a run's PDF (the last piece, or the combining step, queues the join)."""
    try:
        _with_retries(self, run_id, lambda: pieces.report_piece_render(run_id, token, index, count, generated_at))
    except _Failed:
        pieces.report_staging_discard(run_id, token, count)
        return "failed"
    return "rendered"


@shared_task(**REPORT_TASK)
def join_report(self, *, run_id: int, token: str, count: int, generated_at: str) -> str:
    """Join the PDF's pieces, save the three outputs and finish the run."""
    try:
        done = _with_retries(self, run_id, lambda: pieces.report_join(run_id, token, count, generated_at))
    except _Failed:
        pieces.report_staging_discard(run_id, token, count)
        return "failed"
    return "done" if done else "already combined"


@shared_task
def open_quarter_returns(day: str | None = None) -> int:
    """Open the current quarter's return for every programme area (scheduled daily; a no-op once open)."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return services.returns_open_for_quarter(Quarter.of(today))


@shared_task
def send_return_reminders(day: str | None = None) -> int:
    """Remind area leads of returns due in a week, due today or overdue (scheduled daily). The emails
    are queued in the notifications outbox and sent by its task once the reminders are recorded."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return services.send_return_reminders(today=today)


@shared_task
def build_due_national_report(day: str | None = None) -> int | None:
    """On the day after returns fall due, queue a draft national report (scheduled daily)."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    run = services.national_report_build_due(today=today)
    return run.pk if run else None


@shared_task
def fail_lost_report_runs() -> int:
    """Mark failed any build still 'running' long after its time limit (its worker was lost), so the
    run page can offer "Try again" (scheduled every ten minutes)."""
    return services.report_runs_fail_lost()
