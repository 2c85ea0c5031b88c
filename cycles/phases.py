"""The phase rules of a PDSA cycle, as pure functions over its values (no queries).

A cycle moves plan → do → study → act → closed. Each phase's fields must be filled in before the
cycle moves on, so a closed cycle always tells the whole story; a cycle may step back one phase
(keeping everything written so far) until it is closed, and a closed cycle never changes again.
"""

from __future__ import annotations

from collections.abc import Mapping

PLAN, DO, STUDY, ACT, CLOSED = "plan", "do", "study", "act", "closed"
ORDER = [PLAN, DO, STUDY, ACT, CLOSED]

# What a plan says, whatever the kind of cycle.
PLAN_DETAIL = [
    "objective",
    "questions",
    "predictions",
    "plan_who",
    "plan_what",
    "plan_where",
    "plan_when",
    "data_to_collect",
]
# The fields that belong to each phase: shown (and editable) once the cycle has reached that phase.
PHASE_FIELDS = {
    PLAN: [*PLAN_DETAIL, "success_criteria", "cohort_size"],
    DO: ["started_on", "ended_on", "what_happened", "observations"],
    STUDY: ["as_intended", "predictions_held", "results", "learning"],
    ACT: ["decision", "next_steps"],
}
# The fields each phase must have before the cycle leaves it: all of its own (Plan also says what the
# cycle tests, and only a usability test needs Plan's last two: see USABILITY_REQUIRED).
REQUIRED = {
    PLAN: ["title", "aim", "change_idea", *PLAN_DETAIL],
    **{phase: list(PHASE_FIELDS[phase]) for phase in (DO, STUDY, ACT)},
}
# A usability test also says how big each cohort is and what counts as success before it starts.
USABILITY_REQUIRED = {PLAN: ["success_criteria", "cohort_size"]}
USABILITY_ONLY = set(USABILITY_REQUIRED[PLAN])


def rank(phase: str) -> int:
    return ORDER.index(phase)


def next_phase(phase: str) -> str | None:
    position = rank(phase)
    return ORDER[position + 1] if position + 1 < len(ORDER) else None


def required_to_leave(phase: str, *, usability: bool = False) -> list[str]:
    """The fields that must be filled in before a cycle leaves `phase`."""
    fields = list(REQUIRED.get(phase, []))
    if usability:
        fields += USABILITY_REQUIRED.get(phase, [])
    return fields


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_to_leave(phase: str, values: Mapping, *, usability: bool = False) -> list[str]:
    """The fields still empty that stop a cycle leaving `phase` (in form order)."""
    return [name for name in required_to_leave(phase, usability=usability) if _blank(values.get(name))]


def missing_up_to(phase: str, values: Mapping, *, usability: bool = False) -> list[str]:
    """Every empty field a cycle in `phase` should already have (the phases before it)."""
    missing: list[str] = []
    for earlier in ORDER[: rank(phase)]:
        missing += missing_to_leave(earlier, values, usability=usability)
    return missing


def editable_fields(phase: str, *, usability: bool = False) -> list[str]:
    """The phase fields a cycle in `phase` may edit: its own phase's and every earlier phase's."""
    if phase == CLOSED:
        return []
    fields: list[str] = []
    for reached in ORDER[: rank(phase) + 1]:
        fields += [name for name in PHASE_FIELDS.get(reached, []) if usability or name not in USABILITY_ONLY]
    return fields


# What Study says about where a problem lies.
READINGS = {
    "worked": "The plan was carried out as intended and the results matched the predictions: the change worked here.",
    "innovation": "The plan was carried out as intended but the results fell short: that points to a problem "
    "with the change (the innovation) itself, not with how it was done.",
    "implementation": "The plan was not fully carried out as intended, so the results do not test the change "
    "fairly: that points to an implementation problem. Sort out what got in the way before judging the change.",
}


def reading_key(as_intended: str, predictions_held: str) -> str:
    """'implementation', 'innovation', 'worked', or '' while Study is incomplete."""
    if as_intended in ("no", "partly"):
        return "implementation"
    if as_intended == "yes" and predictions_held in ("no", "partly"):
        return "innovation"
    if as_intended == "yes" and predictions_held == "yes":
        return "worked"
    return ""


def reading(as_intended: str, predictions_held: str) -> str:
    return READINGS.get(reading_key(as_intended, predictions_held), "")
