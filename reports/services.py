"""Writes for returns, reminders and report runs. Each re-checks the actor's rights, so views,
tasks and commands share one path."""

from __future__ import annotations

import logging
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea, Membership, Role
from core.locking import save_versioned
from core.quarters import Quarter

from . import quarters
from .models import (
    SECTION_KEYS,
    SECTION_TITLES,
    FileKind,
    QuarterlyReturn,
    ReminderKind,
    ReportDownload,
    ReportFile,
    ReportPart,
    ReportRun,
    ReportScope,
    ReturnEvent,
    ReturnReminder,
    ReturnStatus,
    ReturnStep,
    RunStatus,
)
from .snapshot import build_snapshot

logger = logging.getLogger(__name__)


def due_date_for(quarter: Quarter) -> date:
    """The due date of a quarter's return under the current RETURN_DUE_DAYS setting."""
    return quarters.due_date(quarter, settings.RETURN_DUE_DAYS)


def _event(quarterly_return: QuarterlyReturn, step: str, actor=None, note: str = "") -> ReturnEvent:
    return ReturnEvent.objects.create(
        area_id=quarterly_return.area_id,
        quarterly_return=quarterly_return,
        step=step,
        actor=actor,
        at=timezone.now(),
        note=note,
    )


def _save(quarterly_return: QuarterlyReturn, *, actor, reason: str) -> None:
    quarterly_return._history_user = actor
    quarterly_return._change_reason = reason
    quarterly_return.version += 1
    quarterly_return.save()


# --- Opening returns ---------------------------------------------------------------------------------


def return_open(*, area: LocalArea, quarter: Quarter, actor=None) -> QuarterlyReturn:
    """The area's return for `quarter`, opened now (as a draft) if it was not open yet."""
    existing = QuarterlyReturn.objects.filter(area=area, quarter_start=quarter.start).first()
    if existing:
        return existing
    if not area.in_programme:
        raise ValidationError(f"{area} is not in the programme, so it makes no quarterly returns.")
    try:
        with transaction.atomic():
            quarterly_return = QuarterlyReturn(area=area, quarter_start=quarter.start, due_on=due_date_for(quarter))
            quarterly_return._history_user = actor
            quarterly_return._change_reason = "Opened"
            quarterly_return.save()
            _event(quarterly_return, ReturnStep.OPENED, actor, "Opened for the quarter.")
    except IntegrityError:
        # Somebody (or the scheduled task) opened it at the same moment.
        return QuarterlyReturn.objects.get(area=area, quarter_start=quarter.start)
    return quarterly_return


def returns_open_for_quarter(quarter: Quarter) -> int:
    """Open `quarter`'s return for every programme area (those open already are left alone)."""
    opened = 0
    existing = set(QuarterlyReturn.objects.filter(quarter_start=quarter.start).values_list("area_id", flat=True))
    for area in LocalArea.objects.in_programme().exclude(pk__in=existing):
        return_open(area=area, quarter=quarter)
        opened += 1
    return opened


# --- The area's work ----------------------------------------------------------------------------------


def return_save_narrative(*, quarterly_return: QuarterlyReturn, actor, data: dict, expected_version: int):
    """Save the narrative as a draft; raises StaleEdit if someone saved in between."""
    if not Access.for_user(actor).can_edit_area(quarterly_return.area):
        raise PermissionDenied
    if not quarterly_return.is_editable:
        raise ValidationError(
            f"This return is {quarterly_return.get_status_display().lower()}, so it cannot be changed now."
        )
    for key in SECTION_KEYS:
        if key in data:
            setattr(quarterly_return, key, (data[key] or "").strip())
    quarterly_return.updated_by = actor
    save_versioned(quarterly_return, expected_version=expected_version, actor=actor, reason="Narrative saved")
    return quarterly_return


def _is_area_lead(actor, area) -> bool:
    return Access.for_user(actor).area_role(area) == Role.AREA_LEAD


