"""Writes for drivers. Each re-checks the actor's rights through the access policy (`core.services`),
so views, tasks and commands share one safe path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from areas.subjects import subject_fields
from core.dates import day_label
from core.locking import StaleEdit, claim_version, save_versioned
from core.services import require_area_write, require_celcis, save_with_history

from .models import Assessment, AssessmentStatus, Driver, Item, ItemScore, ItemSet, ItemSetStatus
from .scoring import answers_needed, check_score, share_text
from .selectors import current_item_set, facilitator_choices, innovation_model, item_key

MAX_PARTICIPANTS_PER_ROLE = 500
MAX_EVIDENCE = 2000

LOCKED_MESSAGE = (
    "This assessment was completed on {when} and is locked, so it cannot change. "
    "To correct it, start a correction: a new assessment that begins from this one."
)


@dataclass(frozen=True)
class Answer:
    """One item's answer as typed: a score (None: not yet answered) and a note of the evidence."""

    score: int | None
    evidence: str = ""


class AssessmentLocked(ValidationError):
    """The assessment is completed, so nothing about it may change (a correction is a new one)."""


def locked_message(assessment: Assessment) -> str:
    """Why a completed assessment cannot change, and what to do instead."""
    when = day_label(assessment.completed_at) if assessment.completed_at else "a past date"
    return LOCKED_MESSAGE.format(when=when)


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise AssessmentLocked(locked_message(assessment))


def _clean_details(
    *,
    area,
    assessed_on: date | None,
    facilitator=None,
    participants: list[dict] | None = None,
    notes: str = "",
    subject=None,
    current: Assessment | None = None,
) -> dict:
    """Check an assessment's details: its field values to set, or ValidationError by field."""
    errors = {}
    if assessed_on is None:
        errors["assessed_on"] = "Give the date of the assessment."
    elif assessed_on > timezone.localdate():
        errors["assessed_on"] = "This date is in the future. Record the assessment once it has taken place."
    if facilitator is not None:
        allowed = facilitator_choices(area, include=current.facilitator_id if current else None)
        if not allowed.filter(pk=facilitator.pk).exists():
            errors["facilitator"] = f"Choose a member of {area} or CELCIS staff."
    rows = []
    for row in participants or []:
        role = (row.get("role") or "").strip()
        count = row.get("count")
        if not role and count in (None, ""):
            continue
        if not role:
            errors["participants"] = "Give the role for each number of people who took part."
        elif count in (None, "") or not isinstance(count, int) or not 1 <= count <= MAX_PARTICIPANTS_PER_ROLE:
            errors["participants"] = (
                f"Give how many people in each role took part, from 1 to {MAX_PARTICIPANTS_PER_ROLE}."
            )
        else:
            rows.append({"role": role[:100], "count": count})
    if subject is not None:
        model = innovation_model()
        if model is None or not isinstance(subject, model) or subject.area_id != area.pk:
            errors["innovation"] = f"Choose one of {area}'s innovations."
    if errors:
        raise ValidationError(errors)
    return {
        "assessed_on": assessed_on,
        "facilitator": facilitator,
        "participants": rows,
        "notes": notes.strip(),
        **subject_fields(subject),
    }


@transaction.atomic
def assessment_create(*, area, actor, **details) -> Assessment:
    """Start a draft assessment on the latest published version of the items.

    `details`: assessed_on, and optionally facilitator, participants, notes and subject (see `_clean_details`).
    """
    require_area_write(actor, area)
    cleaned = _clean_details(area=area, **details)
    item_set = current_item_set()
    if item_set is None:
        raise ValidationError("No version of the drivers items has been published yet. CELCIS publishes them.")
    assessment = Assessment(area=area, item_set=item_set, created_by=actor, **cleaned)
    save_with_history(assessment, actor=actor, reason="Assessment started")
    return assessment


def assessment_update(*, assessment: Assessment, actor, expected_version: int, **details) -> Assessment:
    """Change a draft's details (date, facilitator, who took part, what it is about; as `assessment_create`)."""
    require_area_write(actor, assessment.area)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update(of=("self",)).select_related("area").get(pk=assessment.pk)
        _require_draft(assessment)
        for name, value in _clean_details(area=assessment.area, current=assessment, **details).items():
            setattr(assessment, name, value)
        save_versioned(assessment, expected_version=expected_version, actor=actor, reason="Details changed")
    return assessment


def _clean_answers(assessment: Assessment, answers: Mapping[int, Answer]) -> dict[int, Answer]:
    item_ids = set(assessment.item_set.items.values_list("pk", flat=True))
    errors = []
    cleaned = {}
    for item_id, answer in answers.items():
        if item_id not in item_ids:
            errors.append("An answer was for an item that is not in this assessment's version of the items.")
            continue
        try:
            score = check_score(answer.score)
        except ValueError as error:
            errors.append(str(error))
            continue
        evidence = (answer.evidence or "").strip()
        if len(evidence) > MAX_EVIDENCE:
            errors.append(f"Keep each evidence note to {MAX_EVIDENCE} characters.")
            continue
        cleaned[item_id] = Answer(score=score, evidence=evidence)
    if errors:
        raise ValidationError(sorted(set(errors)))
    return cleaned


