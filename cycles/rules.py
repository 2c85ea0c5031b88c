"""The checks on cycles, usability iterations and feedback items, in one place.

Forms call them so each message appears at its field; services call them again so every caller is
held to the same rules. Each returns {field name: message}, empty when all is well; NON_FIELD_ERRORS
is for a problem with the record as a whole.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from core.dates import day_label

from . import phases
from .models import DATED_OUTCOMES, Cycle, CycleKind, FeedbackStatus

FUTURE = "This date is in the future. {what}"


def _future(day: date | None) -> bool:
    return day is not None and day > timezone.localdate()


def _check_span(errors: dict, start: tuple, end: tuple, *, backwards: str) -> None:
    """Both dates (each `(name, day, what to do instead)`) have happened; the end is not before the start."""
    (start_name, start_day, start_what), (end_name, end_day, end_what) = start, end
    if _future(start_day):
        errors[start_name] = FUTURE.format(what=start_what)
    if _future(end_day):
        errors[end_name] = FUTURE.format(what=end_what)
    elif start_day and end_day and end_day < start_day:
        errors[end_name] = backwards.format(start=day_label(start_day))


def field_label(name: str) -> str:
    """The label a cycle field has on the form (its verbose name, first letter capital)."""
    return str(Cycle._meta.get_field(name).verbose_name).capitalize()


def missing_message(phase: str) -> str:
    return f"Fill this in before the cycle moves on from {phase.capitalize()}."


def cycle_errors(*, area, cycle: Cycle | None, values: dict) -> dict[str, str]:
    """A cycle's links belong to its area; a ramp runs forward in time; dates have happened."""
    errors: dict[str, str] = {}
    existing = cycle if cycle is not None and cycle.pk else None
    kind = values.get("kind") or (existing.kind if existing else CycleKind.PDSA)
    innovation = values.get("innovation")
    if innovation is not None and innovation.area_id != area.pk:
        errors["innovation"] = f"Choose one of {area}'s innovations."
    elif innovation is None and kind == CycleKind.USABILITY:
        errors["innovation"] = "A usability test tests an innovation: choose which one."
    action = values.get("action")
    if action is not None and action.area_id != area.pk:
        errors["action"] = f"Choose one of {area}'s actions."
    gap = values.get("driver_gap")
    if gap is not None:
        if gap.area_id != area.pk:
            errors["driver_gap"] = f"Choose a gap from one of {area}'s drivers assessments."
        elif not gap.is_gap:
            errors["driver_gap"] = "That item is in place: choose an item scored not or partly in place."
    for measure in values.get("measures") or []:
        if measure.area_id != area.pk:
            errors["measures"] = f"Choose {area}'s own measures."
            break

    started_on, ended_on = values.get("started_on"), values.get("ended_on")
    _check_span(
        errors,
        ("started_on", started_on, "Record the start once the test has begun."),
        ("ended_on", ended_on, "Record the end once the test has finished."),
        backwards="The test cannot end before it started ({start}).",
    )

    follows = values.get("follows")
    if follows is not None:
        if follows.area_id != area.pk:
            errors["follows"] = f"Choose one of {area}'s cycles."
        elif existing and follows.pk == existing.pk:
            errors["follows"] = "A cycle cannot follow itself."
        elif existing and follows.pk > existing.pk:
            errors["follows"] = "A cycle follows an earlier cycle: that one was recorded after this one."
        # A ramp may branch (DOMAIN): several cycles may follow the same one.
        elif started_on and follows.started_on and started_on < follows.started_on:
            errors["started_on"] = (
                f"This cycle follows “{follows}”, which started on {day_label(follows.started_on)}; "
                "it cannot have started before then."
            )
    return errors


def phase_errors(*, phase: str, values: dict, usability: bool) -> dict[str, str]:
    """Every field the cycle must have before it leaves `phase`, with a message at each."""
    return {name: missing_message(phase) for name in phases.missing_to_leave(phase, values, usability=usability)}


