"""Demo measures for the three programme areas: 30 months of monthly data each, with patterns that
really do (or do not) give signals — a shift after a change, a trend, and noise only.

Values come from a seeded random generator, so the same figures appear on every run; only the
dates follow today, so the demo always looks current. Every record is written through the services,
as the area's demo lead (CELCIS for the programme-wide definition), so history shows who did what.
"""

import random
from datetime import date
from typing import NamedTuple

from django.utils import timezone

from areas.models import LocalArea, User

from . import periods, services
from .models import Measure, MeasureValue, SharedMeasure
from .validation import ValueEntry

MONTHS = 30
BASELINE = 12

SHARED = {
    "name": "Demo: Families offered early help within two weeks of a wellbeing concern",
    "measure_type": "outcome",
    "definition": "Demo: of the families whose wellbeing concern was logged in the month, those offered early "
    "help (a named worker and a first meeting) within 14 days. Counted from the area's case recording system; "
    "aggregate numbers only.",
    "is_proportion": True,
    "counts_people": True,
    "numerator_definition": "Families offered early help within 14 days of the concern being logged.",
    "denominator_definition": "Families with a wellbeing concern logged in the month.",
    "unit": "",
    "frequency": "monthly",
    "direction": "increase",
}


class Plan(NamedTuple):
    """One demo measure. `variant` picks the random seed: each was chosen (and
    tests/measures/test_demo.py checks) so that the pattern really gives — or, for noise, really does
    not give — signals by measures.analysis."""

    name: str
    measure_type: str
    unit: str
    direction: str
    pattern: str  # shift, trend or noise
    centre: float
    spread: float
    proportion: bool = False
    variant: int = 0
    count: bool = False  # a count of things (its unit says what): whole numbers only
    people: bool = False  # every value counts people (families): protected beyond the area


LOCAL = {
    "dundee": [
        Plan(
            "Demo: Wellbeing concerns discussed at the weekly huddle",
            "process",
            "concerns",
            "increase",
            "shift",
            18,
            2.5,
            count=True,
        ),
        Plan("Demo: Days from a concern to first contact", "outcome", "days", "decrease", "trend", 24, 1.6),
        Plan(
            "Demo: Practitioner hours a week spent on recording",
            "balancing",
            "hours",
            "decrease",
            "noise",
            11,
            1.2,
            variant=1,
        ),
    ],
    "inverclyde": [
        Plan(
            "Demo: Team around the child meetings held", "process", "meetings", "increase", "shift", 9, 1.5, count=True
        ),
        Plan(
            "Demo: Families re-referred within six months",
            "outcome",
            "",
            "decrease",
            "trend",
            0.32,
            0.04,
            True,
            1,
            people=True,
        ),
        Plan("Demo: Staff sickness absence days", "balancing", "days", "decrease", "noise", 40, 5, variant=1),
    ],
    "perth-and-kinross": [
        Plan(
            "Demo: Families completing the parenting programme",
            "outcome",
            "families",
            "increase",
            "trend",
            6,
            1.2,
            variant=1,  # whole-number families: this seed gives the trend (tests/measures/test_demo.py)
            count=True,
            people=True,
        ),
        Plan(
            "Demo: Health visitor contacts using the shared assessment",
            "process",
            "",
            "increase",
            "shift",
            0.45,
            0.05,
            True,
            1,
        ),
        Plan("Demo: Waiting time for family support", "balancing", "days", "decrease", "noise", 21, 2.5, variant=3),
    ],
}
# Each area's pattern for the programme-wide measure.
SHARED_PLANS = {
    slug: Plan(SHARED["name"], "outcome", "", "increase", pattern, centre, spread, True, variant)
    for slug, pattern, centre, spread, variant in [
        ("dundee", "shift", 0.55, 0.06, 0),
        ("inverclyde", "noise", 0.55, 0.06, 3),
        ("perth-and-kinross", "trend", 0.45, 0.04, 0),
    ]
}
# The month (counted from the first) each area's change took hold: about when the stages demo confirms
# Dundee's initial implementation and Perth & Kinross's installation, so the shift follows the stage-change line.
CHANGE_AT = {"dundee": 22, "inverclyde": 17, "perth-and-kinross": 18}
# Areas whose programme-wide measure still lacks last month's value (a to-do item for its members).
LAST_MONTH_MISSING = {"inverclyde"}
LEADS = {"dundee": "dundee-lead", "inverclyde": "inverclyde-lead", "perth-and-kinross": "perth-lead"}