@transaction.atomic
def return_submit(*, quarterly_return: QuarterlyReturn, actor, today: date | None = None) -> QuarterlyReturn:
    """Submit the return to CELCIS (the area's lead only), freezing its figures as they stand now."""
    quarterly_return = QuarterlyReturn.objects.select_for_update().select_related("area").get(pk=quarterly_return.pk)
    if not _is_area_lead(actor, quarterly_return.area):
        raise PermissionDenied
    if not quarterly_return.is_editable:
        raise ValidationError(f"This return is already {quarterly_return.get_status_display().lower()}.")
    missing = [SECTION_TITLES[key] for key in SECTION_KEYS if not getattr(quarterly_return, key).strip()]
    if missing:
        raise ValidationError(
            "Write every section of the narrative before submitting (a line such as “Nothing to add this quarter” "
            "is fine). Still empty: " + ", ".join(missing) + "."
        )
    now = timezone.now()
    resubmission = quarterly_return.status == ReturnStatus.RETURNED
    quarterly_return.snapshot = build_snapshot(quarterly_return.area, quarterly_return.quarter, today=today)
    quarterly_return.snapshot_taken_at = now
    quarterly_return.status = ReturnStatus.SUBMITTED
    quarterly_return.submitted_at = now
    quarterly_return.submitted_by = actor
    quarterly_return.first_submitted_at = quarterly_return.first_submitted_at or now
    quarterly_return.updated_by = actor
    _save(quarterly_return, actor=actor, reason="Resubmitted" if resubmission else "Submitted")
    _event(
        quarterly_return,
        ReturnStep.SUBMITTED,
        actor,
        "Resubmitted after changes; figures taken again." if resubmission else "Submitted; figures frozen.",
    )
    return quarterly_return


# --- CELCIS's review -------------------------------------------------------------------------------------


def _celcis_only(actor) -> None:
    if not Access.for_user(actor).is_celcis:
        raise PermissionDenied


def _locked_for_review(quarterly_return: QuarterlyReturn, *allowed: str) -> QuarterlyReturn:
    locked = QuarterlyReturn.objects.select_for_update().select_related("area").get(pk=quarterly_return.pk)
    if locked.status not in allowed:
        raise ValidationError(f"This return is {locked.get_status_display().lower()}, so that step is not possible.")
    return locked


@transaction.atomic
def return_accept(*, quarterly_return: QuarterlyReturn, actor, note: str = "") -> QuarterlyReturn:
    """CELCIS accepts a submitted return, which locks it."""
    _celcis_only(actor)
    quarterly_return = _locked_for_review(quarterly_return, ReturnStatus.SUBMITTED)
    now = timezone.now()
    quarterly_return.status = ReturnStatus.ACCEPTED
    quarterly_return.reviewed_at = now
    quarterly_return.reviewed_by = actor
    quarterly_return.accepted_at = now
    quarterly_return.review_comment = note.strip()
    quarterly_return.section_comments = {}
    _save(quarterly_return, actor=actor, reason="Accepted")
    _event(quarterly_return, ReturnStep.ACCEPTED, actor, note.strip())
    return quarterly_return


@transaction.atomic
def return_send_back(
    *, quarterly_return: QuarterlyReturn, actor, comment: str, section_comments: dict[str, str]
) -> QuarterlyReturn:
    """CELCIS returns a submitted return for changes, with a general comment and any per section."""
    _celcis_only(actor)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    quarterly_return = _locked_for_review(quarterly_return, ReturnStatus.SUBMITTED)
    quarterly_return.status = ReturnStatus.RETURNED
    quarterly_return.reviewed_at = timezone.now()
    quarterly_return.reviewed_by = actor
    quarterly_return.review_comment = comment.strip()
    quarterly_return.section_comments = {
        key: text.strip() for key, text in section_comments.items() if key in SECTION_KEYS and text and text.strip()
    }
    quarterly_return.narrative_when_returned = quarterly_return.narrative()
    _save(quarterly_return, actor=actor, reason="Returned for changes")
    on_sections = "".join(f"\n{SECTION_TITLES[key]}: {text}" for key, text in quarterly_return.section_comments.items())
    _event(quarterly_return, ReturnStep.RETURNED, actor, comment.strip() + on_sections)
    return quarterly_return


