"""Writes for fidelity and scale-up: the instrument, practitioners, checks, slices of the system and
the dated figures of practitioners intended and trained."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import day_label
from core.locking import save_versioned
from core.services import raise_if_errors, require_area_write, save_with_history

from ..fidelity import check_score, meets_fidelity
from ..models import (
    EssentialFunction,
    FidelityCheck,
    FidelityItem,
    FidelityResult,
    Innovation,
    ItemKind,
    Practitioner,
    PractitionerFigures,
    SystemSlice,
)
from ..selectors import active_items
from .common import FUTURE_DATE, assign, last_order, locked, new_or_locked, today, whole_number

# --- Fidelity ------------------------------------------------------------------------------------


def item_errors(innovation: Innovation, data: dict) -> dict:
    """What is wrong with a fidelity item (the form runs this too, with the field checks)."""
    errors = {}
    if not data.get("text", "").strip():
        errors["text"] = "Say what the assessor looks for."
    function = data.get("function")
    if function is not None and function.innovation_id != innovation.pk:
        errors["function"] = "Choose one of this innovation's essential functions."
    if data.get("kind") == ItemKind.SCORED:
        max_score = data.get("max_score")
        if max_score is None or not 1 <= max_score <= 10:
            errors["max_score"] = "A scored item needs a highest score from 1 to 10."
    elif data.get("max_score") is not None:
        errors["max_score"] = "Only a scored item has a highest score. Leave this empty."
    if data.get("essential") and data.get("kind") == ItemKind.SCORED:
        errors["essential"] = (
            "Only an item marked met or not met can be essential: a scored item has no single point at which it "
            "is met. Mark it met or not met, or leave it not essential."
        )
    if data.get("retired_on") and data["retired_on"] > today():
        errors["retired_on"] = FUTURE_DATE
    return errors


@transaction.atomic
def fidelity_item_save(
    *,
    innovation: Innovation,
    actor,
    data: dict,
    item: FidelityItem | None = None,
    expected_version: int | None = None,
) -> FidelityItem:
    """Add an item to the innovation's fidelity instrument, or change one (as of `expected_version`)."""
    require_area_write(actor, innovation.area)
    raise_if_errors(item_errors(innovation, data))
    if item is None:
        last = last_order(FidelityItem.objects.filter(innovation=innovation))
        item = FidelityItem(area=innovation.area, innovation=innovation, order=last + 10)
    else:
        item = locked(FidelityItem, item)
        if item.kind != data.get("kind", item.kind) and item.results.exists():
            raise ValidationError(
                {
                    "kind": "Checks have already been marked on this item, so how it is marked stays. Retire it and "
                    "add a new item instead."
                }
            )
    assign(item, data, ("function", "text", "kind", "max_score", "essential", "retired_on"))
    if item.pk is None:
        save_with_history(item, actor=actor, validate=True, exclude=["version"])
    else:
        item.full_clean(exclude=["version"])
        save_versioned(item, expected_version=expected_version, actor=actor)
    return item


@transaction.atomic
def fidelity_items_from_functions(*, innovation: Innovation, actor) -> list[FidelityItem]:
    """Build the instrument from the essential functions: a met / not met item for each function
    that has none yet."""
    require_area_write(actor, innovation.area)
    covered = set(
        FidelityItem.objects.filter(innovation=innovation, function__isnull=False).values_list("function_id", flat=True)
    )
    last = last_order(FidelityItem.objects.filter(innovation=innovation))
    created = []
    for function in EssentialFunction.objects.filter(innovation=innovation).exclude(pk__in=covered):
        last += 10
        item = FidelityItem(
            area=innovation.area,
            innovation=innovation,
            function=function,
            text=f"{function.name}: practice as defined in the practice profile"[:300],
            kind=ItemKind.MET_NOT_MET,
            order=last,
        )
        save_with_history(item, actor=actor, reason="Built from the essential functions")
        created.append(item)
    return created


def practitioner_errors(innovation: Innovation, *, code: str, system_slice, left_on, practitioner=None) -> dict:
    """What is wrong with a practitioner's code, slice or leaving date (the form runs this too)."""
    errors = {}
    code = (code or "").strip().upper()
    if not code:
        errors["code"] = "Give the practitioner's code, like DD-P01."
    else:
        clash = Practitioner.objects.filter(innovation=innovation, code=code)
        if practitioner is not None and practitioner.pk is not None:
            clash = clash.exclude(pk=practitioner.pk)
        if clash.exists():
            errors["code"] = f"{code} is already used for {innovation}. Each practitioner has their own code."
    if system_slice is not None and system_slice.innovation_id != innovation.pk:
        errors["slice"] = "Choose one of this innovation's slices of the system."
    if left_on and left_on > today():
        errors["left_on"] = FUTURE_DATE
    return errors


