"""Writes for exploration: a need, candidates assessed on the Hexagon Tool, and the decision."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.dates import day_label
from core.locking import save_versioned
from core.services import raise_if_errors, require_area_write, save_with_history

from ..models import (
    Exploration,
    ExplorationDecision,
    HexagonAssessment,
    HexagonRating,
    Innovation,
    InnovationStatus,
)
from ..selectors import indicators_for
from .common import FUTURE_DATE, future_errors, locked, today, whole_number
from .register import set_status

# --- Explorations and the Hexagon Tool -----------------------------------------------------------

EXPLORATION_FIELDS = ("need", "need_evidence", "started_on", "tool_version")


def exploration_errors(data: dict, exploration: Exploration | None = None) -> dict:
    """What is wrong with an exploration's details (the form runs this too, with the field checks)."""
    errors = future_errors(started_on=data.get("started_on"))
    if exploration is not None and exploration.pk is not None:
        changes_version = data.get("tool_version", exploration.tool_version) != exploration.tool_version
        if changes_version and exploration.assessments.exists():
            errors["tool_version"] = (
                "Candidates have already been assessed with this version, so it stays. "
                "Start a new exploration to use another version."
            )
    return errors


def exploration_save(
    *, area, actor, data: dict, exploration: Exploration | None = None, expected_version: int | None = None
) -> Exploration:
    """Start an exploration of a need, or change its details."""
    require_area_write(actor, area)
    with transaction.atomic():
        if exploration is not None:
            if exploration.area_id != area.pk:
                raise PermissionDenied
            exploration = locked(Exploration, exploration)
        raise_if_errors(exploration_errors(data, exploration))
        if exploration is None:
            exploration = Exploration(area=area, recorded_by=actor)
        for name in EXPLORATION_FIELDS:
            if name in data:
                setattr(exploration, name, data[name].strip() if isinstance(data[name], str) else data[name])
        exploration.full_clean(exclude=["version"])
        if exploration.pk is None:
            save_with_history(exploration, actor=actor, reason="Exploration started")
        else:
            save_versioned(exploration, expected_version=expected_version, actor=actor)
    return exploration


@transaction.atomic
def hexagon_assessment_record(
    *,
    exploration: Exploration,
    actor,
    innovation: Innovation,
    assessed_on: date,
    participants: str,
    ratings: dict[int, tuple[int | None, str, str]],
    notes: str = "",
) -> HexagonAssessment:
    """Rate a candidate on every indicator of the exploration's Hexagon Tool version (1 low – 5 high)."""
    require_area_write(actor, exploration.area)
    if innovation.area_id != exploration.area_id:
        raise PermissionDenied
    errors = {}
    if assessed_on and assessed_on > today():
        errors["assessed_on"] = FUTURE_DATE
    if not participants.strip():
        errors["participants"] = "Say who took part: roles and numbers."
    indicators = indicators_for(exploration.tool_version)
    for indicator in indicators:
        rating, rationale, _evidence = ratings.get(indicator.pk, (None, "", ""))
        rating = whole_number(rating)
        if rating is None or not 1 <= rating <= 5:
            errors[f"rating_{indicator.pk}"] = "Rate this indicator from 1 (low) to 5 (high)."
        if not (rationale or "").strip():
            errors[f"rationale_{indicator.pk}"] = "Give the rationale for this rating."
    raise_if_errors(errors)
    assessment = HexagonAssessment(
        area=exploration.area,
        exploration=exploration,
        innovation=innovation,
        tool_version=exploration.tool_version,
        assessed_on=assessed_on,
        participants=participants.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    save_with_history(assessment, actor=actor)
    for indicator in indicators:
        rating, rationale, evidence = ratings[indicator.pk]
        save_with_history(
            HexagonRating(
                area=exploration.area,
                assessment=assessment,
                indicator=indicator,
                rating=int(rating),
                rationale=rationale.strip(),
                evidence=(evidence or "").strip(),
            ),
            actor=actor,
        )
    return assessment


def _candidates(exploration: Exploration) -> dict:
    """The innovations assessed in the exploration, by id."""
    return {a.innovation_id: a.innovation for a in exploration.assessments.select_related("innovation").order_by()}


def decision_errors(exploration: Exploration, *, decision, decided_on, rationale: str, chosen) -> dict:
    """What stops the decision being recorded, every problem at once (the form runs this too)."""
    candidates = _candidates(exploration)
    errors = {}
    if decision not in ExplorationDecision.values:
        errors["decision"] = "Choose proceed, do not proceed or revisit."
    if not decided_on:
        errors["decided_on"] = "Give the date of the decision."
    elif decided_on > today():
        errors["decided_on"] = FUTURE_DATE
    elif decided_on < exploration.started_on:
        errors["decided_on"] = f"The exploration started on {day_label(exploration.started_on)}; decide after that."
    if not rationale.strip():
        errors["decision_rationale"] = "Say why: what the comparison showed."
    if decision == ExplorationDecision.PROCEED:
        if chosen is None:
            errors["chosen"] = "Choose the candidate to proceed with."
        elif chosen.pk not in candidates:
            errors["chosen"] = "Choose one of the candidates assessed in this exploration."
    elif chosen is not None:
        errors["chosen"] = "Only a decision to proceed chooses a candidate. Leave this empty."
    if not candidates and decision != ExplorationDecision.REVISIT:
        errors["decision"] = "Assess at least one candidate on the Hexagon Tool before deciding."
    return errors


@transaction.atomic
def exploration_decide(
    *,
    exploration: Exploration,
    actor,
    decision: str,
    decided_on: date,
    rationale: str,
    chosen: Innovation | None = None,
) -> Exploration:
    """Record the decision: proceed (with the chosen candidate), do not proceed, or revisit.

    Proceeding selects the chosen candidate and marks the other candidates still being explored as
    not selected; not proceeding marks them all not selected. Revisiting changes no status.
    """
    require_area_write(actor, exploration.area)
    exploration = locked(Exploration, exploration)
    candidates = _candidates(exploration)
    raise_if_errors(
        decision_errors(exploration, decision=decision, decided_on=decided_on, rationale=rationale, chosen=chosen)
    )
    exploration.decision = decision
    exploration.decided_on = decided_on
    exploration.decision_rationale = rationale.strip()
    exploration.chosen = chosen
    exploration.decided_by = actor
    exploration.version += 1  # the decision changes the record under anyone's open edit form
    save_with_history(exploration, actor=actor, reason=f"Decision: {ExplorationDecision(decision).label}")
    if decision == ExplorationDecision.REVISIT:
        return exploration
    for candidate in Innovation.objects.select_for_update().filter(pk__in=list(candidates)):
        if candidate.status != InnovationStatus.EXPLORING:
            continue
        if chosen is not None and candidate.pk == chosen.pk:
            reason = f"Chosen in the exploration of “{exploration.need}”."
            set_status(candidate, actor=actor, status=InnovationStatus.SELECTED, changed_on=decided_on, reason=reason)
        else:
            reason = f"Not chosen in the exploration of “{exploration.need}”: {rationale.strip()}"
            set_status(
                candidate, actor=actor, status=InnovationStatus.NOT_SELECTED, changed_on=decided_on, reason=reason
            )
    return exploration