@transaction.atomic
def return_reopen(*, quarterly_return: QuarterlyReturn, actor, reason: str) -> QuarterlyReturn:
    """CELCIS reopens an accepted return (with its reason), handing it back to the area."""
    _celcis_only(actor)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for reopening the return."})
    quarterly_return = _locked_for_review(quarterly_return, ReturnStatus.ACCEPTED)
    quarterly_return.status = ReturnStatus.RETURNED
    quarterly_return.accepted_at = None
    quarterly_return.reviewed_at = timezone.now()
    quarterly_return.reviewed_by = actor
    quarterly_return.review_comment = reason.strip()
    quarterly_return.section_comments = {}
    quarterly_return.narrative_when_returned = quarterly_return.narrative()
    _save(quarterly_return, actor=actor, reason="Reopened")
    _event(quarterly_return, ReturnStep.REOPENED, actor, reason.strip())
    return quarterly_return


# --- Reminders -------------------------------------------------------------------------------------------

REMINDER_SUBJECTS = {
    ReminderKind.WEEK_BEFORE: "Quarterly return for {area} due in a week ({due})",
    ReminderKind.DUE: "Quarterly return for {area} due today ({due})",
    ReminderKind.OVERDUE: "Quarterly return for {area} is overdue (due {due})",
}


