"""Improvement cycles at scale: about 50 PDSA cycles an area a year, in ramps of two to six cycles
(each following the one before it, a few branching), watched on the area's measures.

A ramp's cycles are planned, tested, studied, acted on and closed one after another, so older ramps
are closed with a decision, the latest are in every phase, and a few cycles stalled long ago. Cycles
are many, so each is built in its final state and checked with the rules the services apply at
every move (`cycles.rules`: links in the area, a ramp running forward, dates that have happened,
each phase filled in before the cycle left it), then written in bulk with its history and the
measures it is watched on, one ramp step at a time so each can follow the one before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from areas.scale import LABEL, at, bulk_save_with_history, checked, dated, days_between, refuse_if_errors
from measures.models import Measure

from . import phases, rules
from .models import Cycle, CycleKind, CycleMeasure, Decision, Phase

PER_YEAR = 50
IDEAS = [
    "a short weekly huddle where practitioners bring new concerns",
    "a one-page chronology template for universal services",
    "a named worker offered at the first contact",
    "a joint visit by the health visitor and the family support worker",
    "a text reminder before each review meeting",
    "a shared plan written with the family at the first meeting",
    "coaching after every observed session",
    "a drop-in at the nursery for parents",
]
AIMS = [
    "Wellbeing concerns discussed and acted on within a week.",
    "Families offered early help within two weeks of a concern.",
    "Every family's plan reviewed with them on time.",
    "Practitioners confident to name neglect early.",
]


@dataclass
class Step:
    """One cycle of a ramp, with the days its moves happen (from planned to closed)."""

    ramp: int
    depth: int
    parent: Step | None
    days: list[date]  # planned, started, ended (moved to Study), moved to Act, closed
    stall: str | None = None
    branch: bool = False  # a second cycle following the same one: the ramp branches
    record: Cycle | None = field(default=None, repr=False)


def _days(planned: date, rng) -> list[date]:
    started = planned + timedelta(days=rng.randint(7, 21))
    ended = started + timedelta(days=rng.randint(14, 42))
    act = ended + timedelta(days=rng.randint(3, 10))
    return [planned, started, ended, act, act + timedelta(days=rng.randint(0, 7))]


def _lengths(rng) -> list[int]:
    """How many cycles each of a year's ramps will have (two to six), about 50 in all."""
    lengths: list[int] = []
    while sum(lengths) < PER_YEAR:
        lengths.append(min(rng.randint(2, 6), PER_YEAR - sum(lengths)))
    return lengths


def _ramps(scale, rng) -> list[Step]:
    """About 50 cycles a year: ramps begun on days spread over the year, each run until it ends or
    stalls (or reaches today). A few branch: a second way on from the ramp's first cycle."""
    steps: list[Step] = []
    ramp = 0
    for first, last in scale.year_spans():
        lengths = _lengths(rng)
        for begun, length in zip(days_between(rng, first, last, len(lengths)), lengths, strict=True):
            ramp += 1
            parent = None
            for depth in range(length):
                planned = begun if parent is None else parent.days[-1] + timedelta(days=rng.randint(0, 14))
                if planned > scale.today:
                    break
                step = Step(ramp, depth, parent, _days(planned, rng))
                steps.append(step)
                if depth == 1 and rng.random() < 0.15 and planned + timedelta(days=3) <= scale.today:
                    steps.append(Step(ramp, depth, parent, _days(planned + timedelta(days=3), rng), branch=True))
                if step.days[-1] < scale.today - timedelta(days=90) and rng.random() < 0.05:
                    step.stall = rng.choice([Phase.DO, Phase.STUDY])  # stopped there long ago
                    break
                parent = step
    return steps


def _phase(step: Step, today: date) -> tuple[str, date]:
    """The phase the cycle is in today and the day it got there."""
    reached = Phase.PLAN
    for phase, day in zip((Phase.DO, Phase.STUDY, Phase.ACT, Phase.CLOSED), step.days[1:], strict=True):
        if day > today or (step.stall and phases.rank(reached) >= phases.rank(step.stall)):
            break
        reached = phase
    return reached, step.days[phases.rank(reached)]


