"""Measures at scale: 20 measures an area (one the programme-wide measure it adopts), about half
weekly and half monthly, with a value for every period since the start of the years.

Definitions go through the measures services. Values are many (a weekly measure over five years has
260), so each is checked with the rules `measure_values_save` applies (`measures.validation`, then
the model's `clean`) and they are written in bulk with their history; each measure's data version
moves on once, as after a save in the grid, so its cached chart is drawn afresh.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F

from areas.scale import LABEL, bulk_save_with_history, dated, refuse_if_errors

from . import periods, services
from .models import Measure, MeasureValue, SharedMeasure
from .validation import ValueEntry, entry_problems, entry_value

SHARED = {
    "name": f"Families offered early help within two weeks of a wellbeing concern {LABEL}",
    "measure_type": "outcome",
    "definition": f"Of the families whose wellbeing concern was logged in the month, those offered early help "
    f"within 14 days. Aggregate numbers only. {LABEL}",
    "is_proportion": True,
    "counts_people": True,
    "numerator_definition": "Families offered early help within 14 days of the concern being logged.",
    "denominator_definition": "Families with a wellbeing concern logged in the month.",
    "unit": "",
    "frequency": "monthly",
    "direction": "increase",
}


class Plan(NamedTuple):
    name: str
    measure_type: str
    frequency: str
    unit: str
    direction: str
    centre: float
    spread: float
    kind: str = "value"  # value, count or proportion
    people: bool = False  # counts people (children, families, referrals, practitioners): protected nationally


PLANS = [
    Plan(
        "Wellbeing concerns discussed at the huddle",
        "process",
        "weekly",
        "concerns",
        "increase",
        14,
        3,
        "count",
        people=True,
    ),
    Plan("Days from a concern to first contact", "outcome", "weekly", "days", "decrease", 12, 2),
    Plan("Practitioner hours spent on recording", "balancing", "weekly", "hours", "decrease", 11, 1.2),
    Plan("Families offered a named worker", "process", "weekly", "families", "increase", 9, 2, "count", people=True),
    Plan("Referrals to family support", "process", "weekly", "referrals", "neither", 16, 4, "count", people=True),
    Plan("Plans agreed with the family", "process", "weekly", "", "increase", 0.55, 0.08, "proportion", people=True),
    Plan("Coaching sessions held", "process", "weekly", "sessions", "increase", 6, 1.5, "count"),
    Plan("Team around the child meetings held", "process", "weekly", "meetings", "increase", 8, 2, "count"),
    Plan("Waiting time for family support", "balancing", "weekly", "days", "decrease", 21, 3),
    Plan("Contacts using the shared assessment", "process", "weekly", "", "increase", 0.45, 0.07, "proportion"),
    Plan(
        "Families re-referred within six months",
        "outcome",
        "monthly",
        "",
        "decrease",
        0.3,
        0.05,
        "proportion",
        people=True,
    ),
    Plan(
        "Children with a plan reviewed on time",
        "outcome",
        "monthly",
        "",
        "increase",
        0.6,
        0.07,
        "proportion",
        people=True,
    ),
    Plan("Staff sickness absence days", "balancing", "monthly", "days", "decrease", 40, 6),
    Plan(
        "Practitioners trained in the profile",
        "process",
        "monthly",
        "practitioners",
        "increase",
        5,
        2,
        "count",
        people=True,
    ),
    Plan(
        "Families completing the parenting programme",
        "outcome",
        "monthly",
        "families",
        "increase",
        7,
        2,
        "count",
        people=True,
    ),
    Plan(
        "Concerns escalated to child protection",
        "outcome",
        "monthly",
        "concerns",
        "decrease",
        11,
        3,
        "count",
        people=True,
    ),
    Plan("Early help requests from schools", "process", "monthly", "requests", "neither", 25, 5, "count", people=True),
    Plan(
        "Families saying the help made a difference",
        "outcome",
        "monthly",
        "",
        "increase",
        0.7,
        0.06,
        "proportion",
        people=True,
    ),
    Plan("Vacant practitioner posts", "balancing", "monthly", "posts", "decrease", 4, 1.5, "count"),
]


def _definition(plan: Plan) -> dict:
    proportion = plan.kind == "proportion"
    return {
        "name": f"{plan.name} {LABEL}",
        "measure_type": plan.measure_type,
        "definition": f"{plan.name}, counted each {'week' if plan.frequency == 'weekly' else 'month'} from local "
        f"records. Aggregate figures only. {LABEL}",
        "is_proportion": proportion,
        "is_count": plan.kind == "count",
        "counts_people": plan.people,
        "numerator_definition": "The cases meeting the measure in the period." if proportion else "",
        "denominator_definition": "All the cases in the period." if proportion else "",
        "unit": "" if proportion else plan.unit,
        "frequency": plan.frequency,
        "direction": plan.direction,
        "baseline_points": 26 if plan.frequency == "weekly" else 12,
        "target": None,
    }


def _figures(plan: Plan, count: int, rng) -> list[float]:
    """Noise, a shift after a change, or a steady trend: each measure picks one."""
    pattern = rng.choice(["noise", "shift", "trend"])
    better = -1 if plan.direction == "decrease" else 1
    change_at = rng.randint(count // 4, max(count // 4, 3 * count // 4))
    figures = []
    for index in range(count):
        figure = plan.centre + rng.gauss(0, plan.spread)
        if pattern == "shift" and index >= change_at:
            figure += 2.5 * plan.spread * better
        elif pattern == "trend" and index >= change_at:
            figure += better * plan.spread * 3 * (index - change_at) / max(count - change_at, 1)
        figures.append(figure)
    return figures


def _entry(measure: Measure, period, figure: float, rng) -> ValueEntry:
    if measure.is_proportion:
        denominator = rng.randint(20, 60)
        return ValueEntry(
            period=period, numerator=max(0, min(denominator, round(figure * denominator))), denominator=denominator
        )
    if measure.is_count:
        return ValueEntry(period=period, value=Decimal(max(round(figure), 0)))
    return ValueEntry(period=period, value=Decimal(str(round(max(figure, 0), 1))))


def _values(measure: Measure, plan: Plan, scale, actor, rng) -> list[MeasureValue]:
    """A value for every complete period since the start, checked as the grid's save checks them."""
    last = periods.period_containing(measure.frequency, scale.today) - timedelta(days=1)
    starts = periods.periods_between(measure.frequency, scale.start, last)
    if rng.random() < 0.15:
        starts = starts[:-1]  # last period not entered yet: a to-do for the area
    records = []
    for period, figure in zip(starts, _figures(plan, len(starts), rng), strict=True):
        entry = _entry(measure, period, figure, rng)
        problems = entry_problems(measure, entry, today=scale.today)
        refuse_if_errors({period.isoformat(): problems} if problems else {}, measure.name)
        value = MeasureValue(
            area_id=measure.area_id,
            measure=measure,
            period_start=period,
            value=entry_value(measure, entry),
            numerator=entry.numerator,
            denominator=entry.denominator,
            recorded_by=actor,
        )
        value.clean()  # the model's own rules (a count is whole)
        records.append(dated(value, periods.next_period(measure.frequency, period) + timedelta(days=rng.randint(0, 9))))
    return records


def seed(scale, *, rng, stdout=None) -> None:
    """The programme-wide measure, and each area's measures and values."""
    shared = SharedMeasure.objects.filter(name=SHARED["name"]).first() or services.shared_measure_save(
        actor=scale.celcis, data=SHARED
    )
    shared_plan = Plan(SHARED["name"], "outcome", "monthly", "", "increase", 0.55, 0.07, "proportion", people=True)
    measures = values = 0
    for scale_area in scale.areas:
        area, lead = scale_area.area, scale_area.lead
        made = [(services.measure_adopt(area=area, actor=lead, shared=shared, baseline_points=12), shared_plan)]
        made += [(services.measure_create(area=area, actor=lead, data=_definition(plan)), plan) for plan in PLANS]
        records = [record for measure, plan in made for record in _values(measure, plan, scale, lead, rng)]
        bulk_save_with_history(MeasureValue, records, actor=lead)
        Measure.objects.filter(pk__in=[m.pk for m, _plan in made]).update(data_version=F("data_version") + 1)
        measures += len(made)
        values += len(records)
    if stdout:
        stdout.write(f"Measures at scale: {measures} measures, {values} values.")
