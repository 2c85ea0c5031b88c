"""Which measures count people: the one rule the report and the exports use.

CHANGE-NEEDED (measures/): a measure definition should record whether it counts people (a "counts
people" field set by whoever defines it, as shared/DOMAIN.md asks). Until it does, this is the
one place that decides, from what the definition already says.
"""

from __future__ import annotations

import re

# What a measure counts when it counts people, in the words definitions use (singular or plural).
PEOPLE_WORDS = (
    "child",
    "children",
    "family",
    "families",
    "referral",
    "referrals",
    "practitioner",
    "practitioners",
    "young person",
    "young people",
    "parent",
    "parents",
    "carer",
    "carers",
    "person",
    "people",
    "staff",
    "pupil",
    "pupils",
)
_PEOPLE = re.compile(r"\b(" + "|".join(re.escape(word) for word in PEOPLE_WORDS) + r")\b", re.IGNORECASE)


def counts_people(measure: dict) -> bool:
    """Whether every value of the measure counts people, so is protected beyond the area.

    A measure counts people when its unit (what a count counts: "families", "referrals"), its
    numerator or denominator (for a proportion), or failing those its name, names people: children,
    families, referrals, practitioners, young people, parents or carers (and persons, staff, pupils).
    Days, hours, meetings and scores count no one. `measure` holds the definition's fields:
    `unit`, `numerator_definition`, `denominator_definition`, `name`, `is_proportion`.
    """
    if measure.get("is_proportion") or measure.get("unit") == "%":
        words = " ".join(measure.get(key) or "" for key in ("numerator_definition", "denominator_definition", "name"))
        return bool(_PEOPLE.search(words))
    unit = measure.get("unit") or ""
    if unit:
        return bool(_PEOPLE.search(unit))
    return bool(_PEOPLE.search(measure.get("name") or ""))