def _fields(step: Step, phase: str, rng) -> dict:
    idea = IDEAS[(step.ramp + step.depth + step.branch) % len(IDEAS)]
    number = f"{step.depth + 1}{'b' if step.branch else ''}"
    values = {
        "kind": CycleKind.PDSA,
        "title": f"Ramp {step.ramp}, cycle {number}: {idea[:120]} {LABEL}",
        "aim": f"{AIMS[step.ramp % len(AIMS)]} {LABEL}",
        "change_idea": f"Try {idea}. {LABEL}",
        "objective": f"Find out whether {idea} helps practitioners act sooner. {LABEL}",
        "questions": "Do practitioners use it? Is the time protected? What gets in the way?",
        "predictions": "At least half of new concerns will be acted on within a week.",
        "plan_who": "Two practitioners and their team leader.",
        "plan_what": f"Use {idea} for four weeks.",
        "plan_where": "One locality team",
        "plan_when": "Four weeks",
        "data_to_collect": "Concerns acted on each week, and practitioners' views at the end.",
    }
    rank = phases.rank(phase)
    if rank >= phases.rank(Phase.DO):
        values.update(started_on=step.days[1], what_happened="", observations="")
    if rank >= phases.rank(Phase.STUDY):
        values.update(ended_on=step.days[2], what_happened=f"Carried out mostly as planned. {LABEL}")
        values.update(observations=rng.choice(["None.", "One session lost to a training day.", "Cover was short."]))
    if rank >= phases.rank(Phase.ACT):
        values.update(
            as_intended=rng.choice(["yes", "yes", "partly"]), predictions_held=rng.choice(["yes", "partly", "no"])
        )
        values.update(results=f"Results against the predictions. {LABEL}", learning=f"What the team learned. {LABEL}")
    if rank >= phases.rank(Phase.CLOSED):
        values.update(decision=rng.choice([Decision.ADOPT, Decision.ADAPT, Decision.ADAPT, Decision.ABANDON]))
        values.update(next_steps=f"The next cycle of the ramp. {LABEL}")
    return values


def _cycle(area, lead, step: Step, measures, today: date, rng) -> Cycle:
    """The cycle in its phase today, held to the rules every move through the services meets."""
    phase, since = _phase(step, today)
    values = _fields(step, phase, rng)
    follows = step.parent.record if step.parent else None
    errors = rules.cycle_errors(area=area, cycle=None, values={**values, "follows": follows, "measures": measures})
    for left in phases.ORDER[: phases.rank(phase)]:
        errors.update(rules.phase_errors(phase=left, values=values, usability=False))
    if phase == Phase.CLOSED and step.days[4] < step.days[2]:
        errors["closed_on"] = "A cycle closes after its test has ended."
    refuse_if_errors(errors, f"Cycle planned on {step.days[0]}")
    cycle = Cycle(area=area, follows=follows, created_by=lead, updated_by=lead, phase=phase, phase_changed_on=since)
    for name, value in values.items():
        setattr(cycle, name, value)
    cycle.closed_on = step.days[4] if phase == Phase.CLOSED else None
    cycle.created_at = at(step.days[0], hour=10)
    # The reason the service gives for the cycle's latest move.
    cycle._change_reason = (
        "Cycle planned"
        if phase == Phase.PLAN
        else f"Closed: {cycle.get_decision_display().lower()}"
        if phase == Phase.CLOSED
        else f"Moved to {cycle.get_phase_display()}"
    )
    return dated(checked(cycle, exclude=["version"]), since)


def _area_cycles(area, lead, scale, rng) -> tuple[int, int]:
    measures = list(Measure.objects.filter(area=area).order_by("pk"))
    watched = {}
    by_depth = defaultdict(list)
    for step in _ramps(scale, rng):
        by_depth[step.depth].append(step)
        if step.ramp not in watched:
            watched[step.ramp] = rng.sample(measures, min(len(measures), rng.randint(1, 2)))
    links = []
    for depth in sorted(by_depth):
        for step in by_depth[depth]:
            step.record = _cycle(area, lead, step, watched[step.ramp], scale.today, rng)
        bulk_save_with_history(Cycle, [s.record for s in by_depth[depth]], actor=lead, stamps=("created_at",))
        for step in by_depth[depth]:
            links += [
                dated(CycleMeasure(area=area, cycle=step.record, measure=m), step.days[0]) for m in watched[step.ramp]
            ]
    bulk_save_with_history(CycleMeasure, links, actor=lead)
    return sum(len(steps) for steps in by_depth.values()), len(links)


def seed(scale, *, rng, stdout=None) -> None:
    """Ramps of PDSA cycles for every area at scale."""
    cycles = links = 0
    for scale_area in scale.areas:
        made, linked = _area_cycles(scale_area.area, scale_area.lead, scale, rng)
        cycles += made
        links += linked
    if stdout:
        stdout.write(f"Cycles at scale: {cycles} PDSA cycles in ramps, watched on {links} measure links.")
