"""Innovations at scale: four explorations an area a year, each comparing two candidates on the
Hexagon Tool; the first chooses the innovation the area puts in use, with its essential functions,
its fidelity instrument, a new cohort of practitioners (by code) each year and 40 fidelity checks a
year. Everything goes through the innovations services except the checks, which are many: each is
held to the rules `fidelity_check_record` applies, scored the same way, and written in bulk with its
results and their history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from areas.scale import LABEL, bulk_save_with_history, checked, dated, refuse_if_errors

from . import selectors, services
from .fidelity import check_score, meets_fidelity
from .models import ExplorationDecision, FidelityCheck, FidelityResult, Innovation, InnovationStatus, ItemKind

EXPLORATIONS_PER_YEAR = 4
CHECKS_PER_YEAR = 40
COHORT = 10  # practitioners trained each year, each checked once a quarter
CANDIDATES = [
    ("Early help conversations", "adapted"),
    ("Family group decision making", "established"),
    ("Team around the family meetings", "local_design"),
    ("Home visiting for neglect", "established"),
    ("Parenting support programme", "established"),
    ("Neglect practice toolkit", "adapted"),
    ("Named worker for early help", "local_design"),
    ("Nurture groups in early years", "adapted"),
]
NEEDS = [
    "Neglect noticed late, once needs have escalated",
    "Families reach help only through child protection",
    "Inconsistent response to early signs of neglect",
    "Little support for parents of children under five",
    "Help hard to find for families in rural areas",
    "Concerns recorded in two systems, seen by nobody whole",
]
FUNCTIONS = [
    ("Notice and name concerns early", "Concerns are shared with the family and the named person within a week."),
    ("Strengths-based conversation", "The conversation starts from what is going well and what the family wants."),
    ("Shared plan with the family", "A short plan, agreed with the family, says who does what by when."),
]


def _candidates(area, lead) -> list[Innovation]:
    return [
        services.innovation_create(
            area=area,
            actor=lead,
            data={"name": f"{name} {LABEL}", "summary": f"A candidate for the area's need. {LABEL}", "origin": origin},
        )
        for name, origin in CANDIDATES
    ]


def _assess(exploration, lead, candidate, assessed_on, indicators, rng) -> None:
    ratings = {
        indicator.pk: (rng.randint(2, 5), f"Rationale for {indicator.name.lower()}. {LABEL}", f"Local data {LABEL}")
        for indicator in indicators
    }
    services.hexagon_assessment_record(
        exploration=exploration,
        actor=lead,
        innovation=candidate,
        assessed_on=assessed_on,
        participants=f"Implementation team (5), CELCIS (1) {LABEL}",
        ratings=ratings,
    )


def _explore(area, lead, started_on, pair, rng, *, proceed: bool):
    """One exploration: a need, two candidates rated, and the decision three weeks on."""
    exploration = services.exploration_save(
        area=area,
        actor=lead,
        data={
            "need": f"{rng.choice(NEEDS)} {LABEL}",
            "need_evidence": f"Local data. {LABEL}",
            "started_on": started_on,
        },
    )
    indicators = selectors.indicators_for(exploration.tool_version)
    for candidate in pair:
        _assess(exploration, lead, candidate, started_on + timedelta(days=7), indicators, rng)
    exploring = [c for c in pair if c.status == InnovationStatus.EXPLORING]
    if proceed and exploring:
        decision, chosen = ExplorationDecision.PROCEED, exploring[0]
    else:
        decision, chosen = rng.choice([ExplorationDecision.REVISIT, ExplorationDecision.DO_NOT_PROCEED]), None
    services.exploration_decide(
        exploration=exploration,
        actor=lead,
        decision=decision,
        decided_on=started_on + timedelta(days=21),
        rationale=f"What the comparison on the Hexagon Tool showed. {LABEL}",
        chosen=chosen,
    )
    return chosen


def _explorations(area, lead, scale, rng) -> tuple[Innovation, int]:
    """Four explorations a year; the first chooses the innovation put in use. Returns it."""
    pool = _candidates(area, lead)
    in_use, made = None, 0
    for first, last in scale.year_spans():
        span = (last - first).days - 30
        for number in range(EXPLORATIONS_PER_YEAR):
            started_on = first + timedelta(days=span * number // EXPLORATIONS_PER_YEAR + rng.randint(0, 20))
            choices = [c for c in pool if c.pk != (in_use.pk if in_use else None)]
            pair = [pool[0], pool[1]] if in_use is None else rng.sample(choices, 2)
            for candidate in pair:
                candidate.refresh_from_db()
            chosen = _explore(area, lead, started_on, pair, rng, proceed=in_use is None or rng.random() < 0.1)
            made += 1
            if in_use is None:
                in_use = services.innovation_status_change(
                    innovation=chosen,
                    actor=lead,
                    status=InnovationStatus.IN_USE,
                    changed_on=started_on + timedelta(days=60),
                    reason=f"The first practitioners started. {LABEL}",
                )
    return in_use, made


def _instrument(innovation, lead) -> list:
    for name, definition in FUNCTIONS:
        services.essential_function_save(
            innovation=innovation, actor=lead, name=name, operational_definition=f"{definition} {LABEL}"
        )
    first, *_others = services.fidelity_items_from_functions(innovation=innovation, actor=lead)
    # The first function is essential: a check that misses it is below fidelity whatever its score.
    services.fidelity_item_save(
        innovation=innovation,
        actor=lead,
        item=first,
        expected_version=first.version,
        data={"text": first.text, "kind": first.kind, "essential": True},
    )
    function = innovation.functions.order_by("order").first()
    services.fidelity_item_save(
        innovation=innovation,
        actor=lead,
        data={
            "function": function,
            "text": "Quality of the family's voice in the plan",
            "kind": "scored",
            "max_score": 3,
        },
    )
    return selectors.active_items(innovation)


def _results(items, meets: bool, rng) -> dict:
    return {
        item.pk: (item.max_score if meets else rng.randint(0, 1))
        if item.kind == ItemKind.SCORED
        else (meets or rng.random() < 0.5)
        for item in items
    }


def _check(innovation, practitioner, checked_on, results: dict, items, actor, today) -> tuple:
    """One fidelity check and its results, held to the rules `fidelity_check_record` applies and
    scored the same way (`innovations.fidelity`); written in bulk by the caller."""
    errors = {}
    if checked_on > today:
        errors["checked_on"] = "The check is dated in the future."
    elif practitioner.left_on and checked_on > practitioner.left_on:
        errors["checked_on"] = f"{practitioner} stopped using the innovation before then."
    for item in items:
        value = results.get(item.pk)
        if item.kind == ItemKind.SCORED and not (isinstance(value, int) and 0 <= value <= item.max_score):
            errors[f"item_{item.pk}"] = f"Score this item from 0 to {item.max_score}."
        elif item.kind != ItemKind.SCORED and value not in (True, False):
            errors[f"item_{item.pk}"] = "Mark this item met or not met."
    refuse_if_errors(errors, f"Fidelity check of {practitioner} on {checked_on}")
    score = check_score((int(results[i.pk]), i.points_available) for i in items)
    missed = sum(1 for i in items if i.essential and results[i.pk] is not True)
    threshold = innovation.fidelity_threshold
    check = FidelityCheck(
        area=innovation.area,
        innovation=innovation,
        practitioner=practitioner,
        checked_on=checked_on,
        assessor=f"Coach {LABEL}",
        score_percent=None if score is None else Decimal(str(score)),  # as the column stores it
        threshold_percent=threshold,
        essential_missed=missed,
        meets_fidelity=meets_fidelity(score, threshold, essential_missed=missed),
        recorded_by=actor,
    )
    rows = []
    for item in items:
        result = FidelityResult(area=innovation.area, fidelity_check=check, item=item, essential=item.essential)
        if item.kind == ItemKind.SCORED:
            result.score = int(results[item.pk])
        else:
            result.met = bool(results[item.pk])
        rows.append(dated(result, checked_on))
    return dated(checked(check), checked_on), rows


def _fidelity(area, lead, innovation, scale, rng) -> int:
    """A cohort of practitioners a year, each checked once a quarter; more meet fidelity as time goes on."""
    items = _instrument(innovation, lead)
    prefix = "".join(word[0] for word in area.slug.split("-")).upper()[:3]
    begins = innovation.status_changed_on
    checks, results, practitioners = [], [], []
    for year, (first, last) in enumerate(scale.year_spans()):
        cohort_from = max(first, begins)
        trained = len(practitioners) + COHORT
        services.practitioner_figures_save(
            innovation=innovation,
            actor=lead,
            data={"effective_on": cohort_from, "practitioners_intended": trained + 4, "practitioners_trained": trained},
        )
        for _ in range(COHORT):
            code = f"{prefix}-P{len(practitioners) + 1:03d}"
            practitioners.append(services.practitioner_save(innovation=innovation, actor=lead, code=code))
        span = (last - cohort_from).days
        for quarter in range(CHECKS_PER_YEAR // COHORT):
            checked_on = cohort_from + timedelta(days=span * quarter // 4 + rng.randint(0, max(span // 8, 1)))
            for practitioner in practitioners[-COHORT:]:
                meets = rng.random() < 0.35 + 0.12 * year + 0.05 * quarter
                marks = _results(items, meets, rng)
                check, rows = _check(
                    innovation, practitioner, min(checked_on, scale.today), marks, items, lead, scale.today
                )
                checks.append(check)
                results.append(rows)
    bulk_save_with_history(FidelityCheck, checks, actor=lead)
    for check, rows in zip(checks, results, strict=True):
        for row in rows:
            row.fidelity_check = check  # now saved, with its id
    bulk_save_with_history(FidelityResult, [row for rows in results for row in rows], actor=lead)
    return len(checks)


def seed(scale, *, rng, stdout=None) -> None:
    """Explorations, the innovation in use and its fidelity checks, for every area at scale."""
    explorations = checks = 0
    for scale_area in scale.areas:
        in_use, made = _explorations(scale_area.area, scale_area.lead, scale, rng)
        explorations += made
        checks += _fidelity(scale_area.area, scale_area.lead, in_use, scale, rng)
    if stdout:
        stdout.write(f"Innovations at scale: {explorations} explorations, {checks} fidelity checks.")