def pattern_values(plan: Plan, *, change_at: int, seed: str) -> list[float]:
    """30 figures: noise only, a shift of three spreads at `change_at`, or a steady trend after the
    baseline year."""
    rng = random.Random(seed)  # noqa: S311 -- repeatable demo figures, not security
    better = 1 if plan.direction == "increase" else -1
    centre, spread = plan.centre, plan.spread
    values = []
    for month in range(MONTHS):
        if plan.pattern == "shift":
            values.append(centre + rng.gauss(0, spread) + (3 * spread * better if month >= change_at else 0))
        elif plan.pattern == "trend" and month >= BASELINE:
            values.append(centre + better * 0.5 * spread * (month - BASELINE + 1) + rng.gauss(0, 0.5 * spread))
        else:
            values.append(centre + rng.gauss(0, spread))
    return values


def _definition(plan: Plan) -> dict:
    return {
        "name": plan.name,
        "measure_type": plan.measure_type,
        "definition": f"Demo: {plan.name.removeprefix('Demo: ').lower()}, counted each month from local records. "
        "Aggregate figures only.",
        "is_proportion": plan.proportion,
        "is_count": plan.count,
        "counts_people": plan.people,
        "numerator_definition": "Demo: the cases meeting the measure in the month." if plan.proportion else "",
        "denominator_definition": "Demo: all the cases in the month." if plan.proportion else "",
        "unit": plan.unit,
        "frequency": "monthly",
        "direction": plan.direction,
        "baseline_points": BASELINE,
        "target": None,
    }


def _entries(values, first: date, *, proportion: bool, count: bool, seed: str, note_at: int | None, note: str):
    rng = random.Random(seed + ":denominators")  # noqa: S311 -- repeatable demo figures
    entries = []
    period = first
    for month, figure in enumerate(values):
        entry = ValueEntry(period=period, note=note if month == note_at else "")
        if proportion:
            denominator = rng.randint(34, 52)
            entry.denominator = denominator
            entry.numerator = max(0, min(denominator, round(figure * denominator)))
        elif count:
            entry.value = round(max(figure, 0))  # a count is whole: 16 families, never 15.8
        else:
            entry.value = round(max(figure, 0), 1)
        entries.append(entry)
        period = periods.next_period("monthly", period)
    return entries


def _first_month() -> date:
    """30 complete months, ending with the one before this month."""
    month = periods.period_containing("monthly", timezone.localdate())
    for _ in range(MONTHS):
        month = date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)
    return month


def _shared(celcis) -> SharedMeasure:
    existing = SharedMeasure.objects.filter(name=SHARED["name"]).first()
    return existing or services.shared_measure_save(actor=celcis, data=SHARED)


def seed(stdout=None) -> None:
    """Give each programme area its measures and 30 months of data (once: an area with measures is left alone)."""
    celcis = User.objects.get(username="celcis")
    shared = _shared(celcis)
    first = _first_month()
    for slug, local in LOCAL.items():
        area = LocalArea.objects.get(slug=slug)
        if Measure.objects.filter(area=area).exists():
            continue  # already seeded: leave the demo data as it is
        lead = User.objects.get(username=LEADS[slug])
        change_at = CHANGE_AT[slug]
        change_note = "Demo: the new way of working started this month."
        for plan in [SHARED_PLANS[slug], *local]:
            if plan is SHARED_PLANS[slug]:
                measure = services.measure_adopt(area=area, actor=lead, shared=shared, baseline_points=BASELINE)
            else:
                measure = services.measure_create(area=area, actor=lead, data=_definition(plan))
            seed_text = f"{slug}:{plan.name}:{plan.variant}"
            values = pattern_values(plan, change_at=change_at, seed=seed_text)
            entries = _entries(
                values,
                first,
                proportion=plan.proportion,
                count=plan.count,
                seed=seed_text,
                note_at=change_at if plan.pattern == "shift" else None,
                note=change_note,
            )
            if plan is SHARED_PLANS[slug] and slug in LAST_MONTH_MISSING:
                entries = entries[:-1]  # not entered yet: the area's to-do list asks for it
            services.measure_values_save(measure=measure, actor=lead, entries=entries)
    if stdout:
        stdout.write(
            f"Measures demo: {Measure.objects.count()} measures, {MeasureValue.objects.count()} values, "
            f"{SharedMeasure.objects.count()} programme-wide."
        )