def assessment_save_draft(
    *, assessment: Assessment, actor, expected_version: int | None, answers: Mapping[int, Answer]
) -> Assessment:
    """Save a draft's answers (every item given, or only some). Raises StaleEdit when somebody else
    saved the draft after `expected_version`, so nobody silently overwrites anybody."""
    require_area_write(actor, assessment.area)
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",)).select_related("area", "item_set").get(pk=assessment.pk)
        )
        _require_draft(assessment)
        cleaned = _clean_answers(assessment, answers)
        if expected_version is None:
            raise StaleEdit(assessment)
        existing = {r.item_id: r for r in ItemScore.objects.filter(assessment=assessment, item_id__in=list(cleaned))}
        changed = []
        for item_id, answer in cleaned.items():
            record = existing.get(item_id)
            if record is None:
                if answer.score is None and not answer.evidence:
                    continue  # nothing typed: no record needed
                record = ItemScore(area_id=assessment.area_id, assessment=assessment, item_id=item_id)
            elif record.score == answer.score and record.evidence == answer.evidence:
                continue
            record.score = answer.score
            record.evidence = answer.evidence
            changed.append(record)
        # The version moves on every save, so a second person's stale page is always caught. It is
        # claimed with a bare update: the draft's own history records only the answers that changed.
        assessment.version = claim_version(Assessment, pk=assessment.pk, expected_version=expected_version)
        for record in changed:
            save_with_history(record, actor=actor)
    return assessment


def completion_refusal(assessment: Assessment) -> str:
    """Why this draft cannot be completed yet ('' when it can): too few items answered.

    DOMAIN: an assessment is completed only when at least settings.DRIVERS_COMPLETION_SHARE of its
    items are answered, so a handful of answers never reads as a driver's score.
    """
    total = Item.objects.filter(item_set_id=assessment.item_set_id).count()
    answered = ItemScore.objects.filter(assessment=assessment, score__isnull=False).count()
    needed = answers_needed(total, settings.DRIVERS_COMPLETION_SHARE)
    if answered >= needed:
        return ""
    share = share_text(settings.DRIVERS_COMPLETION_SHARE)
    more = needed - answered
    return (
        f"{answered} of {total} items are answered; at least {needed} ({share}) must be answered before the "
        f"assessment can be completed. Answer {more} more item{'s' if more != 1 else ''}, or keep the draft "
        "open until the team has discussed them."
    )


@transaction.atomic
def assessment_complete(*, assessment: Assessment, actor, expected_version: int | None = None) -> Assessment:
    """Complete a draft: it is locked from then on. Refused while too few items are answered."""
    require_area_write(actor, assessment.area)
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("area").get(pk=assessment.pk)
    _require_draft(assessment)
    if expected_version is not None and expected_version != assessment.version:
        raise StaleEdit(assessment)
    if assessment.assessed_on > timezone.localdate():
        raise ValidationError("The assessment's date is in the future. Change the date before completing it.")
    if refusal := completion_refusal(assessment):
        raise ValidationError(refusal)
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_by = actor
    assessment.completed_at = timezone.now()
    save_versioned(assessment, expected_version=assessment.version, actor=actor, reason="Completed")
    return assessment


@transaction.atomic
def assessment_correct(*, assessment: Assessment, actor) -> Assessment:
    """Start a correction of a completed assessment: a new draft with its details and answers,
    on the latest published items (answers carried over by item, or by driver and wording)."""
    require_area_write(actor, assessment.area)
    assessment = Assessment.objects.select_related("area").get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError("Only a completed assessment is corrected. A draft can still be changed itself.")
    earlier = Assessment.objects.filter(corrects=assessment).order_by("-pk").first()
    if earlier is not None and earlier.is_draft:
        started = day_label(earlier.created_at)
        raise ValidationError(f"A correction of this assessment is already in progress (started {started}).")
    if earlier is not None:
        raise ValidationError("This assessment has already been corrected. Correct the correction instead.")
    item_set = current_item_set()
    if item_set is None:
        raise ValidationError("No version of the drivers items has been published yet.")
    correction = Assessment(
        area=assessment.area,
        assessed_on=assessment.assessed_on,
        facilitator_id=assessment.facilitator_id,
        participants=assessment.participants,
        notes=assessment.notes,
        item_set=item_set,
        corrects=assessment,
        created_by=actor,
        subject_content_type_id=assessment.subject_content_type_id,
        subject_object_id=assessment.subject_object_id,
    )
    save_with_history(
        correction, actor=actor, reason=f"Correction of the assessment of {day_label(assessment.assessed_on)}"
    )
    old = list(ItemScore.objects.filter(assessment=assessment).select_related("item"))
    by_item = {r.item_id: r for r in old}
    by_key = {item_key(r.item.driver_id, r.item.text): r for r in old}
    for item in item_set.items.all():
        source = by_item.get(item.pk) or by_key.get(item_key(item.driver_id, item.text))
        if source is None or (source.score is None and not source.evidence):
            continue
        record = ItemScore(
            area_id=correction.area_id, assessment=correction, item=item, score=source.score, evidence=source.evidence
        )
        save_with_history(record, actor=actor, reason="Carried over for the correction")
    return correction


