"""Usable innovations: the area's register of innovations, their description, essential functions and
practice profile, the usability criteria judged over time, the Hexagon Tool for exploration, and
fidelity and scale-up.

Every model carries its own `area` key, even where a parent already names the area, so every query
can start from the area. Practitioners are pseudonymous codes the area assigns: nothing here is ever
about a child or family.
"""

from .exploration import (
    CURRENT_HEXAGON_VERSION,
    Exploration,
    ExplorationDecision,
    HexagonAssessment,
    HexagonIndicator,
    HexagonRating,
    HexagonVersion,
    IndicatorGroup,
)
from .fidelity import (
    FidelityCheck,
    FidelityItem,
    FidelityResult,
    ItemKind,
    Practitioner,
    PractitionerFigures,
    SliceKind,
    SystemSlice,
)
from .register import (
    CRITERION_HELP,
    DEFAULT_PRACTICE_LEVELS,
    STATUSES_NEEDING_REASON,
    CriterionRating,
    EssentialFunction,
    Innovation,
    InnovationStatus,
    Origin,
    PracticeDescription,
    PracticeLevel,
    UsabilityCriterion,
    UsabilityJudgement,
    UsabilityReview,
)

__all__ = [
    "CRITERION_HELP",
    "CURRENT_HEXAGON_VERSION",
    "DEFAULT_PRACTICE_LEVELS",
    "STATUSES_NEEDING_REASON",
    "CriterionRating",
    "EssentialFunction",
    "Exploration",
    "ExplorationDecision",
    "FidelityCheck",
    "FidelityItem",
    "FidelityResult",
    "HexagonAssessment",
    "HexagonIndicator",
    "HexagonRating",
    "HexagonVersion",
    "IndicatorGroup",
    "Innovation",
    "InnovationStatus",
    "ItemKind",
    "Origin",
    "PracticeDescription",
    "PracticeLevel",
    "Practitioner",
    "PractitionerFigures",
    "SliceKind",
    "SystemSlice",
    "UsabilityCriterion",
    "UsabilityJudgement",
    "UsabilityReview",
]
