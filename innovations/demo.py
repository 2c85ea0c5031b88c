"""Demo innovations for the three programme areas: each has an innovation in use, with its practice
profile, usability judgements and several quarters of fidelity checks, and an exploration with two
candidates compared on the Hexagon Tool (the other candidate with a concern on Capacity). Dundee is
furthest on, Inverclyde least.

Practitioners intended and trained are recorded only when they change and carry forward: for the
innovation until its transformation zone starts, then per slice. Each area also has a practitioner
whose check is overdue and one whose latest check missed the essential item at a high score.

Dates are relative to today so the demo always looks current. Every record is written through the
services, as the demo leads, so the history shows who did what. Practitioners are codes only.
"""

from datetime import timedelta

from django.utils import timezone

from areas.models import LocalArea, User
from core.quarters import recent_quarters
from stages import services as stage_services
from stages.demo import record_demo_activity
from stages.models import StageActivity

from . import selectors, services
from .models import Innovation, InnovationStatus

FUNCTIONS = [
    (
        "Notice and name concerns early",
        "The practitioner records what they notice about a child's needs being met, shares it with the family "
        "and the named person within a week, and does not wait for concerns to escalate.",
        [
            "Demo: Concerns are named with the family promptly, in plain words, with examples of needs met and unmet.",
            "Demo: Concerns are noticed but shared late, or only with other professionals.",
            "Demo: Concerns are kept to oneself until a crisis, or shared in a blaming way.",
        ],
    ),
    (
        "Strengths-based conversation",
        "The practitioner starts from what is going well, asks what the family wants to change, and agrees what "
        "help would make a difference.",
        [
            "Demo: The family's strengths and wishes lead the conversation; the practitioner listens more than tells.",
            "Demo: Strengths are mentioned, but the conversation is mostly about problems.",
            "Demo: The conversation is a list of failings; the family's view is not sought.",
        ],
    ),
    (
        "Shared plan with the family",
        "A short written plan, agreed with the family, says who does what by when, in the family's words.",
        [
            "Demo: The plan is agreed, specific and held by the family as well as the service.",
            "Demo: A plan exists but is vague, or was written without the family.",
            "Demo: No plan, or a plan imposed on the family.",
        ],
    ),
    (
        "Review together",
        "The practitioner and family review the plan at the agreed time and adjust it; progress is noted.",
        [
            "Demo: Reviews happen on time, with the family, and change the plan when needed.",
            "Demo: Reviews happen late or without the family.",
            "Demo: No review; the plan drifts.",
        ],
    ),
]

# Who took part in the later reviews and in the exploration (roles and numbers).
TEAM_WITH_CELCIS = "Demo: implementation team (5), CELCIS (1)"

# The register entries of the innovation an area puts in use, and of the candidate it compares it with.
IN_USE = {
    "summary": "Demo: a structured way for universal services to notice neglect early and help families.",
    "origin": "adapted",
    "design_decision": "Demo: chosen by the implementation team after the exploration below; "
    "recorded in the team's minutes.",
    "fidelity_threshold": 75,
}
CANDIDATE = {"summary": "Demo: a candidate compared on the Hexagon Tool.", "origin": "established"}

INDICATOR_RATINGS = {  # chosen candidate, other candidate, for the six current indicators
    "chosen": [4, 4, 3, 5, 4, 3],
    "other": [3, 2, 3, 4, 3, 2],
}

# slug, lead, code prefix, in-use innovation, other candidate, need, quarters of checks,
# intended per quarter (before the transformation zone starts), [at fidelity per quarter, trained per
# quarter] (the trained who are not at fidelity are checked below the threshold), slices (name, kind,
# months ago, intended, unused: each slice's trained come from the trained per quarter, the zone
# filled first), stages (stage, months ago), decision
PLANS = [
    (
        "dundee",
        "dundee-lead",
        "DD",
        "Early help conversations (demo)",
        "Family group conferences (demo)",
        "Neglect noticed late, once needs have escalated (demo)",
        6,
        [12, 12, 12, 12, 14, 14],
        [[1, 2, 4, 5, 7, 8], [3, 5, 7, 7, 10, 11]],
        [("East locality (demo)", "locality", 20, 8, 8), ("Coldside school cluster (demo)", "school_cluster", 6, 6, 4)],
        [("exploration", 30), ("installation", 22), ("initial", 16), ("full", 2)],
        "proceed",
    ),
    (
        "perth-and-kinross",
        "perth-lead",
        "PK",
        "Neglect practice toolkit (demo)",
        "Parenting support programme (demo)",
        "Inconsistent response to early signs of neglect (demo)",
        4,
        [10, 10, 10, 10],
        [[1, 2, 3, 4], [2, 4, 4, 8]],
        [("Perth city north (demo)", "neighbourhood", 12, 10, 8)],
        [("exploration", 26), ("installation", 14), ("initial", 10)],
        "proceed",
    ),
    (
        "inverclyde",
        "inverclyde-lead",
        "IC",
        "Team around the family meetings (demo)",
        "Home visiting for neglect (demo)",
        "Families reach help only through child protection (demo)",
        3,
        [8, 8, 8],
        [[0, 1, 2], [2, 2, 5]],
        [("Greenock health visiting team (demo)", "team", 8, 8, 5)],
        [("exploration", 18), ("installation", 11), ("initial", 7)],
        "proceed",
    ),
]


