"""The usable-innovation judgement, as a pure calculation (no Django here).

An innovation is usable when its latest judgement on each of the four criteria is "met"; a criterion
never judged counts as not yet met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The four criteria, in the framework's order; labels live in innovations.models.UsabilityCriterion.
CRITERIA = ("clear_description", "essential_functions", "operational_definitions", "fidelity_assessment")
MET = "met"


@dataclass(frozen=True)
class Judgement:
    criterion: str
    rating: str  # "met", "partly_met" or "not_met"
    evidence: str
    judged_on: date


@dataclass(frozen=True)
class UsabilityVerdict:
    latest: dict[str, Judgement | None]

    @property
    def met(self) -> list[str]:
        return [c for c in CRITERIA if self.latest.get(c) and self.latest[c].rating == MET]

    @property
    def not_met(self) -> list[str]:
        """Criteria not (yet) met: partly met, not met, or never judged, in the framework's order."""
        return [c for c in CRITERIA if c not in self.met]

    @property
    def met_count(self) -> int:
        return len(self.met)

    @property
    def usable(self) -> bool:
        return not self.not_met

    @property
    def judged(self) -> bool:
        return any(self.latest.get(c) for c in CRITERIA)


def verdict(judgements: list[Judgement]) -> UsabilityVerdict:
    """The latest judgement on each criterion decides; judgements may come in any order.

    Judgements made on the same day keep the order given (the later one wins).
    """
    latest: dict[str, Judgement | None] = dict.fromkeys(CRITERIA)
    for judgement in judgements:
        held = latest.get(judgement.criterion)
        if held is None or judgement.judged_on >= held.judged_on:
            latest[judgement.criterion] = judgement
    return UsabilityVerdict(latest=latest)
