"""Writes for quarterly returns: opening them, the area's narrative and submission, and CELCIS's
review (accept, return with comments, reopen). Each re-checks the actor's rights."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import date as format_day
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea, Role
from core.locking import save_versioned
from core.quarters import Quarter
from core.services import require_area_write, require_celcis, save_with_history

from .. import notices, quarters
from ..models import SECTION_KEYS, SECTION_TITLES, QuarterlyReturn, ReturnEvent, ReturnStatus, ReturnStep
from ..snapshot import build_snapshot


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


def _save_step(quarterly_return: QuarterlyReturn, *, actor, reason: str) -> None:
    # The row is locked (select_for_update), so claiming the next version cannot clash; claiming it
    # still tells anyone with the narrative open that it has changed under them.
    save_versioned(quarterly_return, expected_version=quarterly_return.version, actor=actor, reason=reason)


# --- Opening returns ---------------------------------------------------------------------------------


def return_open(*, area: LocalArea, quarter: Quarter, actor=None) -> QuarterlyReturn:
    """The area's return for `quarter`, opened now (as a draft) if it was not open yet.

    `actor` is the area user who asked for it (who must be able to write the area's records);
    None when the portal's scheduled task opens it.
    """
    if actor is not None:
        require_area_write(actor, area)
    existing = QuarterlyReturn.objects.filter(area=area, quarter_start=quarter.start).first()
    if existing:
        return existing
    if not area.in_programme:
        raise ValidationError(f"{area} is not in the programme, so it makes no quarterly returns.")
    try:
        with transaction.atomic():
            quarterly_return = QuarterlyReturn(area=area, quarter_start=quarter.start, due_on=due_date_for(quarter))
            save_with_history(quarterly_return, actor=actor, reason="Opened")
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
    require_area_write(actor, quarterly_return.area)
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


@transaction.atomic
def return_submit(*, quarterly_return: QuarterlyReturn, actor, today: date | None = None) -> QuarterlyReturn:
    """Submit the return to CELCIS (the area's lead only), freezing its figures as they stand now."""
    quarterly_return = QuarterlyReturn.objects.select_for_update().select_related("area").get(pk=quarterly_return.pk)
    # The area's own lead signs its return off; CELCIS reviews it and so never submits it.
    if Access.for_user(actor).area_role(quarterly_return.area) != Role.AREA_LEAD:
        raise PermissionDenied
    if not quarterly_return.is_editable:
        raise ValidationError(f"This return is already {quarterly_return.get_status_display().lower()}.")
    today = today or timezone.localdate()
    if not quarterly_return.can_submit_on(today):
        raise ValidationError(
            f"This return can be submitted from {format_day(quarterly_return.submittable_from)}, once the quarter "
            "has ended, so its figures cover the whole quarter. Until then you can write and save the draft."
        )
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
    _save_step(quarterly_return, actor=actor, reason="Resubmitted" if resubmission else "Submitted")
    _event(
        quarterly_return,
        ReturnStep.SUBMITTED,
        actor,
        "Resubmitted after changes; figures taken again." if resubmission else "Submitted; figures frozen.",
    )
    notices.return_step(quarterly_return, step="submitted")
    return quarterly_return


# --- CELCIS's review -------------------------------------------------------------------------------------


def _locked_for_review(quarterly_return: QuarterlyReturn, *allowed: str) -> QuarterlyReturn:
    locked = QuarterlyReturn.objects.select_for_update().select_related("area").get(pk=quarterly_return.pk)
    if locked.status not in allowed:
        raise ValidationError(f"This return is {locked.get_status_display().lower()}, so that step is not possible.")
    return locked


def _reviewed(quarterly_return: QuarterlyReturn, *, actor, status: str, comment: str) -> None:
    """Record CELCIS's decision on the return (the caller saves it)."""
    quarterly_return.status = status
    quarterly_return.reviewed_at = timezone.now()
    quarterly_return.reviewed_by = actor
    quarterly_return.review_comment = comment.strip()


@transaction.atomic
def return_accept(
    *, quarterly_return: QuarterlyReturn, actor, note: str = "", section_comments: dict[str, str] | None = None
) -> QuarterlyReturn:
    """CELCIS accepts a submitted return, which locks it, with any comments on its sections (the area
    sees each beside its section)."""
    require_celcis(actor)
    quarterly_return = _locked_for_review(quarterly_return, ReturnStatus.SUBMITTED)
    _reviewed(quarterly_return, actor=actor, status=ReturnStatus.ACCEPTED, comment=note)
    quarterly_return.accepted_at = quarterly_return.reviewed_at
    quarterly_return.section_comments = {
        key: text.strip() for key, text in (section_comments or {}).items() if key in SECTION_KEYS and text.strip()
    }
    _save_step(quarterly_return, actor=actor, reason="Accepted")
    _event(quarterly_return, ReturnStep.ACCEPTED, actor, note.strip())
    notices.return_step(quarterly_return, step="accepted", comment=note.strip())
    return quarterly_return


@transaction.atomic
def return_send_back(
    *, quarterly_return: QuarterlyReturn, actor, comment: str, section_comments: dict[str, str]
) -> QuarterlyReturn:
    """CELCIS returns a submitted return for changes, with a general comment and any per section."""
    require_celcis(actor)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    quarterly_return = _locked_for_review(quarterly_return, ReturnStatus.SUBMITTED)
    _reviewed(quarterly_return, actor=actor, status=ReturnStatus.RETURNED, comment=comment)
    quarterly_return.section_comments = {
        key: text.strip() for key, text in section_comments.items() if key in SECTION_KEYS and text and text.strip()
    }
    quarterly_return.narrative_when_returned = quarterly_return.narrative()
    _save_step(quarterly_return, actor=actor, reason="Returned for changes")
    on_sections = "".join(f"\n{SECTION_TITLES[key]}: {text}" for key, text in quarterly_return.section_comments.items())
    _event(quarterly_return, ReturnStep.RETURNED, actor, comment.strip() + on_sections)
    notices.return_step(quarterly_return, step="returned", comment=comment.strip())
    return quarterly_return


@transaction.atomic
def return_reopen(*, quarterly_return: QuarterlyReturn, actor, reason: str) -> QuarterlyReturn:
    """CELCIS reopens an accepted return (with its reason), handing it back to the area."""
    require_celcis(actor)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for reopening the return."})
    quarterly_return = _locked_for_review(quarterly_return, ReturnStatus.ACCEPTED)
    _reviewed(quarterly_return, actor=actor, status=ReturnStatus.RETURNED, comment=reason)
    quarterly_return.accepted_at = None
    quarterly_return.section_comments = {}
    quarterly_return.narrative_when_returned = quarterly_return.narrative()
    _save_step(quarterly_return, actor=actor, reason="Reopened")
    _event(quarterly_return, ReturnStep.REOPENED, actor, reason.strip())
    return quarterly_return
