"""Writes for report runs: requesting and queuing a build, building each area's part, combining the
parts into the three outputs, publishing, and the automatic draft national report."""

from __future__ import annotations

import logging
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea
from core import freshness
from core.locking import save_versioned
from core.quarters import Quarter, quarter_slug
from core.services import require_celcis, save_with_history

from .. import notices
from ..models import FileKind, KeyMessages, ReportDownload, ReportFile, ReportPart, ReportRun, ReportScope, RunStatus
from .returns import due_date_for

logger = logging.getLogger(__name__)

FILE_KINDS = [FileKind.HTML, FileKind.PDF, FileKind.XLSX]


class QueueUnavailable(Exception):
    """The task queue (Celery's broker) could not be reached."""


def can_request(access: Access, scope: str, area: LocalArea | None) -> bool:
    """CELCIS builds national reports; an area's leads (and CELCIS) build its area report."""
    if scope == ReportScope.NATIONAL:
        return access.is_celcis
    return area is not None and access.can_lead_area(area)


def report_run_request(*, actor, scope: str, quarter: Quarter, area: LocalArea | None = None, retry_of=None):
    """Record a new version of a report, queued (build it with `report_run_queue`)."""
    if actor is not None and not can_request(Access.for_user(actor), scope, area):
        raise PermissionDenied
    if scope == ReportScope.NATIONAL:
        area = None
    elif area is None:
        raise ValidationError("Choose the area the report is about.")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                latest = ReportRun.objects.filter(scope=scope, area=area, quarter_start=quarter.start).aggregate(
                    n=Max("number")
                )["n"]
                run = ReportRun(
                    scope=scope,
                    area=area,
                    quarter_start=quarter.start,
                    number=(latest or 0) + 1,
                    requested_by=actor,
                    retry_of=retry_of,
                )
                reason = "Requested" if retry_of is None else f"Retry of version {retry_of.number}"
                save_with_history(run, actor=actor, reason=reason)
                return run
        except IntegrityError:
            continue  # somebody took the same version number at the same moment: take the next one
    raise ValidationError("The report could not be queued because of a clash; try again.")


def report_run_queue(run: ReportRun) -> None:
    """Send the run to the task queue; QueueUnavailable (and the run recorded as failed) if it
    cannot be reached."""
    from ..tasks import start_report_run

    try:
        start_report_run.apply_async(kwargs={"run_id": run.pk}, retry=False)
    except Exception as exc:  # kombu raises several kinds of error for an unreachable broker
        if not _is_connection_error(exc):
            raise
        logger.warning("Task queue unreachable while queuing report run %s: %s", run.pk, exc)
        report_run_fail(run.pk, "The task queue could not be reached, so the report was not built. Try again later.")
        raise QueueUnavailable from exc


def _is_connection_error(exc: Exception) -> bool:
    from kombu.exceptions import OperationalError as KombuOperationalError

    return isinstance(exc, (KombuOperationalError, ConnectionError, OSError))


def report_run_retry(*, run: ReportRun, actor) -> ReportRun:
    """A failed run built again, as a new version."""
    if run.status != RunStatus.FAILED:
        raise ValidationError("Only a failed build can be tried again.")
    return report_run_request(actor=actor, scope=run.scope, quarter=run.quarter, area=run.area, retry_of=run)


def report_run_claim(run_id: int, *, redelivered: bool = False) -> bool:
    """Start a queued run. A conditional update, so a task delivered twice starts it once.

    `redelivered`: the broker handed this task out again because the worker that had it died before
    finishing (Redis only does that after the visibility timeout, which is longer than any task
    runs). A run that worker had started but whose parts have not all finished is started again:
    building a part twice is harmless, and the combining step is still claimed once.
    """
    started = ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if started or not redelivered:
        return bool(started)
    return ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, combine_queued_at__isnull=True).exists()


def report_run_areas(run: ReportRun) -> list[LocalArea]:
    """The areas a run has a part for: every programme area, or the one area."""
    if run.scope == ReportScope.AREA:
        return [run.area]
    return list(LocalArea.objects.in_programme().order_by("name"))