@transaction.atomic
def practitioner_save(
    *,
    innovation: Innovation,
    actor,
    code: str,
    system_slice: SystemSlice | None = None,
    left_on: date | None = None,
    practitioner: Practitioner | None = None,
) -> Practitioner:
    """Add a practitioner (by code) to the innovation, or change their slice or leaving date."""
    require_area_write(actor, innovation.area)
    code = code.strip().upper()
    raise_if_errors(
        practitioner_errors(
            innovation, code=code, system_slice=system_slice, left_on=left_on, practitioner=practitioner
        )
    )
    practitioner = new_or_locked(Practitioner, practitioner, area=innovation.area, innovation=innovation)
    practitioner.code = code
    practitioner.slice = system_slice
    practitioner.left_on = left_on
    try:
        practitioner.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    save_with_history(practitioner, actor=actor)
    return practitioner


def check_errors(innovation: Innovation, *, practitioner, checked_on, assessor: str, results: dict, items) -> dict:
    """What is wrong with a fidelity check, every problem at once (the form runs this too, with what it has)."""
    errors = {}
    if practitioner is not None and practitioner.innovation_id != innovation.pk:
        errors["practitioner"] = "Choose one of this innovation's practitioners."
    if not checked_on:
        errors["checked_on"] = "Give the date of the check."
    elif checked_on > today():
        errors["checked_on"] = "The check is dated in the future. Record it once it has taken place."
    elif practitioner is not None and practitioner.left_on and checked_on > practitioner.left_on:
        errors["checked_on"] = f"{practitioner} stopped using the innovation on {day_label(practitioner.left_on)}."
    if not (assessor or "").strip():
        errors["assessor"] = "Say who assessed: their role, or their name if they are staff."
    if not items:
        errors["__all__"] = "The fidelity instrument has no items yet. Add items before recording checks."
    for item in items:
        value = results.get(item.pk)
        if item.kind == ItemKind.SCORED:
            score = whole_number(value)
            if score is None or not 0 <= score <= item.max_score:
                errors[f"item_{item.pk}"] = f"Score this item from 0 to {item.max_score}."
        elif value not in (True, False):
            errors[f"item_{item.pk}"] = "Mark this item met or not met."
    return errors


@transaction.atomic
def fidelity_check_record(
    *,
    innovation: Innovation,
    actor,
    practitioner: Practitioner,
    checked_on: date,
    assessor: str,
    results: dict[int, bool | int | None],
    notes: str = "",
) -> FidelityCheck:
    """Record a fidelity check: each item met / not met or scored; it meets fidelity when every
    essential item is met and its score reaches the innovation's threshold."""
    require_area_write(actor, innovation.area)
    innovation = Innovation.objects.get(pk=innovation.pk)  # the threshold as stored now
    items = active_items(innovation)
    raise_if_errors(
        check_errors(
            innovation,
            practitioner=practitioner,
            checked_on=checked_on,
            assessor=assessor,
            results=results,
            items=items,
        )
    )
    score = check_score((int(results[i.pk]), i.points_available) for i in items)
    missed = sum(1 for i in items if i.essential and results[i.pk] is not True)
    check = FidelityCheck(
        area=innovation.area,
        innovation=innovation,
        practitioner=practitioner,
        checked_on=checked_on,
        assessor=assessor.strip(),
        notes=notes.strip(),
        score_percent=score,
        threshold_percent=innovation.fidelity_threshold,
        essential_missed=missed,
        meets_fidelity=meets_fidelity(score, innovation.fidelity_threshold, essential_missed=missed),
        recorded_by=actor,
    )
    save_with_history(check, actor=actor)
    for item in items:
        value = results[item.pk]
        result = FidelityResult(area=innovation.area, fidelity_check=check, item=item, essential=item.essential)
        if item.kind == ItemKind.SCORED:
            result.score = int(value)
        else:
            result.met = bool(value)
        save_with_history(result, actor=actor)
    return check


def _count_errors(intended, trained) -> dict:
    errors = {}
    if intended is None or intended < 0:
        errors["practitioners_intended"] = "Give the number intended (0 or more)."
    if trained is None or trained < 0:
        errors["practitioners_trained"] = "Give the number trained (0 or more)."
    elif intended is not None and trained > intended:
        errors["practitioners_trained"] = (
            f"More practitioners trained ({trained}) than intended to use it ({intended}). "
            "Check both figures: trained counts only those intended."
        )
    return errors


FIGURE_FIELDS = ("effective_on", "practitioners_intended", "practitioners_trained", "notes")


def figures_errors(innovation: Innovation, data: dict, system_slice, figures) -> dict:
    """What is wrong with practitioner figures (the form runs this too, with the field checks)."""
    errors = _count_errors(data.get("practitioners_intended"), data.get("practitioners_trained"))
    effective_on = data.get("effective_on")
    if not effective_on:
        errors["effective_on"] = "Give the date these figures hold from."
    elif effective_on > today():
        errors["effective_on"] = FUTURE_DATE
    if system_slice is not None:
        if system_slice.innovation_id != innovation.pk:
            errors["slice"] = "Choose one of this innovation's slices of the system."
        elif effective_on and effective_on < system_slice.started_on:
            errors["effective_on"] = (
                f"{system_slice} started on {day_label(system_slice.started_on)}: its figures start then or later."
            )
    elif figures is None and SystemSlice.objects.filter(innovation=innovation).exists():
        errors["slice"] = (
            f"{innovation} is used in slices of the system, so its figures are the sum of its slices'. "
            "Choose the slice these figures are for."
        )
    if effective_on and "effective_on" not in errors:
        clash = PractitionerFigures.objects.filter(innovation=innovation, slice=system_slice, effective_on=effective_on)
        if figures is not None:
            clash = clash.exclude(pk=figures.pk)
        if clash.exists():
            where = f" for {system_slice}" if system_slice else ""
            errors["effective_on"] = (
                f"Figures from {day_label(effective_on)} are already recorded{where}. Change those instead."
            )
    return errors


