"""Writes for cycles, usability iterations and feedback items.

Each is keyword-only and atomic, re-checks the actor's rights through the access policy, applies the
rules in `cycles.rules` and `cycles.phases` (so every caller gets the same checks as the forms) and
records the actor and a reason in the history.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import save_versioned
from core.services import delete_with_history, raise_if_errors, require_area_write, save_with_history

from . import phases, rules
from .models import (
    FEEDBACK_FIELDS,
    ITERATION_FIELDS,
    Cycle,
    CycleKind,
    CycleMeasure,
    FeedbackItem,
    Phase,
    UsabilityIteration,
)

# Fields set when a cycle is created and editable until it is closed.
CYCLE_FIELDS = ("kind", "title", "innovation", "aim", "change_idea", "follows", "driver_gap", "action")
CLOSED_MESSAGE = "This cycle is closed: a closed cycle is kept as it was and cannot change."
NEEDS_ITERATION = "Record at least one iteration of the usability test before it moves on from Do."


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _require_open(cycle: Cycle) -> None:
    if cycle.is_closed:
        raise ValidationError(CLOSED_MESSAGE)


def _set_measures(cycle: Cycle, measures, actor) -> None:
    """Link exactly `measures`, recording each link made or removed in the history."""
    wanted = {measure.pk: measure for measure in measures}
    current = {link.measure_id: link for link in cycle.measure_links.all()}
    for measure_id, link in current.items():
        if measure_id not in wanted:
            delete_with_history(link, actor=actor)
    for measure_id, measure in wanted.items():
        if measure_id not in current:
            save_with_history(CycleMeasure(area_id=cycle.area_id, cycle=cycle, measure=measure), actor=actor)


def _leave_errors(cycle: Cycle, values: dict, *, iterations: bool = True) -> dict:
    """What stops the cycle leaving its phase, given `values` (the stored ones where not given).
    `iterations=False` for a cycle not yet saved (it has none, and is in Plan anyway)."""
    merged = {name: getattr(cycle, name) for name in phases.REQUIRED[phases.PLAN] + phases.PHASE_FIELDS[phases.PLAN]}
    for phase in (phases.DO, phases.STUDY, phases.ACT):
        merged.update({name: getattr(cycle, name) for name in phases.PHASE_FIELDS[phase]})
    merged.update(values)
    usability = merged.get("kind", cycle.kind) == CycleKind.USABILITY
    errors = rules.phase_errors(phase=cycle.phase, values=merged, usability=usability)
    if iterations and usability and cycle.phase == Phase.DO and not cycle.iterations.exists():
        errors[NON_FIELD_ERRORS] = NEEDS_ITERATION
    return errors


def _move_on(cycle: Cycle, on: date | None = None) -> str:
    """Put the cycle in its next phase on `on` (today if not given); returns the history reason."""
    on = on or timezone.localdate()
    cycle.phase = phases.next_phase(cycle.phase)
    cycle.phase_changed_on = on
    if cycle.phase == Phase.CLOSED:
        cycle.closed_on = on
        return f"Closed: {cycle.get_decision_display().lower()}"
    return f"Moved to {cycle.get_phase_display()}"


def _moved_on_errors(cycle: Cycle, moved_on: date | None) -> dict:
    """A move recorded on an earlier day (records of past work): not in the future, and a close not
    before the test ended."""
    if moved_on is None:
        return {}
    what = "closed_on" if cycle.phase == Phase.ACT else "moved_on"
    if moved_on > timezone.localdate():
        return {what: rules.FUTURE.format(what="Record the move once it has happened.")}
    if cycle.phase == Phase.ACT and cycle.ended_on and moved_on < cycle.ended_on:
        return {"closed_on": "A cycle closes after its test has ended."}
    return {}


@transaction.atomic
def cycle_create(*, area, actor, data: dict, advance: bool = False) -> Cycle:
    """Record a new cycle in Plan, with what it tests and the measures that will show the change.

    With `advance`, the plan must be complete and the cycle moves straight to Do in the same save
    (ValidationError at each missing field otherwise, and nothing is saved).
    """
    require_area_write(actor, area)
    values = {name: _strip(data.get(name)) for name in CYCLE_FIELDS if name in data}
    values.setdefault("kind", CycleKind.PDSA)
    plan_fields = phases.editable_fields(Phase.PLAN, usability=values["kind"] == CycleKind.USABILITY)
    values.update({name: _strip(data[name]) for name in plan_fields if name in data})
    measures = list(data.get("measures") or [])
    raise_if_errors(rules.cycle_errors(area=area, cycle=None, values={**values, "measures": measures}))
    cycle = Cycle(area=area, created_by=actor, updated_by=actor, **{k: v for k, v in values.items() if v is not None})
    if advance:
        raise_if_errors(_leave_errors(cycle, {}, iterations=False))
    save_with_history(cycle, actor=actor, reason="Cycle planned", validate=True, exclude=["version"])
    _set_measures(cycle, measures, actor)
    if advance:
        reason = _move_on(cycle)
        save_versioned(cycle, expected_version=cycle.version, actor=actor, reason=reason)
    return cycle


@transaction.atomic
def cycle_update(*, cycle: Cycle, actor, expected_version: int, data: dict, advance: bool = False) -> Cycle:
    """Change what a cycle says (the phases it has reached), optionally moving it on in the same save.

    Raises StaleEdit if someone saved in between, ValidationError for a closed cycle, a broken rule,
    or (with `advance`) a field the phase still needs — in which case nothing is saved.
    """
    cycle = Cycle.objects.select_related("area").get(pk=cycle.pk)
    require_area_write(actor, cycle.area)
    _require_open(cycle)
    kind = data.get("kind", cycle.kind) if cycle.phase == Phase.PLAN else cycle.kind
    names = [n for n in CYCLE_FIELDS if n != "kind"] + phases.editable_fields(
        cycle.phase, usability=kind == CycleKind.USABILITY
    )
    values = {name: _strip(data.get(name, getattr(cycle, name))) for name in names}
    values["kind"] = kind
    measures = data.get("measures")
    errors = rules.cycle_errors(
        area=cycle.area, cycle=cycle, values={**values, "measures": measures if measures is not None else []}
    )
    if kind == CycleKind.PDSA and cycle.kind == CycleKind.USABILITY and cycle.iterations.exists():
        errors["kind"] = "This usability test has iterations recorded, so it stays a usability test."
    if advance:
        errors = {**_leave_errors(cycle, values), **errors}
    raise_if_errors(errors)
    for name, value in values.items():
        if value is None and isinstance(getattr(cycle, name), str):
            value = ""
        setattr(cycle, name, value)
    if kind == CycleKind.PDSA:
        cycle.success_criteria, cycle.cohort_size = "", None
    reason = _move_on(cycle) if advance else ""
    cycle.updated_by = actor
    cycle.full_clean(exclude=["version"])
    save_versioned(cycle, expected_version=expected_version, actor=actor, reason=reason)
    if measures is not None:
        _set_measures(cycle, measures, actor)
    return cycle


@transaction.atomic
def cycle_advance(
    *,
    cycle: Cycle,
    actor,
    expected_version: int | None = None,
    closed_on: date | None = None,
    moved_on: date | None = None,
) -> Cycle:
    """Move a cycle on to its next phase once its current phase is filled in (closing it after Act).

    `moved_on` records a move made on an earlier day (today if not given); `closed_on` is the same
    for closing a cycle in Act.
    """
    cycle = Cycle.objects.select_related("area").get(pk=cycle.pk)
    require_area_write(actor, cycle.area)
    _require_open(cycle)
    errors = _leave_errors(cycle, {})
    if closed_on is not None and cycle.phase != Phase.ACT:
        errors[NON_FIELD_ERRORS] = "Only a cycle in Act is closed."
    else:
        errors.update(_moved_on_errors(cycle, closed_on or moved_on))
    raise_if_errors(errors)
    version = cycle.version if expected_version is None else expected_version
    reason = _move_on(cycle, closed_on or moved_on)
    cycle.updated_by = actor
    cycle.full_clean(exclude=["version"])
    save_versioned(cycle, expected_version=version, actor=actor, reason=reason)
    return cycle


@transaction.atomic
def cycle_step_back(*, cycle: Cycle, actor, reason: str = "", expected_version: int | None = None) -> Cycle:
    """Take a cycle back one phase (everything written is kept); a closed cycle never goes back."""
    cycle = Cycle.objects.select_related("area").get(pk=cycle.pk)
    require_area_write(actor, cycle.area)
    _require_open(cycle)
    if cycle.phase == Phase.PLAN:
        raise ValidationError("The cycle is in Plan, its first phase: there is no phase before it.")
    version = cycle.version if expected_version is None else expected_version
    cycle.phase = cycle.previous_phase
    cycle.phase_changed_on = timezone.localdate()
    cycle.updated_by = actor
    note = f"Stepped back to {cycle.get_phase_display()}"
    save_versioned(cycle, expected_version=version, actor=actor, reason=f"{note}: {reason.strip()}" if reason else note)
    return cycle


# --- Usability iterations ----------------------------------------------------------------------


@transaction.atomic
def iteration_save(
    *,
    cycle: Cycle,
    actor,
    data: dict,
    iteration: UsabilityIteration | None = None,
    expected_version: int | None = None,
):
    """Record (or correct) one iteration of a usability test that is under way.

    A correction is saved only if nobody else saved the iteration since `expected_version` (the
    version the person opened; the stored one when not given): StaleEdit otherwise.
    """
    cycle = Cycle.objects.select_related("area").get(pk=cycle.pk)
    require_area_write(actor, cycle.area)
    values = {name: _strip(data.get(name, getattr(iteration, name, None))) for name in ITERATION_FIELDS}
    raise_if_errors(
        rules.iteration_errors(
            cycle=cycle,
            iteration=iteration,
            number=values["number"],
            tested_from=values["tested_from"],
            tested_to=values["tested_to"],
        )
    )
    if iteration is None:
        iteration = UsabilityIteration(area=cycle.area, cycle=cycle, recorded_by=actor)
        reason = "Iteration recorded"
    else:
        reason = "Iteration corrected"
    for name, value in values.items():
        setattr(iteration, name, "" if value is None and name == "changes" else value)
    if iteration.pk is None:
        save_with_history(iteration, actor=actor, reason=reason, validate=True, exclude=["version"])
    else:
        iteration.full_clean(exclude=["version"])
        version = iteration.version if expected_version is None else expected_version
        save_versioned(iteration, expected_version=version, actor=actor, reason=reason)
    return iteration


def next_iteration_number(cycle: Cycle) -> int:
    """The number the next iteration of this usability test takes."""
    last = cycle.iterations.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


# --- The feedback loop ---------------------------------------------------------------------------


def _feedback_values(data: dict, item: FeedbackItem | None = None) -> dict:
    values = {name: _strip(data.get(name, getattr(item, name, None))) for name in FEEDBACK_FIELDS}
    for name in ("title", "description", "routed_to", "response"):
        values[name] = values[name] or ""
    values["status"] = values["status"] or "open"
    return values


@transaction.atomic
def feedback_create(*, area, actor, data: dict) -> FeedbackItem:
    """Record a barrier raised from practice, and anything already known about where it went."""
    require_area_write(actor, area)
    values = _feedback_values(data)
    raise_if_errors(rules.feedback_errors(area=area, values=values))
    item = FeedbackItem(area=area, created_by=actor, updated_by=actor, **values)
    save_with_history(item, actor=actor, reason="Barrier raised", validate=True, exclude=["version"])
    return item


@transaction.atomic
def feedback_update(*, item: FeedbackItem, actor, expected_version: int, data: dict) -> FeedbackItem:
    """Route a barrier, record the response and close the loop; raises StaleEdit on a clash."""
    item = FeedbackItem.objects.select_related("area").get(pk=item.pk)
    require_area_write(actor, item.area)
    values = _feedback_values(data, item)
    raise_if_errors(rules.feedback_errors(area=item.area, values=values))
    changed_status = values["status"] != item.status
    for name, value in values.items():
        setattr(item, name, value)
    item.updated_by = actor
    item.full_clean(exclude=["version"])
    reason = f"Status: {item.get_status_display().lower()}" if changed_status else ""
    save_versioned(item, expected_version=expected_version, actor=actor, reason=reason)
    return item