def report_run_set_parts(run_id: int, total: int) -> None:
    """Record how many area parts a running run has, for its progress bar."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(parts_total=total)


def report_run_fail(run_id: int, reason: str) -> bool:
    """Record a run as failed with a readable reason (a finished run is left as it is)."""
    failed = ReportRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    if failed:  # CELCIS's to-do list offers to build it again (an update sends no signal)
        freshness.changed(ReportRun.objects.values_list("area_id", flat=True).get(pk=run_id))
    return bool(failed)


def report_part_build(run_id: int, area_id: int) -> bool:
    """Build one area's part of a running run; True when this was the last part and the combining
    step should now be queued (exactly one caller ever gets True)."""
    from ..builder import area_part

    run = ReportRun.objects.select_related("area").filter(pk=run_id).first()
    if run is None or run.status != RunStatus.RUNNING:
        return False
    area = LocalArea.objects.get(pk=area_id)
    data = area_part(run, area)
    ReportPart.objects.update_or_create(run=run, area=area, defaults={"data": data, "built_at": timezone.now()})
    done = ReportPart.objects.filter(run=run).count()
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(parts_done=done)
    if done < run.parts_total:
        return False
    return bool(
        ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, combine_queued_at__isnull=True).update(
            combine_queued_at=timezone.now()
        )
    )


def report_combine(run_id: int, *, redelivered: bool = False, spread: bool = False) -> bool:
    """Put the parts together into the HTML page, the PDF and the XLSX annex, and finish the run.

    Claimed with a conditional update, so a duplicate delivery does nothing (a redelivery after a
    worker died takes the claim over). The national report's key messages are drafted from the
    figures here (CELCIS's words from the version before carried over). Every output is made in
    memory first; files reach storage only once all three exist, and are recorded (made visible)
    in the same transaction that marks the run done. Anything saved before a failure is deleted.

    `spread` (the combining task, when there is a broker): a PDF big enough to be cut into pieces
    is rendered by one task per piece, in parallel, while this step makes the HTML page and the
    XLSX annex; each keeps what it made in a staging folder of its own, and the last of them to
    finish queues the task that joins the PDF and saves the outputs (`report_join`).
    """
    running = ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING)
    if not redelivered:
        running = running.filter(combine_started_at__isnull=True)
    # A redelivered combining task takes over the claim of the worker that died holding it (see
    # report_run_claim); anything that worker saved was never recorded, so nothing shows twice.
    if not running.update(combine_started_at=timezone.now()):
        return False
    run = ReportRun.objects.select_related("area").get(pk=run_id)
    parts = list(ReportPart.objects.filter(run=run).select_related("area").order_by("area__name"))
    key_messages = _draft_key_messages(run, parts) if run.is_national else None
    if spread:
        from .pieces import spread_pdf

        if spread_pdf(run, parts, key_messages):
            return True
    _store_outputs(run, parts, key_messages, finishing=True)
    return True


def _draft_key_messages(run: ReportRun, parts: list[ReportPart]) -> KeyMessages:
    """The version's key messages: the portal's draft list, with CELCIS's themes, risks and asks (and
    its own messages, if it wrote any) carried over from the latest earlier version of the quarter."""
    from ..builder import draft_key_messages

    generated = draft_key_messages([part.data for part in parts], True)
    existing = KeyMessages.objects.filter(run=run).first()
    if existing is not None:
        return existing
    earlier = (
        KeyMessages.objects.filter(run__scope=ReportScope.NATIONAL, run__quarter_start=run.quarter_start)
        .exclude(run=run)
        .order_by("-run__number")
        .first()
    )
    record = KeyMessages(run=run, generated=generated, messages="\n".join(generated))
    if earlier is not None and earlier.history.count() > 1:  # CELCIS edited the earlier version's page
        record.messages, record.themes, record.risks, record.asks = (
            earlier.messages,
            earlier.themes,
            earlier.risks,
            earlier.asks,
        )
    save_with_history(record, actor=None, reason="Drafted from the figures")
    return record


def _store_outputs(run: ReportRun, parts, key_messages, *, finishing: bool) -> None:
    """Render the three outputs and keep them: recorded in one transaction (replacing any earlier
    files of the run), with the earlier files removed from storage once that has committed."""
    from ..builder import render_outputs

    _save_outputs(run, render_outputs(run, parts, key_messages), len(parts), finishing=finishing)


class _NotRunning(RuntimeError):
    """The run stopped being a running build while its files were being saved."""


def _save_outputs(run: ReportRun, outputs: dict[str, bytes], parts_done: int, *, finishing: bool) -> None:
    token = secrets.token_hex(8)
    who = "national" if run.is_national else run.area.slug
    saved: list[tuple[str, str, int]] = []
    replaced: list[str] = []
    try:
        for kind, content in outputs.items():
            name = f"reports/{who}/{quarter_slug(run.quarter)}/v{run.number}-{run.pk}-{token}.{kind}"
            saved.append((kind, default_storage.save(name, ContentFile(content)), len(content)))
        with transaction.atomic():
            for kind, name, size in saved:
                old = ReportFile.objects.filter(run=run, kind=kind).first()
                if old is None:
                    ReportFile.objects.create(run=run, kind=kind, file=name, size=size)
                else:
                    replaced.append(old.file.name)
                    ReportFile.objects.filter(pk=old.pk).update(file=name, size=size)
            if finishing:
                finished = ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                    status=RunStatus.DONE, finished_at=timezone.now(), parts_done=parts_done
                )
                if not finished:
                    raise _NotRunning("The run stopped being a running build while its files were being saved.")
                freshness.changed(run.area_id)  # to-do lists: "Check and publish" (an update sends no signal)
            transaction.on_commit(lambda: [default_storage.delete(name) for name in replaced])
    except Exception:
        for _, name, _ in saved:
            default_storage.delete(name)
        raise


def report_outputs_refresh(run: ReportRun) -> None:
    """Render a finished run's outputs again from its parts (after its key messages change, or it is
    published or replaced), so every output shows the current words and DRAFT marks."""
    if run.status != RunStatus.DONE:
        return
    parts = list(ReportPart.objects.filter(run=run).select_related("area").order_by("area__name"))
    _store_outputs(run, parts, KeyMessages.objects.filter(run=run).first(), finishing=False)


def key_messages_save(*, key_messages: KeyMessages, actor, data: dict, expected_version: int) -> KeyMessages:
    """CELCIS edits a version's key messages, themes, risks and asks, and may sign them off. Any
    change takes an earlier sign-off away; a published version's page is final."""
    require_celcis(actor)
    run = key_messages.run
    if run.published:
        raise ValidationError("This version is published, so its key messages are final. Build a new version.")
    fields = ("messages", "themes", "risks", "asks")
    changed = any(getattr(key_messages, f) != data.get(f, "") for f in fields)
    for field in fields:
        setattr(key_messages, field, data.get(field, ""))
    if data.get("sign_off"):
        if not key_messages.messages.strip():
            raise ValidationError({"messages": "Write at least one key message before signing them off."})
        if changed or not key_messages.is_signed_off:
            key_messages.signed_off_at, key_messages.signed_off_by = timezone.now(), actor
        reason = "Signed off"
    else:
        key_messages.signed_off_at, key_messages.signed_off_by = None, None
        reason = "Edited"
    key_messages.updated_by = actor
    with transaction.atomic():
        save_versioned(key_messages, expected_version=expected_version, actor=actor, reason=reason)
        report_outputs_refresh(run)
    return key_messages