def _months_ago(today, months: int):
    return today - timedelta(days=30 * months)


def _usability(innovation, lead, today, fully: bool) -> None:
    earlier = {
        "clear_description": ("partly_met", "Demo: philosophy written; inclusion criteria still being agreed."),
        "essential_functions": ("met", "Demo: four functions agreed at the implementation team."),
        "operational_definitions": ("partly_met", "Demo: practice profile drafted for two functions."),
        "fidelity_assessment": ("not_met", "Demo: no fidelity assessment yet."),
    }
    later = {
        "clear_description": ("met", "Demo: description agreed with partner agencies."),
        "essential_functions": ("met", "Demo: functions unchanged after usability testing."),
        "operational_definitions": ("met", "Demo: practice profile complete and used in coaching."),
        "fidelity_assessment": (
            ("met", "Demo: fidelity checks run every quarter by coaches; linked to outcomes review.")
            if fully
            else ("partly_met", "Demo: checks run, but not yet shown to relate to outcomes.")
        ),
    }
    reviews = (
        (14, "Demo: implementation team (5)", earlier),
        (2, TEAM_WITH_CELCIS, later),
    )
    for months, participants, judgements in reviews:
        services.usability_review_record(
            innovation=innovation,
            actor=lead,
            reviewed_on=_months_ago(today, months),
            participants=participants,
            judgements=judgements,
        )


