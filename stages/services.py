"""Writes for stages. Each re-checks the actor's rights through the access policy."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from areas.subjects import subject_fields
from core.dates import day_label
from core.locking import StaleEdit, save_versioned
from core.services import (
    delete_with_history,
    raise_if_errors,
    require_area_lead,
    require_area_write,
    require_celcis,
    save_with_history,
)

from . import evidence, notices
from .models import (
    ActivityProgress,
    ActivityStatus,
    ReadinessAnswer,
    ReadinessCheck,
    ReadinessQuestion,
    Stage,
    StageActivity,
    StageChange,
    StageChangeStatus,
    StageTarget,
    StakeholderEngagement,
    stage_index,
)
from .selectors import current_stage, pending_proposal

# Leaves a field as it is stored (callers that do not edit it, such as the demo and older pages).
UNCHANGED = object()


FUTURE = "This date is in the future. Record it once it has happened."
DECLINE_NEEDS_NOTE = "Say why the change is declined, so the member who proposed it knows."


def no_future(value: date | None, field: str) -> None:
    """The one rule for dates of things that have happened: not after today."""
    if value and value > timezone.localdate():
        raise ValidationError({field: FUTURE})


def stage_change_errors(*, area, subject, stage: str, entered_on: date | None, reason: str) -> dict:
    """What stops a stage change being recorded, every problem at once (the form runs this too)."""
    errors = {}
    if entered_on and entered_on > timezone.localdate():
        errors["entered_on"] = FUTURE
    if pending_proposal(area, subject) is not None:
        errors[NON_FIELD_ERRORS] = (
            "A proposed stage change is already waiting for a decision. Confirm or decline it first."
        )
        return errors
    current = current_stage(area, subject)
    if current is None or not stage:
        return errors
    if stage == current.stage:
        errors["stage"] = f"This is already the current stage (since {day_label(current.entered_on)})."
    if entered_on and entered_on < current.entered_on:
        errors["entered_on"] = (
            f"The current stage began on {day_label(current.entered_on)}; a change cannot come before it."
        )
    if stage in Stage.values and stage_index(stage) < stage_index(current.stage) and not (reason or "").strip():
        errors["reason"] = "Going back a stage needs a reason (staff turnover, say)."
    return errors


@transaction.atomic
def stage_change_record(
    *, area, actor, stage: str, entered_on: date, reason: str = "", evidence: str = "", subject=None
) -> StageChange:
    """Record a stage change: confirmed at once for a lead or CELCIS, proposed for a member."""
    access = require_area_write(actor, area)
    raise_if_errors(stage_change_errors(area=area, subject=subject, stage=stage, entered_on=entered_on, reason=reason))
    confirms = access.can_lead_area(area)
    change = StageChange(
        area=area,
        stage=stage,
        entered_on=entered_on,
        reason=reason.strip(),
        evidence=evidence.strip(),
        recorded_by=actor,
        status=StageChangeStatus.CONFIRMED if confirms else StageChangeStatus.PROPOSED,
        decided_by=actor if confirms else None,
        decided_at=timezone.now() if confirms else None,
        **subject_fields(subject),
    )
    save_with_history(change, actor=actor)
    if change.status == StageChangeStatus.PROPOSED:
        notices.change_proposed(change)
    return change


@transaction.atomic
def stage_change_decide(*, change: StageChange, actor, confirm: bool, note: str = "") -> StageChange:
    """A lead or CELCIS confirms or declines a proposed stage change."""
    change = StageChange.objects.select_for_update(of=("self",)).select_related("area").get(pk=change.pk)
    require_area_lead(actor, change.area)
    if change.status != StageChangeStatus.PROPOSED:
        raise ValidationError("This stage change has already been decided.")
    if not confirm and not note.strip():
        raise ValidationError({"note": DECLINE_NEEDS_NOTE})
    change.status = StageChangeStatus.CONFIRMED if confirm else StageChangeStatus.DECLINED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    save_with_history(change, actor=actor)
    notices.change_decided(change)
    return change


def activity_progress_errors(*, status: str, started_on: date | None, completed_on: date | None) -> dict:
    """What is wrong with an activity's status and dates, every problem at once (the form runs this too;
    `status` is None there when the status itself was refused)."""
    errors = {}
    if started_on and started_on > timezone.localdate():
        errors["started_on"] = "The start date is in the future. Record it once the work has started."
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = "The completion date is in the future."
    if status == ActivityStatus.IN_PROGRESS and not started_on:
        errors["started_on"] = "Give the date the work started."
    if status == ActivityStatus.DONE and not completed_on:
        errors["completed_on"] = "Give the date the activity was completed."
    if status is not None and status != ActivityStatus.DONE and completed_on:
        errors["completed_on"] = "Only a done activity has a completion date. Mark it done or clear the date."
    if started_on and completed_on and completed_on < started_on:
        errors["completed_on"] = "The activity cannot be completed before it started."
    return errors


def activity_progress_save(
    *,
    area,
    actor,
    activity: StageActivity,
    expected_version: int | None,
    status: str,
    started_on: date | None,
    completed_on: date | None,
    notes: str = "",
    evidence_link: str = "",
    target_on=UNCHANGED,
    subject=None,
) -> ActivityProgress:
    """Update one activity on the checklist (creating its record the first time)."""
    require_area_write(actor, area)
    raise_if_errors(activity_progress_errors(status=status, started_on=started_on, completed_on=completed_on))
    if (
        activity.is_retired
        and not ActivityProgress.objects.filter(area=area, activity=activity, **subject_fields(subject)).exists()
    ):
        raise ValidationError("This activity has been retired from the catalogue.")
    fields = {
        "status": status,
        "started_on": started_on,
        "completed_on": completed_on,
        "notes": notes.strip(),
        "evidence_link": evidence_link.strip(),
    }
    if target_on is not UNCHANGED:
        fields["target_on"] = target_on
    if status != ActivityStatus.DONE:
        # A record confirmed as evidence shows the activity done; reopening it lets that go.
        fields.update(evidence_kind="", evidence_record_id=None)
    records = ActivityProgress.objects.filter(area=area, activity=activity, **subject_fields(subject))
    with transaction.atomic():
        record = records.first()
        if record is None:
            # The first record for this activity: nothing to clash with unless someone else just
            # created it, which the unique constraint catches.
            record = ActivityProgress(area=area, activity=activity, **subject_fields(subject), **fields)
            try:
                with transaction.atomic():
                    save_with_history(record, actor=actor)
            except IntegrityError:
                raise StaleEdit(records.first()) from None
        else:
            if expected_version is None:
                raise StaleEdit(record)  # someone recorded this activity after the form was opened
            for name, value in fields.items():
                setattr(record, name, value)
            save_versioned(record, expected_version=expected_version, actor=actor)
    return record


def engagement_save(*, area, actor, data: dict, engagement: StakeholderEngagement | None = None, expected_version=None):
    """Create or update an entry in the stakeholder engagement log."""
    require_area_write(actor, area)
    no_future(data.get("held_on"), "held_on")
    if engagement is None:
        engagement = StakeholderEngagement(area=area, recorded_by=actor, **data)
        save_with_history(engagement, actor=actor, validate=True, exclude=["version"])
        return engagement
    if engagement.area_id != area.pk:
        raise PermissionDenied
    for name, value in data.items():
        setattr(engagement, name, value)
    engagement.full_clean(exclude=["version"])
    save_versioned(engagement, expected_version=expected_version, actor=actor)
    return engagement


@transaction.atomic
def readiness_check_record(
    *, area, actor, checked_on: date, scores: dict[int, int], participants: str = "", notes: str = ""
):
    """Record a readiness-for-change check with a 1–5 score for each current question."""
    require_area_write(actor, area)
    no_future(checked_on, "checked_on")
    questions = {q.pk: q for q in ReadinessQuestion.objects.filter(retired_on__isnull=True)}
    missing = [q.text for pk, q in questions.items() if pk not in scores]
    if missing:
        raise ValidationError(f"Score every question; missing: {'; '.join(missing)}.")
    if any(not 1 <= int(score) <= 5 for score in scores.values()):
        raise ValidationError("Each score is from 1 (not at all) to 5 (fully).")
    check = ReadinessCheck(
        area=area, checked_on=checked_on, participants=participants.strip(), notes=notes.strip(), recorded_by=actor
    )
    save_with_history(check, actor=actor)
    for pk, question in questions.items():
        answer = ReadinessAnswer(area=area, readiness_check=check, question=question, score=int(scores[pk]))
        save_with_history(answer, actor=actor)
    return check


@transaction.atomic
def activity_evidence_confirm(*, area, actor, activity: StageActivity, kind: str, record_id, subject=None):
    """A person confirms one portal record as showing the activity done: the activity is marked
    done on the record's date (its start moved back to that date if it was recorded later), with
    the record as its evidence. Nothing is marked done without this confirmation."""
    require_area_write(actor, area)
    if kind not in activity.evidence_kinds:
        raise ValidationError(f"That kind of record is not evidence for “{activity}”.")
    found = evidence.find_record(area, subject, kind, record_id)
    if found is None:
        raise ValidationError("That record was not found. It may have changed since the page was opened.")
    if found.on > timezone.localdate():
        raise ValidationError("That record is dated in the future. Confirm it once it has happened.")
    records = ActivityProgress.objects.filter(area=area, activity=activity, **subject_fields(subject))
    record = records.select_for_update().first()
    if record is not None and record.status == ActivityStatus.DONE:
        raise ValidationError(f"“{activity}” is already marked done.")
    if record is None:
        if activity.is_retired:
            raise ValidationError("This activity has been retired from the catalogue.")
        record = ActivityProgress(area=area, activity=activity, **subject_fields(subject))
    record.status = ActivityStatus.DONE
    record.completed_on = found.on
    if record.started_on is None or record.started_on > found.on:
        record.started_on = found.on
    record.evidence_kind, record.evidence_record_id = kind, found.pk
    reason = f"Done, as shown by: {found.label} ({day_label(found.on)})"
    if record.pk is None:
        save_with_history(record, actor=actor, reason=reason)
    else:
        save_versioned(record, expected_version=record.version, actor=actor, reason=reason)
    return record


@transaction.atomic
def stage_targets_save(*, area, actor, targets: dict, subject=None) -> list[StageTarget]:
    """Set (or clear) the dates the area plans to finish each stage, for its programme or a subject."""
    require_area_write(actor, area)
    stored = {t.stage: t for t in StageTarget.objects.filter(area=area, **subject_fields(subject))}
    saved = []
    for stage, target_on in targets.items():
        target = stored.get(stage)
        if target_on is None:
            if target is not None:
                delete_with_history(target, actor=actor, reason="Target cleared")
            continue
        if target is None:
            target = StageTarget(area=area, stage=Stage(stage), **subject_fields(subject))
        elif target.target_on == target_on:
            saved.append(target)
            continue
        target.target_on = target_on
        save_with_history(target, actor=actor)
        saved.append(target)
    return saved


def activity_save(*, actor, data: dict, activity: StageActivity | None = None) -> StageActivity:
    """CELCIS adds or edits a catalogue activity (retiring sets `retired_on`), including which kinds
    of portal record evidence it."""
    require_celcis(actor)
    unknown = [key for key in data.get("evidence_kinds", []) if key not in evidence.BY_KEY]
    if unknown:
        raise ValidationError({"evidence_kinds": f"Unknown kinds of record: {', '.join(unknown)}."})
    activity = activity or StageActivity()
    for name, value in data.items():
        setattr(activity, name, value)
    save_with_history(activity, actor=actor, validate=True)
    return activity