# --- The catalogue of items (CELCIS) ---------------------------------------------------------------


@transaction.atomic
def item_set_start_draft(*, actor, change_note: str = "") -> ItemSet:
    """Start the next version as a draft, copying the items of the latest published version."""
    require_celcis(actor)
    if ItemSet.objects.filter(status=ItemSetStatus.DRAFT).exists():
        raise ValidationError("A draft version already exists. Finish and publish it before starting another.")
    published = current_item_set()
    number = (ItemSet.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = ItemSet(number=number, change_note=change_note.strip(), based_on=published, created_by=actor)
    try:
        with transaction.atomic():
            save_with_history(draft, actor=actor, reason="Draft started")
    except IntegrityError:
        raise ValidationError("Somebody else started a draft version just now. Open it from the list.") from None
    if published is not None:
        for item in published.items.all():
            copy = Item(item_set=draft, driver_id=item.driver_id, text=item.text, order=item.order)
            save_with_history(copy, actor=actor, reason=f"Copied from version {published.number}")
    return draft


def _require_draft_set(item_set: ItemSet) -> None:
    if item_set.status != ItemSetStatus.DRAFT:
        raise ValidationError(
            f"Version {item_set.number} is published, so its items cannot change: assessments made with it "
            "must stay as they were. Start a new draft version instead."
        )


@transaction.atomic
def item_save(*, actor, item_set: ItemSet, driver: Driver, text: str, order: int = 0, item: Item | None = None) -> Item:
    """Add an item to a draft version, or change one of its items."""
    require_celcis(actor)
    item_set = ItemSet.objects.select_for_update().get(pk=item_set.pk)
    _require_draft_set(item_set)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": "Give the item's wording."})
    if item is not None and item.item_set_id != item_set.pk:
        raise PermissionDenied
    duplicate = Item.objects.filter(item_set=item_set, driver=driver).exclude(pk=item.pk if item else None)
    if any(item_key(driver.pk, text) == item_key(other.driver_id, other.text) for other in duplicate):
        raise ValidationError({"text": f"{driver} already has an item with this wording in this version."})
    item = item or Item(item_set=item_set)
    item.driver = driver
    item.text = text
    item.order = order
    save_with_history(item, actor=actor, reason="Item added" if item.pk is None else "Item changed", validate=True)
    return item


@transaction.atomic
def item_remove(*, actor, item: Item) -> None:
    """Take an item out of a draft version (its history stays)."""
    require_celcis(actor)
    item = Item.objects.select_related("item_set").get(pk=item.pk)
    _require_draft_set(item.item_set)
    _delete_with_history(item, actor=actor, reason="Item removed")


# CORE-CANDIDATE: core.services has save_with_history but nothing for a delete that keeps its history.
def _delete_with_history(instance, *, actor, reason: str) -> None:
    instance._history_user = actor  # read by django-simple-history for the deletion's history row
    instance._change_reason = reason
    instance.delete()


@transaction.atomic
def item_set_publish(*, actor, item_set: ItemSet, change_note: str | None = None) -> ItemSet:
    """Publish a draft version: new assessments use it from now on; it never changes again."""
    require_celcis(actor)
    item_set = ItemSet.objects.select_for_update().get(pk=item_set.pk)
    _require_draft_set(item_set)
    covered = set(item_set.items.values_list("driver_id", flat=True))
    missing = [d.name for d in Driver.objects.all() if d.pk not in covered]
    if missing:
        raise ValidationError(f"Every driver needs at least one item. Add items for: {', '.join(missing)}.")
    if change_note is not None:
        item_set.change_note = change_note.strip()
    item_set.status = ItemSetStatus.PUBLISHED
    item_set.published_by = actor
    item_set.published_at = timezone.now()
    save_with_history(item_set, actor=actor, reason="Published")
    return item_set


# --- Actions on gaps (the teams app's action tracker) ------------------------------------------------


def gap_action_refusal(record: ItemScore) -> str:
    """Why this answer cannot become an action ('' when it can): only gaps of a completed assessment."""
    if record.assessment.is_draft:
        return "Complete the assessment first: actions are agreed on the gaps of a completed assessment."
    if not record.is_gap:
        return "Only an item scored not in place (0) or partly in place (1) becomes an action."
    return ""


def gap_action_create(*, record: ItemScore, actor, **action):
    """Add an action on a gap (an item scored 0 or 1 in a completed assessment) to the area's action list.

    `action`: title, description, owner and due date, as the teams app's `action_create` takes them.
    """
    if refusal := gap_action_refusal(record):
        raise ValidationError(refusal)
    from teams import services as team_services  # the action tracker is the teams app's; it checks rights

    return team_services.action_create(area=record.area, actor=actor, subject=record, **action)