def iteration_errors(*, cycle: Cycle, iteration, number, tested_from: date | None, tested_to: date | None) -> dict:
    """An iteration belongs to a usability test that is being carried out; its dates have happened."""
    errors: dict[str, str] = {}
    if not cycle.is_usability_test:
        errors[NON_FIELD_ERRORS] = "Only a usability test has iterations."
    elif cycle.is_closed:
        errors[NON_FIELD_ERRORS] = "This usability test is closed: its iterations can no longer change."
    elif phases.rank(cycle.phase) < phases.rank(phases.DO):
        errors[NON_FIELD_ERRORS] = "Record iterations once the test has moved to Do."
    if number is not None:
        clash = cycle.iterations.filter(number=number)
        if iteration is not None and iteration.pk:
            clash = clash.exclude(pk=iteration.pk)
        if clash.exists():
            errors["number"] = f"Iteration {number} is already recorded. Give the next number."
    _check_span(
        errors,
        ("tested_from", tested_from, "Record an iteration once it has begun."),
        ("tested_to", tested_to, "Record an iteration once it has finished."),
        backwards="An iteration cannot end before it began ({start}).",
    )
    return errors


def _check_sharing_back(errors: dict, status: str, shared_on: date | None) -> None:
    """DOMAIN: an item is resolved only once its answer has gone back to practice, on a date."""
    if "shared_with_practice_on" in errors:
        return
    if status == FeedbackStatus.RESOLVED and not shared_on:
        errors["shared_with_practice_on"] = (
            "A barrier is resolved once practice has heard what changed: give the date it was shared back, "
            "or choose “Change made, not yet shared back with practice”."
        )
    elif status == FeedbackStatus.CHANGED and shared_on:
        errors["status"] = (
            "The answer has been shared back with practice, so the barrier is resolved: "
            "choose “Resolved: change made and shared back with practice”."
        )


def feedback_errors(*, area, values: dict) -> dict[str, str]:
    """The loop's dates run forward and have happened; each status has what it needs."""
    errors: dict[str, str] = {}
    status = values.get("status") or FeedbackStatus.OPEN
    raised_on = values.get("raised_on")
    routed_to, routed_on = values.get("routed_to"), values.get("routed_on")
    response, responded_on = (values.get("response") or "").strip(), values.get("responded_on")
    shared_on, resolved_on = values.get("shared_with_practice_on"), values.get("resolved_on")

    def check_date(name: str, day: date | None, what: str, after: date | None, after_what: str) -> None:
        if day is None or name in errors:
            return
        if _future(day):
            errors[name] = FUTURE.format(what=what)
        elif after is not None and day < after:
            errors[name] = f"This cannot be before {after_what} ({day_label(after)})."

    check_date("raised_on", raised_on, "Record a barrier once it has been raised.", None, "")
    check_date("routed_on", routed_on, "Give the date it was routed.", raised_on, "the date it was raised")
    check_date(
        "responded_on", responded_on, "Give the date of the response.", routed_on or raised_on, "the date it was routed"
    )
    check_date(
        "shared_with_practice_on",
        shared_on,
        "Give the date it was shared.",
        responded_on,
        "the date of the response",
    )
    check_date(
        "resolved_on", resolved_on, "Give the date the change was made or it was closed.", raised_on, "the date raised"
    )

    if routed_on and not routed_to:
        errors["routed_to"] = "Say where the barrier was routed."
    if routed_to and not routed_on and "routed_on" not in errors:
        errors["routed_on"] = "Give the date the barrier was routed."
    if status in (FeedbackStatus.ROUTED, FeedbackStatus.RESPONDED) and not routed_to:
        errors["routed_to"] = "A routed barrier names the team or body it went to."
    if status == FeedbackStatus.RESPONDED:
        if not response:
            errors["response"] = "Give the response that came back."
        if not responded_on and "responded_on" not in errors:
            errors["responded_on"] = "Give the date of the response."
    if responded_on and not response and "response" not in errors:
        errors["response"] = "Give the response that came back on this date."
    if shared_on and not response and "response" not in errors:
        errors["response"] = "Give the response that was shared with practice."
    if status in DATED_OUTCOMES:
        if not resolved_on and "resolved_on" not in errors:
            errors["resolved_on"] = (
                "Give the date it was closed."
                if status == FeedbackStatus.CLOSED
                else "Give the date the change was made."
            )
        if not response and "response" not in errors:
            errors["response"] = (
                "Say why it was closed without a change."
                if status == FeedbackStatus.CLOSED
                else "Say what was decided and what changed."
            )
    elif resolved_on and "resolved_on" not in errors:
        errors["resolved_on"] = (
            "Only a barrier with a change made, or closed, has this date. Leave it empty, or change the status."
        )
    _check_sharing_back(errors, status, shared_on)
    cycle = values.get("cycle")
    if cycle is not None and cycle.area_id != area.pk:
        errors["cycle"] = f"Choose one of {area}'s cycles."
    return errors
