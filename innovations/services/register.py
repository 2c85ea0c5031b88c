"""Writes for the register: innovations, their status and description, essential functions, the
practice profile and its levels, and usability judgements."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.locking import save_versioned
from core.services import delete_with_history, raise_if_errors, require_area_write, save_with_history

from ..models import (
    DEFAULT_PRACTICE_LEVELS,
    STATUSES_NEEDING_REASON,
    CriterionRating,
    EssentialFunction,
    Innovation,
    InnovationStatus,
    PracticeDescription,
    PracticeLevel,
    UsabilityCriterion,
    UsabilityJudgement,
    UsabilityReview,
)
from .common import FUTURE_DATE, last_order, locked, today

MAX_PRACTICE_LEVELS = 6

# --- The register --------------------------------------------------------------------------------

REGISTER_FIELDS = ("name", "summary", "origin", "design_decision", "fidelity_threshold", "fidelity_validity_months")
DESCRIPTION_FIELDS = ("philosophy", "inclusion_criteria", "exclusion_criteria", "evidence_summary")


def status_errors(status: str, changed_on: date | None, reason: str) -> dict:
    """What is wrong with a status, its date and reason (the forms run this too, with the field checks)."""
    errors = {}
    if status not in InnovationStatus.values:
        errors["status"] = "Choose one of the statuses listed."
    elif status in STATUSES_NEEDING_REASON:
        label = InnovationStatus(status).label.lower()
        if not changed_on:
            errors["status_changed_on"] = f"Give the date the innovation was {label}."
        if not reason.strip():
            errors["status_reason"] = f"Say why the innovation was {label}."
    if changed_on and changed_on > today():
        errors["status_changed_on"] = FUTURE_DATE
    return errors


def _register_data(data: dict) -> dict:
    """The register fields given; an empty validity period keeps the current one (the setting's default)."""
    return {k: v for k, v in data.items() if not (k == "fidelity_validity_months" and v is None)}


def register_errors(area, data: dict, innovation: Innovation | None = None) -> dict:
    """What is wrong with a register entry: its name (given, not already in the area's register) and ranges."""
    errors = {}
    name = data.get("name", innovation.name if innovation else "").strip()
    if not name:
        errors["name"] = "Give the innovation a name."
    elif "name" in data:
        clash = Innovation.objects.filter(area=area, name__iexact=name)
        if innovation is not None:
            clash = clash.exclude(pk=innovation.pk)
        if clash.exists():
            errors["name"] = f"{area} already has an innovation called “{name}”."
    threshold = data.get("fidelity_threshold")
    if threshold is not None and not 1 <= threshold <= 100:
        errors["fidelity_threshold"] = "The threshold is a percentage from 1 to 100."
    months = data.get("fidelity_validity_months")
    if months is not None and not 1 <= months <= 36:
        errors["fidelity_validity_months"] = "A check stays current for 1 to 36 months."
    return errors


@transaction.atomic
def innovation_create(*, area, actor, data: dict) -> Innovation:
    """Add an innovation to the area's register, with the default practice-profile levels."""
    require_area_write(actor, area)
    data = _register_data(data)
    status = data.get("status") or InnovationStatus.EXPLORING
    changed_on = data.get("status_changed_on")
    reason = data.get("status_reason", "")
    raise_if_errors({**register_errors(area, data), **status_errors(status, changed_on, reason)})
    innovation = Innovation(
        area=area,
        created_by=actor,
        status=status,
        status_changed_on=changed_on,
        status_reason=reason.strip(),
        **{name: data[name] for name in REGISTER_FIELDS if name in data},
    )
    innovation.name = innovation.name.strip()
    save_with_history(innovation, actor=actor, reason="Added to the register", validate=True, exclude=["version"])
    for order, (name, description) in enumerate(DEFAULT_PRACTICE_LEVELS, start=1):
        level = PracticeLevel(area=area, innovation=innovation, order=order * 10, name=name, description=description)
        save_with_history(level, actor=actor)
    return innovation


@transaction.atomic
def innovation_update(*, innovation: Innovation, actor, data: dict, expected_version: int) -> Innovation:
    """Change an innovation's name, summary, origin, design decision, fidelity threshold or the period a
    fidelity check stays current."""
    require_area_write(actor, innovation.area)
    data = _register_data(data)
    innovation = locked(Innovation, innovation)
    raise_if_errors(register_errors(innovation.area, data, innovation))
    for name in REGISTER_FIELDS:
        if name in data:
            setattr(innovation, name, data[name].strip() if isinstance(data[name], str) else data[name])
    innovation.full_clean(exclude=["version"])
    save_versioned(innovation, expected_version=expected_version, actor=actor)
    return innovation


@transaction.atomic
def innovation_describe(*, innovation: Innovation, actor, data: dict, expected_version: int) -> Innovation:
    """Save the innovation's description: philosophy, values and principles, who it is for, evidence."""
    require_area_write(actor, innovation.area)
    innovation = locked(Innovation, innovation)
    for name in DESCRIPTION_FIELDS:
        if name in data:
            setattr(innovation, name, data[name].strip())
    save_versioned(innovation, expected_version=expected_version, actor=actor, reason="Description edited")
    return innovation


def set_status(innovation: Innovation, *, actor, status: str, changed_on: date | None, reason: str) -> None:
    """Set an innovation's status (the caller has checked the rights and holds the row lock)."""
    innovation.status = status
    innovation.status_changed_on = changed_on
    innovation.status_reason = reason.strip()
    save_with_history(innovation, actor=actor, reason=f"Status: {InnovationStatus(status).label}")


@transaction.atomic
def innovation_status_change(
    *, innovation: Innovation, actor, status: str, changed_on: date | None, reason: str = ""
) -> Innovation:
    """Change an innovation's status; "not selected" and "discontinued" need a date and a reason."""
    require_area_write(actor, innovation.area)
    raise_if_errors(status_errors(status, changed_on, reason))
    innovation = locked(Innovation, innovation)
    set_status(innovation, actor=actor, status=status, changed_on=changed_on, reason=reason)
    return innovation


# --- Essential functions and the practice profile ------------------------------------------------


@transaction.atomic
def essential_function_save(
    *,
    innovation: Innovation,
    actor,
    name: str,
    operational_definition: str = "",
    function: EssentialFunction | None = None,
    expected_version: int | None = None,
) -> EssentialFunction:
    """Add an essential function at the end of the list, or change one."""
    require_area_write(actor, innovation.area)
    if not name.strip():
        raise ValidationError({"name": "Give the function a name."})
    if function is None:
        last = last_order(EssentialFunction.objects.filter(innovation=innovation))
        function = EssentialFunction(
            area=innovation.area,
            innovation=innovation,
            order=last + 10,
            name=name.strip(),
            operational_definition=operational_definition.strip(),
        )
        save_with_history(function, actor=actor, reason="Added")
        return function
    function = locked(EssentialFunction, function)
    function.name = name.strip()
    function.operational_definition = operational_definition.strip()
    save_versioned(function, expected_version=expected_version, actor=actor)
    return function


@transaction.atomic
def essential_function_move(*, function: EssentialFunction, actor, direction: str) -> None:
    """Move a function one place up or down the ordered list."""
    require_area_write(actor, function.area)
    functions = list(EssentialFunction.objects.select_for_update().filter(innovation_id=function.innovation_id))
    position = next(i for i, f in enumerate(functions) if f.pk == function.pk)
    other = position - 1 if direction == "up" else position + 1
    if direction not in ("up", "down") or not 0 <= other < len(functions):
        return  # already first (or last): nothing to move
    functions[position], functions[other] = functions[other], functions[position]
    for index, each in enumerate(functions, start=1):
        if each.order != index * 10:
            each.order = index * 10
            save_with_history(each, actor=actor, reason="Reordered")


@transaction.atomic
def essential_function_remove(*, function: EssentialFunction, actor) -> None:
    """Remove a function added by mistake; one with fidelity items stays (its results depend on it)."""
    require_area_write(actor, function.area)
    function = locked(EssentialFunction, function)
    if function.fidelity_items.exists():
        raise ValidationError(
            "This function has items in the fidelity instrument, so it stays. Retire its items instead, "
            "or change the function's wording."
        )
    _remove_with_descriptions(function, function.practice.all(), actor=actor)


@transaction.atomic
def practice_level_save(
    *,
    innovation: Innovation,
    actor,
    name: str,
    description: str = "",
    level: PracticeLevel | None = None,
    expected_version: int | None = None,
) -> PracticeLevel:
    """Add a level (column) to the practice profile, or rename one (as of `expected_version`)."""
    require_area_write(actor, innovation.area)
    levels = PracticeLevel.objects.filter(innovation=innovation)
    if not name.strip():
        raise ValidationError({"name": "Give the level a name."})
    if levels.exclude(pk=level.pk if level else None).filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": f"The practice profile already has a level called “{name.strip()}”."})
    if level is None:
        if levels.count() >= MAX_PRACTICE_LEVELS:
            raise ValidationError(f"A practice profile has at most {MAX_PRACTICE_LEVELS} levels.")
        last = last_order(levels)
        level = PracticeLevel(area=innovation.area, innovation=innovation, order=last + 10)
        level.name, level.description = name.strip(), description.strip()
        save_with_history(level, actor=actor)
        return level
    level = locked(PracticeLevel, level)
    level.name, level.description = name.strip(), description.strip()
    save_versioned(level, expected_version=expected_version, actor=actor)
    return level


@transaction.atomic
def practice_level_remove(*, level: PracticeLevel, actor) -> None:
    """Remove an empty level from the practice profile (one with any description stays)."""
    require_area_write(actor, level.area)
    level = locked(PracticeLevel, level)
    if PracticeDescription.objects.filter(level=level).exclude(text="").exists():
        raise ValidationError("This level has descriptions in the practice profile. Clear them first if it must go.")
    if PracticeLevel.objects.filter(innovation_id=level.innovation_id).count() <= 2:
        raise ValidationError("A practice profile needs at least two levels.")
    _remove_with_descriptions(level, PracticeDescription.objects.filter(level=level), actor=actor)


def _remove_with_descriptions(record, descriptions, *, actor) -> None:
    """Remove a row or column of the practice profile and its descriptions, each into the history."""
    for description in descriptions:
        delete_with_history(description, actor=actor)
    delete_with_history(record, actor=actor)


@transaction.atomic
def practice_profile_row_save(
    *, function: EssentialFunction, actor, descriptions: dict[int, str], expected_version: int | None
) -> EssentialFunction:
    """Save one function's row of the practice profile: what it looks like at each level."""
    require_area_write(actor, function.area)
    function = locked(EssentialFunction, function)
    save_versioned(function, expected_version=expected_version, actor=actor, reason="Practice profile edited")
    levels = PracticeLevel.objects.filter(innovation_id=function.innovation_id)
    existing = {d.level_id: d for d in PracticeDescription.objects.filter(function=function)}
    for level in levels:
        text = descriptions.get(level.pk, "").strip()
        cell = existing.get(level.pk)
        if cell is None:
            if text:
                cell = PracticeDescription(
                    area=function.area, innovation_id=function.innovation_id, function=function, level=level, text=text
                )
                save_with_history(cell, actor=actor)
        elif cell.text != text:
            cell.text = text
            save_with_history(cell, actor=actor)
    return function


# --- Usability criteria --------------------------------------------------------------------------


@transaction.atomic
def usability_review_record(
    *,
    innovation: Innovation,
    actor,
    reviewed_on: date,
    judgements: dict[str, tuple[str, str]],
    participants: str = "",
) -> UsabilityReview:
    """Judge all four usable-innovation criteria (met, partly met, not met) with evidence."""
    require_area_write(actor, innovation.area)
    errors = {}
    if reviewed_on and reviewed_on > today():
        errors["reviewed_on"] = FUTURE_DATE
    for criterion in UsabilityCriterion.values:
        rating, evidence = judgements.get(criterion, ("", ""))
        if rating not in CriterionRating.values:
            errors[f"rating_{criterion}"] = "Judge this criterion: met, partly met or not met."
        if not (evidence or "").strip():
            errors[f"evidence_{criterion}"] = "Give the evidence for this judgement."
    raise_if_errors(errors)
    review = UsabilityReview(
        area=innovation.area,
        innovation=innovation,
        reviewed_on=reviewed_on,
        participants=participants.strip(),
        recorded_by=actor,
    )
    save_with_history(review, actor=actor)
    for criterion in UsabilityCriterion.values:
        rating, evidence = judgements[criterion]
        judgement = UsabilityJudgement(
            area=innovation.area,
            innovation=innovation,
            review=review,
            criterion=criterion,
            rating=rating,
            evidence=evidence.strip(),
        )
        save_with_history(judgement, actor=actor)
    return review
