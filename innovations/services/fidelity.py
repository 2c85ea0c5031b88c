"""Writes for fidelity and scale-up: the instrument, practitioners, checks, figures per quarter and
slices of the system."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.quarters import Quarter
from core.services import raise_if_errors, require_area_write, save_with_history

from ..fidelity import check_score, meets_threshold
from ..models import (
    EssentialFunction,
    FidelityCheck,
    FidelityItem,
    FidelityResult,
    Innovation,
    ItemKind,
    Practitioner,
    QuarterlyFigures,
    SystemSlice,
)
from ..selectors import active_items
from .common import FUTURE_DATE, assign, last_order, locked, new_or_locked, today, whole_number

# --- Fidelity ------------------------------------------------------------------------------------


def _item_errors(innovation: Innovation, data: dict) -> dict:
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
    if data.get("retired_on") and data["retired_on"] > today():
        errors["retired_on"] = FUTURE_DATE
    return errors


@transaction.atomic
def fidelity_item_save(*, innovation: Innovation, actor, data: dict, item: FidelityItem | None = None) -> FidelityItem:
    """Add an item to the innovation's fidelity instrument, or change one."""
    require_area_write(actor, innovation.area)
    raise_if_errors(_item_errors(innovation, data))
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
    assign(item, data, ("function", "text", "kind", "max_score", "retired_on"))
    save_with_history(item, actor=actor, validate=True)
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
    errors = {}
    if not code:
        errors["code"] = "Give the practitioner's code, like DD-P01."
    else:
        clash = Practitioner.objects.filter(innovation=innovation, code=code)
        if practitioner is not None:
            clash = clash.exclude(pk=practitioner.pk)
        if clash.exists():
            errors["code"] = f"{code} is already used for {innovation}. Each practitioner has their own code."
    if system_slice is not None and system_slice.innovation_id != innovation.pk:
        errors["slice"] = "Choose one of this innovation's slices of the system."
    if left_on and left_on > today():
        errors["left_on"] = FUTURE_DATE
    raise_if_errors(errors)
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
    """Record a fidelity check: each item met / not met or scored; it meets fidelity when its score
    reaches the innovation's threshold."""
    require_area_write(actor, innovation.area)
    innovation = Innovation.objects.get(pk=innovation.pk)  # the threshold as stored now
    errors = {}
    if practitioner.innovation_id != innovation.pk:
        errors["practitioner"] = "Choose one of this innovation's practitioners."
    if not checked_on:
        errors["checked_on"] = "Give the date of the check."
    elif checked_on > today():
        errors["checked_on"] = "The check is dated in the future. Record it once it has taken place."
    elif practitioner.left_on and checked_on > practitioner.left_on:
        errors["checked_on"] = f"{practitioner} stopped using the innovation on {practitioner.left_on:%d %b %Y}."
    if not assessor.strip():
        errors["assessor"] = "Say who assessed: their role, or their name if they are staff."
    items = active_items(innovation)
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
    raise_if_errors(errors)
    score = check_score((int(results[i.pk]), i.points_available) for i in items)
    check = FidelityCheck(
        area=innovation.area,
        innovation=innovation,
        practitioner=practitioner,
        checked_on=checked_on,
        assessor=assessor.strip(),
        notes=notes.strip(),
        score_percent=score,
        threshold_percent=innovation.fidelity_threshold,
        meets_fidelity=meets_threshold(score, innovation.fidelity_threshold),
        recorded_by=actor,
    )
    save_with_history(check, actor=actor)
    for item in items:
        value = results[item.pk]
        result = FidelityResult(area=innovation.area, fidelity_check=check, item=item)
        if item.kind == ItemKind.SCORED:
            result.score = int(value)
        else:
            result.met = bool(value)
        save_with_history(result, actor=actor)
    return check


@transaction.atomic
def quarterly_figures_save(
    *,
    innovation: Innovation,
    actor,
    quarter: Quarter,
    intended: int,
    trained: int,
    notes: str = "",
    figures: QuarterlyFigures | None = None,
) -> QuarterlyFigures:
    """Record how many practitioners were intended to use the innovation, and trained, in a quarter."""
    require_area_write(actor, innovation.area)
    errors = {}
    if quarter.start > today():
        errors["quarter"] = "This quarter has not started yet."
    clash = QuarterlyFigures.objects.filter(innovation=innovation, quarter_start=quarter.start)
    if figures is not None:
        clash = clash.exclude(pk=figures.pk)
    if clash.exists():
        errors["quarter"] = f"Figures for {quarter} are already recorded. Change those instead."
    if intended is None or intended < 0:
        errors["practitioners_intended"] = "Give the number intended (0 or more)."
    if trained is None or trained < 0:
        errors["practitioners_trained"] = "Give the number trained (0 or more)."
    elif intended is not None and trained > intended:
        errors["practitioners_trained"] = (
            f"More practitioners trained ({trained}) than intended to use it ({intended}). "
            "Check both figures: trained counts only those intended."
        )
    raise_if_errors(errors)
    figures = new_or_locked(QuarterlyFigures, figures, area=innovation.area, innovation=innovation, recorded_by=actor)
    figures.quarter_start = quarter.start
    figures.practitioners_intended = intended
    figures.practitioners_trained = trained
    figures.notes = notes.strip()
    save_with_history(figures, actor=actor)
    return figures


SLICE_FIELDS = ("name", "kind", "started_on", "practitioners_intended", "practitioners_trained", "conditions_evidence")


@transaction.atomic
def slice_save(*, innovation: Innovation, actor, data: dict, system_slice: SystemSlice | None = None) -> SystemSlice:
    """Record a slice of the system. The first is the transformation zone; each slice after it needs
    the evidence that the conditions for expanding were met."""
    require_area_write(actor, innovation.area)
    existing = list(SystemSlice.objects.select_for_update().filter(innovation=innovation))  # by start date
    others = [s for s in existing if system_slice is None or s.pk != system_slice.pk]
    started_on = data.get("started_on")
    errors = {}
    if not data.get("name", "").strip():
        errors["name"] = "Give the slice a name, like the neighbourhood or school cluster."
    if started_on and started_on > today():
        errors["started_on"] = FUTURE_DATE
    intended, trained = data.get("practitioners_intended"), data.get("practitioners_trained")
    if intended is not None and trained is not None and trained > intended:
        errors["practitioners_trained"] = (
            f"More practitioners trained ({trained}) than intended to use it ({intended}). Check both figures."
        )
    is_zone = not existing or (system_slice is not None and existing[0].pk == system_slice.pk)
    if others and is_zone:
        after = others[0]
        if started_on and started_on > after.started_on:
            errors["started_on"] = (
                f"The transformation zone comes first, but {after} started on {after.started_on:%d %b %Y}."
            )
    elif others:
        zone = others[0]
        if started_on and started_on < zone.started_on:
            errors["started_on"] = (
                f"Further slices start on or after the transformation zone, {zone} ({zone.started_on:%d %b %Y})."
            )
        if not data.get("conditions_evidence", "").strip():
            errors["conditions_evidence"] = (
                "Give the evidence that the conditions for expanding beyond the transformation zone were met."
            )
    raise_if_errors(errors)
    system_slice = new_or_locked(
        SystemSlice, system_slice, area=innovation.area, innovation=innovation, recorded_by=actor
    )
    assign(system_slice, data, SLICE_FIELDS)
    reason = "Transformation zone" if is_zone and not others else ""
    save_with_history(system_slice, actor=actor, reason=reason, validate=True)
    return system_slice