def report_run_publish(*, run: ReportRun, actor) -> ReportRun:
    """CELCIS publishes one finished version of a national report; any other version of the same
    quarter stops being the published one."""
    require_celcis(actor)
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.scope != ReportScope.NATIONAL or run.status != RunStatus.DONE:
            raise ValidationError("Only a finished national report can be published.")
        key_messages = KeyMessages.objects.filter(run=run).first()
        if key_messages is None or not key_messages.is_signed_off:
            raise ValidationError("CELCIS must sign off this version's key messages before it is published.")
        replaced = []
        for other in ReportRun.objects.filter(
            scope=ReportScope.NATIONAL, quarter_start=run.quarter_start, published=True
        ).exclude(pk=run.pk):
            other.published = False
            save_with_history(other, actor=actor, reason=f"Replaced by version {run.number}")
            replaced.append(other)
        run.published = True
        run.published_at = timezone.now()
        run.published_by = actor
        save_with_history(run, actor=actor, reason="Published")
        # The published version loses its DRAFT marks; a replaced one is marked DRAFT again.
        for one in [run, *replaced]:
            report_outputs_refresh(one)
        notices.report_published(run)
    return run


def report_download_record(*, run: ReportRun | None, kind: str, user, description: str = "") -> ReportDownload:
    """Record that somebody opened or downloaded one of the run's outputs, or an export (no run)."""
    return ReportDownload.objects.create(run=run, kind=kind, user=user, description=description[:300])


def run_looks_lost(run: ReportRun, now=None) -> bool:
    """Still 'running' long after its time limit: its worker was lost (read only)."""
    limit = timedelta(seconds=2 * settings.REPORT_TIME_LIMIT_SECONDS)
    now = now or timezone.now()
    return run.status == RunStatus.RUNNING and run.started_at is not None and now - run.started_at > limit


def report_runs_fail_lost(now=None) -> int:
    """Record every lost build as failed, once (the periodic task; never a page visit). How many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=2 * settings.REPORT_TIME_LIMIT_SECONDS)
    lost = ReportRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=cutoff).values_list("pk", flat=True)
    return sum(
        report_run_fail(pk, "The build stopped without finishing (its worker was lost). Try again.") for pk in lost
    )


# --- The automatic draft national report ----------------------------------------------------------------------


def quarter_due_yesterday(today: date) -> Quarter | None:
    """The quarter whose returns fell due yesterday, if any."""
    candidate = Quarter.of(today).previous()
    for quarter in (candidate, candidate.previous()):
        if due_date_for(quarter) + timedelta(days=1) == today:
            return quarter
    return None


def national_report_build_due(*, today: date | None = None) -> ReportRun | None:
    """On the day after returns fall due, queue a draft national report (once per quarter)."""
    today = today or timezone.localdate()
    quarter = quarter_due_yesterday(today)
    if quarter is None:
        return None
    if ReportRun.objects.filter(
        scope=ReportScope.NATIONAL, quarter_start=quarter.start, requested_by__isnull=True, retry_of__isnull=True
    ).exists():
        return None
    run = report_run_request(actor=None, scope=ReportScope.NATIONAL, quarter=quarter)
    transaction.on_commit(lambda: _queue_quietly(run))
    return run


def _queue_quietly(run: ReportRun) -> None:
    try:
        report_run_queue(run)
    except QueueUnavailable:
        logger.error("Draft national report %s not queued: the task queue could not be reached.", run.pk)
