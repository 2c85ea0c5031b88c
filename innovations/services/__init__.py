"""Writes for usable innovations. Each is keyword-only and atomic, re-checks the actor's rights
through the access policy, and names the actor for the history.

Validation errors name the form field they belong to, so views put them where the user looks.
"""

from .explorations import exploration_decide, exploration_save, hexagon_assessment_record
from .fidelity import (
    fidelity_check_record,
    fidelity_item_save,
    fidelity_items_from_functions,
    practitioner_figures_save,
    practitioner_save,
    slice_save,
)
from .register import (
    essential_function_move,
    essential_function_remove,
    essential_function_save,
    innovation_create,
    innovation_describe,
    innovation_status_change,
    innovation_update,
    practice_level_remove,
    practice_level_save,
    practice_profile_row_save,
    usability_review_record,
)

__all__ = [
    "essential_function_move",
    "essential_function_remove",
    "essential_function_save",
    "exploration_decide",
    "exploration_save",
    "fidelity_check_record",
    "fidelity_item_save",
    "fidelity_items_from_functions",
    "hexagon_assessment_record",
    "innovation_create",
    "innovation_describe",
    "innovation_status_change",
    "innovation_update",
    "practice_level_remove",
    "practice_level_save",
    "practice_profile_row_save",
    "practitioner_figures_save",
    "practitioner_save",
    "slice_save",
    "usability_review_record",
]