@transaction.atomic
def practitioner_figures_save(
    *,
    innovation: Innovation,
    actor,
    data: dict,
    figures: PractitionerFigures | None = None,
    expected_version: int | None = None,
) -> PractitionerFigures:
    """Record how many practitioners are intended to use the innovation (or one of its slices), and
    trained, from a date on; they carry forward until the next figures. Or correct figures recorded."""
    require_area_write(actor, innovation.area)
    system_slice = figures.slice if figures is not None else data.get("slice")
    raise_if_errors(figures_errors(innovation, data, system_slice, figures))
    if figures is None:
        figures = PractitionerFigures(
            area=innovation.area, innovation=innovation, slice=system_slice, recorded_by=actor
        )
        assign(figures, data, FIGURE_FIELDS)
        save_with_history(figures, actor=actor, validate=True, exclude=["version"])
        return figures
    figures = locked(PractitionerFigures, figures)
    assign(figures, data, FIGURE_FIELDS)
    figures.full_clean(exclude=["version"])
    save_versioned(figures, expected_version=expected_version, actor=actor)
    return figures


SLICE_FIELDS = ("name", "kind", "started_on", "conditions_evidence")


def slice_errors(data: dict, *, system_slice: SystemSlice | None, existing: list[SystemSlice] | None) -> dict:
    """What is wrong with a slice of the system, every problem at once (the form runs this too).

    `existing` are the innovation's slices by start date; None when they are not known (a new
    slice whose innovation the form was not told), which leaves out the rules about the zone."""
    others = [s for s in existing or [] if system_slice is None or s.pk != system_slice.pk]
    started_on = data.get("started_on")
    errors = {}
    if not data.get("name", "").strip():
        errors["name"] = "Give the slice a name, like the neighbourhood or school cluster."
    if started_on and started_on > today():
        errors["started_on"] = FUTURE_DATE
    if system_slice is None:
        errors.update(_count_errors(data.get("practitioners_intended"), data.get("practitioners_trained")))
    else:
        first = PractitionerFigures.objects.filter(slice=system_slice).order_by("effective_on").first()
        if started_on and first is not None and started_on > first.effective_on:
            errors["started_on"] = (
                f"This slice has figures from {day_label(first.effective_on)}, so it started then at the latest."
            )
    is_zone = not existing or (system_slice is not None and existing[0].pk == system_slice.pk)
    if existing is None:
        return errors
    if others and is_zone:
        after = others[0]
        if started_on and started_on > after.started_on:
            errors["started_on"] = (
                f"The transformation zone comes first, but {after} started on {day_label(after.started_on)}."
            )
    elif others:
        zone = others[0]
        if started_on and started_on < zone.started_on:
            errors["started_on"] = (
                f"Further slices start on or after the transformation zone, {zone} ({day_label(zone.started_on)})."
            )
        if not data.get("conditions_evidence", "").strip():
            errors["conditions_evidence"] = (
                "Give the evidence that the conditions for expanding beyond the transformation zone were met."
            )
    return errors


@transaction.atomic
def slice_save(
    *,
    innovation: Innovation,
    actor,
    data: dict,
    system_slice: SystemSlice | None = None,
    expected_version: int | None = None,
) -> SystemSlice:
    """Record a slice of the system with its first figures (practitioners intended and trained from its
    start), or change one. The first is the transformation zone; each slice after it needs the evidence
    that the conditions for expanding were met."""
    require_area_write(actor, innovation.area)
    existing = list(SystemSlice.objects.select_for_update().filter(innovation=innovation))  # by start date
    raise_if_errors(slice_errors(data, system_slice=system_slice, existing=existing))
    if system_slice is not None:
        system_slice = locked(SystemSlice, system_slice)
        assign(system_slice, data, SLICE_FIELDS)
        system_slice.full_clean(exclude=["version"])
        save_versioned(system_slice, expected_version=expected_version, actor=actor)
        return system_slice
    system_slice = SystemSlice(area=innovation.area, innovation=innovation, recorded_by=actor)
    assign(system_slice, data, SLICE_FIELDS)
    reason = "" if existing else "Transformation zone"
    save_with_history(system_slice, actor=actor, reason=reason, validate=True, exclude=["version"])
    first = PractitionerFigures(
        area=innovation.area,
        innovation=innovation,
        slice=system_slice,
        effective_on=system_slice.started_on,
        practitioners_intended=data["practitioners_intended"],
        practitioners_trained=data["practitioners_trained"],
        notes="Figures when the slice started.",
        recorded_by=actor,
    )
    save_with_history(first, actor=actor, validate=True, exclude=["version"])
    return system_slice