def _stage(area, innovation, lead, today, stages) -> None:
    for stage, months in stages:
        stage_services.stage_change_record(
            area=area,
            actor=lead,
            stage=stage,
            entered_on=_months_ago(today, months),
            reason="Demo: decided at the implementation team meeting.",
            evidence="Demo data: minutes of the implementation team.",
            subject=innovation,
        )
    # Activities done in each stage reached; the current stage's still partly open.
    for number, (stage, months) in enumerate(stages):
        start = _months_ago(today, months)
        activities = list(StageActivity.objects.filter(stage=stage, retired_on__isnull=True))
        current = number == len(stages) - 1
        for position, activity in enumerate(activities[: len(activities) // 2 if current else None]):
            began = min(start + timedelta(days=10 * position), today - timedelta(days=10))
            finished = not current or position % 2 == 0
            done_on = min(began + timedelta(days=30), today) if finished else None
            record_demo_activity(area, lead, activity, started_on=began, completed_on=done_on, subject=innovation)


def _exploration(area, lead, today, chosen, other, need, decision) -> None:
    exploration = services.exploration_save(
        area=area,
        actor=lead,
        data={
            "need": need,
            "need_evidence": "Demo: local data and stakeholder engagement showed families reaching help late.",
            "started_on": _months_ago(today, 29),
        },
    )
    indicators = selectors.indicators_for(exploration.tool_version)
    for candidate, key in ((chosen, "chosen"), (other, "other")):
        services.hexagon_assessment_record(
            exploration=exploration,
            actor=lead,
            innovation=candidate,
            assessed_on=_months_ago(today, 28),
            participants=TEAM_WITH_CELCIS,
            notes="Demo data.",
            ratings={
                indicator.pk: (rating, f"Demo: rationale for {indicator.name.lower()}.", "Demo: local data")
                for indicator, rating in zip(indicators, INDICATOR_RATINGS[key], strict=True)
            },
        )
    services.exploration_decide(
        exploration=exploration,
        actor=lead,
        decision=decision,
        decided_on=_months_ago(today, 27),
        rationale="Demo: the stronger fit with local services and the supports that come with it.",
        chosen=chosen if decision == "proceed" else None,
    )


def _instrument(innovation, lead) -> None:
    """A met / not met item for each function (the first essential), and one scored item."""
    for number, function in enumerate(innovation.functions.all(), start=1):
        items = [
            {"text": f"{function.name}: seen in the observed practice", "kind": "met_not_met", "essential": number == 1}
        ]
        if number == 2:
            items.append({"text": "Quality of the family's voice in the plan", "kind": "scored", "max_score": 3})
        for item in items:
            services.fidelity_item_save(innovation=innovation, actor=lead, data={"function": function, **item})


def _trained_on(quarters, trained, day) -> int:
    """The practitioners trained on `day`: the figure of the latest quarter begun by then."""
    begun = [t for quarter, t in zip(quarters, trained, strict=True) if quarter.start <= day]
    return begun[-1] if begun else 0


def _shares(slices, starts, total: int, day) -> dict[int, tuple[int, int]]:
    """(intended, trained) of each slice started by `day`, the trained filling the zone first."""
    shares, left = {}, total
    for index, (_name, _kind, _months, intended, _trained) in enumerate(slices):
        if starts[index] <= day:
            shares[index] = (intended, min(left, intended))
            left -= shares[index][1]
    return shares


def _figures(innovation, lead, today, quarters, intended, trained, slices) -> list:
    """The figures, each recorded only when it changes: the innovation's own until its transformation
    zone starts, then each slice's (its first figures with the slice). Returns the slices."""
    starts = [_months_ago(today, months) for _name, _kind, months, _i, _t in slices]
    last = None
    for quarter, n_intended, n_trained in zip(quarters, intended, trained, strict=True):
        if quarter.start < starts[0] and (n_intended, n_trained) != last:
            data = {"effective_on": quarter.start, "practitioners_intended": n_intended}
            data.update(practitioners_trained=n_trained, notes="Demo: the team's figures for the innovation.")
            services.practitioner_figures_save(innovation=innovation, actor=lead, data=data)
            last = (n_intended, n_trained)
    made, held = [], {}
    for index, (name, kind, _months, _intended, _trained) in enumerate(slices):
        share = _shares(slices, starts, _trained_on(quarters, trained, starts[index]), starts[index])[index]
        made.append(
            services.slice_save(
                innovation=innovation,
                actor=lead,
                data={
                    "name": name,
                    "kind": kind,
                    "started_on": starts[index],
                    "practitioners_intended": share[0],
                    "practitioners_trained": share[1],
                    "conditions_evidence": ""
                    if not made
                    else "Demo: over half of the zone's practitioners at fidelity for two quarters; coaching "
                    "capacity agreed; leadership approved the expansion.",
                },
            )
        )
        held[index] = share
    for quarter, n_trained in zip(quarters, trained, strict=True):
        for index, share in _shares(slices, starts, n_trained, quarter.start).items():
            if share != held.get(index) and quarter.start > starts[index]:
                data = {"slice": made[index], "effective_on": quarter.start, "practitioners_intended": share[0]}
                data.update(practitioners_trained=share[1], notes="Demo: more practitioners trained.")
                services.practitioner_figures_save(innovation=innovation, actor=lead, data=data)
                held[index] = share
    return made


def _practitioners(innovation, lead, prefix, count, made_slices, slices) -> list:
    """`count` practitioners by code, filling the transformation zone first, then the later slices."""
    practitioners = []
    for index in range(count):
        home = made_slices[-1]
        seats = 0
        for each, (_name, _kind, _months, intended, _trained) in zip(made_slices, slices, strict=True):
            seats += intended
            if index < seats:
                home = each
                break
        practitioners.append(
            services.practitioner_save(
                innovation=innovation, actor=lead, code=f"{prefix}-P{index + 1:02d}", system_slice=home
            )
        )
    return practitioners


def _check(innovation, lead, practitioner, checked_on, results) -> None:
    services.fidelity_check_record(
        innovation=innovation,
        actor=lead,
        practitioner=practitioner,
        checked_on=checked_on,
        assessor="Demo: coach",
        notes="Demo data.",
        results=results,
    )


def _exceptions(innovation, lead, today, prefix, number, zone, items) -> None:
    """A practitioner whose only check is older than the validity period (overdue), and one whose
    latest check missed the essential item while scoring above the threshold (not at fidelity)."""
    overdue, missed = (
        services.practitioner_save(innovation=innovation, actor=lead, code=f"{prefix}-P{n:02d}", system_slice=zone)
        for n in (number, number + 1)
    )
    all_met = {item.pk: item.max_score if item.kind == "scored" else True for item in items}
    _check(innovation, lead, overdue, today - timedelta(days=250), all_met)
    _check(innovation, lead, missed, today - timedelta(days=20), {**all_met, items[0].pk: not items[0].essential})


def _fidelity(innovation, lead, today, prefix, n_quarters, intended, at_target, slices) -> int:
    _instrument(innovation, lead)
    quarters = list(reversed(recent_quarters(today, n_quarters)))
    at_fidelity, trained = at_target
    made_slices = _figures(innovation, lead, today, quarters, intended, trained, slices)
    practitioners = _practitioners(innovation, lead, prefix, max(intended), made_slices, slices)
    items = selectors.active_items(innovation)
    checks = 0
    for q_index, quarter in enumerate(quarters):
        checked_on = min(quarter.start + timedelta(days=40), today)
        for index, practitioner in enumerate(practitioners[: trained[q_index]]):
            meets = index < at_fidelity[q_index]
            _check(
                innovation,
                lead,
                practitioner,
                checked_on,
                {
                    item.pk: (item.max_score if meets else 1)
                    if item.kind == "scored"
                    else (meets or item_number % 2 == 0)
                    for item_number, item in enumerate(items)
                },
            )
            checks += 1
    _exceptions(innovation, lead, today, prefix, max(intended) + 1, made_slices[0], items)
    return checks + 2


def _describe(innovation, lead) -> None:
    """The description, and each essential function with its row of the practice profile."""
    services.innovation_describe(
        innovation=Innovation.objects.get(pk=innovation.pk),
        actor=lead,
        expected_version=Innovation.objects.get(pk=innovation.pk).version,
        data={
            "philosophy": "Demo: families are the experts in their own lives; early, respectful help works better "
            "than late intervention.",
            "inclusion_criteria": "Demo: families with children under 12 where a universal-services practitioner "
            "notices needs not being met.",
            "exclusion_criteria": "Demo: where there is immediate risk of significant harm: child protection "
            "procedures apply.",
            "evidence_summary": "Demo: evaluations of similar approaches show earlier engagement and fewer "
            "re-referrals.",
        },
    )
    levels = list(innovation.practice_levels.all())
    for function_name, definition, descriptions in FUNCTIONS:
        function = services.essential_function_save(
            innovation=innovation, actor=lead, name=function_name, operational_definition=f"Demo: {definition}"
        )
        services.practice_profile_row_save(
            function=function,
            actor=lead,
            descriptions={level.pk: text for level, text in zip(levels, descriptions, strict=True)},
            expected_version=function.version,
        )


def seed(stdout=None) -> None:
    """Give each programme area an innovation in use and an exploration (once)."""
    today = timezone.localdate()
    made = 0
    for (
        slug,
        lead_name,
        prefix,
        name,
        other_name,
        need,
        n_quarters,
        intended,
        at_target,
        slices,
        stages,
        decision,
    ) in PLANS:
        area = LocalArea.objects.filter(slug=slug).first()
        lead = User.objects.filter(username=lead_name).first()
        if area is None or lead is None or Innovation.objects.filter(area=area).exists():
            continue  # already seeded (or nothing to seed for): leave the area's innovations as they are
        innovation, other = (
            services.innovation_create(area=area, actor=lead, data={"name": innovation_name, **details})
            for innovation_name, details in ((name, IN_USE), (other_name, CANDIDATE))
        )
        _exploration(area, lead, today, innovation, other, need, decision)
        services.innovation_status_change(
            innovation=innovation,
            actor=lead,
            status=InnovationStatus.IN_USE,
            changed_on=_months_ago(today, 16),
            reason="Demo: first practitioners started.",
        )
        _describe(innovation, lead)
        _usability(innovation, lead, today, fully=slug == "dundee")
        _stage(area, innovation, lead, today, stages)
        _fidelity(innovation, lead, today, prefix, n_quarters, intended, at_target, slices)
        made += 1
    if stdout:
        stdout.write(
            f"Innovations demo: {made} area{'s' if made != 1 else ''} seeded, {Innovation.objects.count()} innovations."
        )