def _lead_addresses(area) -> list[str]:
    return sorted(
        set(
            Membership.objects.active()
            .filter(area=area, role=Role.AREA_LEAD, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _site_url() -> str:
    return getattr(settings, "PORTAL_URL", "").rstrip("/") or "http://localhost:8000"


def send_return_reminders(*, today: date | None = None) -> int:
    """Email area leads about draft returns due in a week, due today, or overdue (weekly).

    Only the latest reminder due by today is sent (a missed day does not send a backlog), and each
    is recorded before it goes, inside one transaction, so running this twice sends nothing twice.
    """
    today = today or timezone.localdate()
    sent = 0
    open_returns = QuarterlyReturn.objects.filter(status=ReturnStatus.DRAFT, area__in_programme=True).select_related(
        "area"
    )
    for quarterly_return in open_returns:
        due = quarters.reminder_dates(quarterly_return.due_on, today)
        if not due:
            continue
        kind, scheduled_on = due[-1]
        if scheduled_on < today - timedelta(days=6):
            continue
        if ReturnReminder.objects.filter(
            quarterly_return=quarterly_return, kind=kind, scheduled_on=scheduled_on
        ).exists():
            continue
        recipients = _lead_addresses(quarterly_return.area)
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(
                    area_id=quarterly_return.area_id,
                    quarterly_return=quarterly_return,
                    kind=kind,
                    scheduled_on=scheduled_on,
                    sent_at=timezone.now(),
                    recipients=len(recipients),
                )
                if recipients:
                    context = {
                        "quarterly_return": quarterly_return,
                        "kind": kind,
                        "today": today,
                        "link": _site_url() + quarterly_return.get_absolute_url(),
                        "overdue_days": (today - quarterly_return.due_on).days,
                    }
                    send_mail(
                        subject=REMINDER_SUBJECTS[kind].format(
                            area=quarterly_return.area.name, due=f"{quarterly_return.due_on:%-d %b %Y}"
                        ),
                        message=render_to_string("reports/reminder_email.txt", context),
                        from_email=None,
                        recipient_list=recipients,
                    )
        except IntegrityError:
            # Another run of the task recorded this reminder first; it sends it.
            continue
        sent += 1
    return sent


# --- Report runs ---------------------------------------------------------------------------------------------


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
                run._history_user = actor
                run._change_reason = "Requested" if retry_of is None else f"Retry of version {retry_of.number}"
                run.save()
                return run
        except IntegrityError:
            continue  # somebody took the same version number at the same moment: take the next one
    raise ValidationError("The report could not be queued because of a clash; try again.")


def report_run_queue(run: ReportRun) -> None:
    """Send the run to the task queue; QueueUnavailable (and the run recorded as failed) if it
    cannot be reached."""
    from .tasks import start_report_run

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


def report_run_claim(run_id: int) -> bool:
    """Start a queued run. A conditional update, so a task delivered twice starts it once."""
    return bool(
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    )


def report_run_areas(run: ReportRun) -> list[LocalArea]:
    """The areas a run has a part for: every programme area, or the one area."""
    if run.scope == ReportScope.AREA:
        return [run.area]
    return list(LocalArea.objects.in_programme().order_by("name"))


def report_run_set_parts(run_id: int, total: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(parts_total=total)


def report_run_fail(run_id: int, reason: str) -> bool:
    """Record a run as failed with a readable reason (a finished run is left as it is)."""
    return bool(
        ReportRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
            status=RunStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
        )
    )


def report_part_build(run_id: int, area_id: int) -> bool:
    """Build one area's part of a running run; True when this was the last part and the combining
    step should now be queued (exactly one caller ever gets True)."""
    from .builder import area_part

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


def report_combine(run_id: int) -> bool:
    """Put the parts together into the HTML page, the PDF and the XLSX annex, and finish the run.

    Claimed with a conditional update, so a duplicate delivery does nothing. Every output is made in
    memory first; files reach storage only once all three exist, and are recorded (made visible)
    in the same transaction that marks the run done. Anything saved before a failure is deleted.
    """
    from .builder import render_outputs

    claimed = ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, combine_started_at__isnull=True).update(
        combine_started_at=timezone.now()
    )
    if not claimed:
        return False
    run = ReportRun.objects.select_related("area").get(pk=run_id)
    parts = list(ReportPart.objects.filter(run=run).select_related("area").order_by("area__name"))
    outputs = render_outputs(run, parts)

    token = secrets.token_hex(8)
    who = "national" if run.is_national else run.area.slug
    saved: list[tuple[str, str, int]] = []
    try:
        for kind, content in outputs.items():
            name = f"reports/{who}/{quarters.quarter_slug(run.quarter)}/v{run.number}-{run.pk}-{token}.{kind}"
            saved.append((kind, default_storage.save(name, ContentFile(content)), len(content)))
        with transaction.atomic():
            for kind, name, size in saved:
                ReportFile.objects.create(run=run, kind=kind, file=name, size=size)
            finished = ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
                status=RunStatus.DONE, finished_at=timezone.now(), parts_done=len(parts)
            )
            if not finished:
                raise RuntimeError("The run stopped being a running build while its files were being saved.")
    except Exception:
        for _, name, _ in saved:
            default_storage.delete(name)
        raise
    return True


def report_run_publish(*, run: ReportRun, actor) -> ReportRun:
    """CELCIS publishes one finished version of a national report; any other version of the same
    quarter stops being the published one."""
    _celcis_only(actor)
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.scope != ReportScope.NATIONAL or run.status != RunStatus.DONE:
            raise ValidationError("Only a finished national report can be published.")
        for other in ReportRun.objects.filter(
            scope=ReportScope.NATIONAL, quarter_start=run.quarter_start, published=True
        ).exclude(pk=run.pk):
            other.published = False
            other._history_user = actor
            other._change_reason = f"Replaced by version {run.number}"
            other.save()
        run.published = True
        run.published_at = timezone.now()
        run.published_by = actor
        run._history_user = actor
        run._change_reason = "Published"
        run.save()
    return run


def report_download_record(*, run: ReportRun, kind: str, user) -> ReportDownload:
    return ReportDownload.objects.create(run=run, kind=kind, user=user)


def report_run_fail_if_lost(run: ReportRun) -> ReportRun:
    """A run still 'running' long after its time limit lost its worker: record that, once."""
    limit = timedelta(seconds=2 * settings.REPORT_TIME_LIMIT_SECONDS)
    if run.status == RunStatus.RUNNING and run.started_at and timezone.now() - run.started_at > limit:
        report_run_fail(run.pk, "The build stopped without finishing (its worker was lost). Try again.")
        run.refresh_from_db()
    return run


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


FILE_KINDS = [FileKind.HTML, FileKind.PDF, FileKind.XLSX]
