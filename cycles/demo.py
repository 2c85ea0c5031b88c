"""Demo improvement cycles and feedback-loop items for every programme area.

Each area gets a ramp of three PDSA cycles watched on its demo measures, timed around the month its
demo data shows the change taking hold, the last of them stalled in Study since its test ended (in
Inverclyde, since February 2026); a branch of the ramp (a second cycle following its first); a cycle
still being planned; a usability test of its innovation in use, with two iterations; and barriers in
each state of the feedback loop, including one resolved and shared back and one change made but not
yet shared back. Everything
is written through the services as the area's lead, so the history shows who did what; an area that
already has cycles (or feedback items) is left alone, so running it again duplicates nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from areas.models import LocalArea, Membership, Role
from core.quarters import Quarter
from innovations.models import Innovation, InnovationStatus
from measures.models import Measure, MeasureValue

from . import services
from .models import Cycle, FeedbackItem

# The note the measures demo leaves on the month its change took hold.
CHANGE_NOTE = "Demo: the new way of working started this month."


def _lead(area):
    membership = (
        Membership.objects.active().filter(area=area, role=Role.AREA_LEAD).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _change_month(area, today: date) -> date:
    value = (
        MeasureValue.objects.filter(area=area, note=CHANGE_NOTE).order_by("period_start").values("period_start").first()
    )
    return value["period_start"] if value else today - timedelta(days=240)


def _plan(title: str, **extra) -> dict:
    return {
        "objective": f"Demo: find out whether {title[6:].lower()} helps practitioners act on concerns sooner.",
        "questions": "Demo: Do practitioners bring concerns? Is the time protected? What gets in the way?",
        "predictions": "Demo: at least half of new wellbeing concerns will be discussed within a week.",
        "plan_who": "Demo: two health visitors and a family support worker, with the team leader.",
        "plan_what": "Demo: a 15-minute weekly huddle using a one-page prompt.",
        "plan_where": "Demo: one locality team",
        "plan_when": "Demo: four weeks",
        "data_to_collect": "Demo: concerns discussed each week, and practitioners' views at the end.",
        **extra,
    }


def _run(area, lead, data: dict, *, measures, follows=None, do=None, study=None, act=None, closed_on=None):
    """Create a cycle and take it as far as the phases given (closing it on `closed_on`), each move
    recorded on the day it happened: Do when the test started, Study when it ended, Act a few days on."""
    cycle = services.cycle_create(area=area, actor=lead, data={**data, "measures": measures, "follows": follows})
    moves = []
    if do is not None:
        moves = [do["started_on"], do.get("ended_on"), do.get("ended_on") and do["ended_on"] + timedelta(days=3)]
    for fields, moved_on in zip((do, study, act), moves, strict=False):
        if fields is None:
            return cycle
        cycle = services.cycle_advance(cycle=cycle, actor=lead, moved_on=moved_on)
        cycle = services.cycle_update(cycle=cycle, actor=lead, expected_version=cycle.version, data=fields)
    if closed_on is not None:
        cycle = services.cycle_advance(cycle=cycle, actor=lead, closed_on=closed_on)
    return cycle


AIM = "Demo: wellbeing concerns discussed and acted on within a week."
# The ramp's three cycles; `tested` and `closed` are days from the month the change took hold.
RAMP = (
    {
        "title": "Demo: Weekly wellbeing huddle in one team",
        "change_idea": "Demo: a short weekly huddle where practitioners bring new concerns.",
        "plan": {},
        "tested": (-75, -47),
        "do": {
            "what_happened": "Demo: three of four huddles held; one lost to a training day.",
            "observations": "Demo: Monday mornings clashed with duty cover.",
        },
        "study": {
            "as_intended": "partly",
            "predictions_held": "partly",
            "results": "Demo: 40% of new concerns discussed within a week, against 50% predicted.",
            "learning": "Demo: the idea works when the time is protected; Monday is the wrong day.",
        },
        "act": {"decision": "adapt", "next_steps": "Demo: move the huddle to Tuesdays and add a second team."},
        "closed": -40,
    },
    {
        "title": "Demo: Tuesday huddle in two teams",
        "change_idea": "Demo: the same huddle on Tuesday mornings, with cover agreed.",
        "plan": {"plan_where": "Demo: two locality teams"},
        "tested": (-30, 2),
        "do": {"what_happened": "Demo: every huddle held in both teams.", "observations": "Demo: none."},
        "study": {
            "as_intended": "yes",
            "predictions_held": "yes",
            "results": "Demo: 62% of new concerns discussed within a week.",
            "learning": "Demo: protected time and a fixed slot make the difference.",
        },
        "act": {"decision": "adopt", "next_steps": "Demo: spread to every locality."},
        "closed": 12,
    },
    {
        "title": "Demo: Huddles in every locality",
        "change_idea": "Demo: every locality team holds the Tuesday huddle.",
        "plan": {"plan_where": "Demo: all locality teams", "plan_when": "Demo: eight weeks"},
        "tested": (40, 96),
        "do": {
            "what_happened": "Demo: huddles held in five of six localities.",
            "observations": "Demo: one locality had no team leader for a month.",
        },
        "study": {"results": "Demo: figures still being gathered."},
    },
)


def _ramp(area, lead, change: date) -> int:
    """Three cycles of a ramp around the month the change took hold, and a fourth still being planned."""
    measures = list(Measure.objects.filter(area=area).order_by("name", "pk"))

    def day(offset: int) -> date:
        return change + timedelta(days=offset)

    earlier = first = None
    for step in RAMP:
        started, ended = step["tested"]
        earlier = _run(
            area,
            lead,
            {
                "title": step["title"],
                "aim": AIM,
                "change_idea": step["change_idea"],
                **_plan(step["title"], **step["plan"]),
            },
            measures=measures[:2],
            follows=earlier,
            do={"started_on": day(started), "ended_on": day(ended), **step["do"]},
            study=step["study"],
            act=step.get("act"),
            closed_on=day(step["closed"]) if "closed" in step else None,
        )
        first = first or earlier
    _branch(area, lead, first)
    services.cycle_create(
        area=area,
        actor=lead,
        data={
            "title": "Demo: One-page chronology template",
            "aim": "Demo: practitioners see patterns of unmet need sooner.",
            "change_idea": "Demo: a one-page chronology template for universal services.",
            "objective": "Demo: test whether the template is quick enough to keep up to date.",
            "measures": measures[2:3],
        },
    )
    return len(RAMP) + 2


def _branch(area, lead, first) -> None:
    """A second cycle following the ramp's first, so the ramp branches: one way moved the huddle to
    Tuesdays, this one tries it with the early years team. It started recently, so it is not stalled."""
    today = timezone.localdate()
    _run(
        area,
        lead,
        {
            "title": "Demo: Huddle with the early years team",
            "aim": AIM,
            "change_idea": "Demo: the same huddle, with the nursery and early years staff of one locality.",
            **_plan(
                "Demo: Huddle with the early years team", plan_who="Demo: two nursery officers and a health visitor."
            ),
        },
        measures=[],
        follows=first,
        do={
            "started_on": today - timedelta(days=20),
            "what_happened": "Demo: two huddles held so far.",
            "observations": "Demo: the nursery's lunch cover limits the time available.",
        },
    )


def _usability_test(area, lead, today: date) -> int:
    """A usability test of the area's innovation in use: two iterations, then closed as adopted."""
    innovation = Innovation.objects.filter(area=area, status=InnovationStatus.IN_USE).order_by("pk").first()
    if innovation is None:
        return 0

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    title = f"Demo: Usability test of {innovation.name}"
    cycle = services.cycle_create(
        area=area,
        actor=lead,
        data={
            "kind": "usability",
            "title": title,
            "innovation": innovation,
            "aim": "Demo: the conversation guide is used as intended before it is scaled up.",
            "change_idea": "Demo: practitioners use the conversation guide in their first contacts.",
            "success_criteria": "Demo: at least 4 of 5 practitioners complete every step of the guide as intended.",
            "cohort_size": 5,
            **_plan(title),
        },
    )
    cycle = services.cycle_advance(cycle=cycle, actor=lead)
    iterations = (
        (
            4,
            150,
            128,
            "Demo: 2 of 4 completed every step; the closing step was often skipped.",
            "not_met",
            "Demo: closing step rewritten and practised in coaching.",
        ),
        (5, 115, 92, "Demo: 5 of 5 completed every step.", "met", ""),
    )
    for number, (cohort, began, ended, results, criteria_met, changes) in enumerate(iterations, start=1):
        data = {"number": number, "cohort_size": cohort, "tested_from": ago(began), "tested_to": ago(ended)}
        data.update(results=results, criteria_met=criteria_met, changes=changes)
        services.iteration_save(cycle=cycle, actor=lead, data=data)
    phases = (
        {
            "started_on": ago(150),
            "ended_on": ago(92),
            "what_happened": "Demo: two iterations with small cohorts of health visitors.",
            "observations": "Demo: the closing step needed rewriting after the first iteration.",
        },
        {
            "as_intended": "yes",
            "predictions_held": "yes",
            "results": "Demo: the criteria were met in the second iteration.",
            "learning": "Demo: coaching on the closing step made it usable.",
        },
        {"decision": "adopt", "next_steps": "Demo: include the revised guide in training for the next cohort."},
    )
    for data in phases:
        # Do and Study move the test on as they are saved; Act is closed below, on its own date.
        advance = data is not phases[-1]
        cycle = services.cycle_update(
            cycle=cycle, actor=lead, expected_version=cycle.version, advance=advance, data=data
        )
    services.cycle_advance(cycle=cycle, actor=lead, closed_on=ago(80))
    return 1


# Each area's own short tests in the last three ended quarters, so each quarter's return counts cycles
# started and closed, and each area's differ: (title, change idea, quarters back, day started, days
# tested, decision, results, learning).
AREA_CYCLES = {
    "dundee": [
        (
            "Demo: Chronology prompt at the six-week visit",
            "Demo: health visitors update the one-page chronology at the six-week visit.",
            3,
            10,
            28,
            "adopt",
            "Demo: 9 of 10 chronologies up to date after the visit.",
            "Demo: tying the update to a routine visit makes it stick.",
        ),
        (
            "Demo: Coaching by phone between sessions",
            "Demo: a ten-minute phone check-in between fortnightly coaching sessions.",
            2,
            20,
            35,
            "adapt",
            "Demo: practitioners liked it; coaches found the extra calls hard to fit in.",
            "Demo: keep it for new practitioners only.",
        ),
    ],
    "inverclyde": [
        (
            "Demo: First-contact conversation in one locality",
            "Demo: duty social workers use a structured first-contact conversation with families.",
            3,
            30,
            42,
            "adapt",
            "Demo: families said they understood what happens next; calls took longer.",
            "Demo: shorten the opening questions before a second locality tries it.",
        ),
        (
            "Demo: Shorter first-contact conversation",
            "Demo: the first-contact conversation with three opening questions instead of six.",
            2,
            15,
            30,
            "adopt",
            "Demo: call length back to normal; families' understanding held.",
            "Demo: ready to try in the second locality.",
        ),
        (
            "Demo: Text reminder before the first home visit",
            "Demo: families get a text the day before the first home visit.",
            1,
            5,
            21,
            "abandon",
            "Demo: no change in visits missed; some families had no mobile signal.",
            "Demo: missed visits have other causes; ask families what they are.",
        ),
    ],
    "perth-and-kinross": [
        (
            "Demo: Family support plan on one page",
            "Demo: the family support plan shortened to one page, written with the family.",
            2,
            25,
            40,
            "adopt",
            "Demo: plans written with families in 8 of 9 cases.",
            "Demo: families keep a copy and bring it to reviews.",
        ),
    ],
}


def _area_cycles(area, lead, today: date) -> int:
    current = Quarter.of(today)
    made = 0
    for title, change_idea, back, day, days, decision, results, learning in AREA_CYCLES.get(area.slug, []):
        quarter = current
        for _ in range(back):
            quarter = quarter.previous()
        started = quarter.start + timedelta(days=day)
        ended = min(started + timedelta(days=days), today - timedelta(days=4))
        _run(
            area,
            lead,
            {"title": title, "aim": AIM, "change_idea": change_idea, **_plan(title)},
            measures=[],
            do={
                "started_on": started,
                "ended_on": ended,
                "what_happened": "Demo: tested as planned.",
                "observations": "Demo: nothing unexpected.",
            },
            study={"as_intended": "yes", "predictions_held": "partly", "results": results, "learning": learning},
            act={"decision": decision, "next_steps": learning},
            closed_on=min(ended + timedelta(days=7), today),
        )
        made += 1
    return made


def _feedback(area, lead, today: date) -> int:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    items = [
        {
            "title": "Demo: Two referral forms for the same concern",
            "description": "Demo: practitioners fill in the council's form and the health board's form with the "
            "same information.",
            "raised_on": ago(12),
            "raised_from": "practice",
        },
        {
            "title": "Demo: No cover for huddle time in the rota",
            "description": "Demo: the health-visiting rota leaves no protected time for the weekly huddle.",
            "raised_on": ago(95),
            "raised_from": "practice_team",
            "status": "routed",
            "routed_to": "leadership",
            "routed_on": ago(88),
        },
        {
            "title": "Demo: Information-sharing guidance unclear for universal services",
            "description": "Demo: staff are unsure what they may share about wellbeing concerns before consent.",
            "raised_on": ago(70),
            "raised_from": "implementation",
            "status": "responded",
            "routed_to": "cpc",
            "routed_on": ago(64),
            "response": "Demo: the committee will issue a one-page summary with the next guidance update.",
            "responded_on": ago(20),
        },
        {
            "title": "Demo: Duplicate recording in two systems",
            "description": "Demo: family support workers record the same contact in two case systems.",
            "raised_on": ago(140),
            "raised_from": "practice",
            "status": "resolved",
            "routed_to": "implementation",
            "routed_on": ago(135),
            "response": "Demo: a single recording template agreed; the second system is read-only for this work.",
            "responded_on": ago(110),
            "shared_with_practice_on": ago(104),
            "resolved_on": ago(100),
        },
        {
            "title": "Demo: Chronology template missing from the case system",
            "description": "Demo: practitioners keep the one-page chronology in a separate document.",
            "raised_on": ago(60),
            "raised_from": "practice_team",
            "status": "changed",
            "routed_to": "implementation",
            "routed_on": ago(55),
            "response": "Demo: the template has been added to the case system; a briefing for practitioners is due.",
            "responded_on": ago(12),
            "resolved_on": ago(9),
        },
        {
            "title": "Demo: National threshold guidance for early help",
            "description": "Demo: practitioners asked for national guidance on when to offer early help.",
            "raised_on": ago(200),
            "raised_from": "leadership",
            "status": "closed",
            "routed_to": "national",
            "routed_on": ago(190),
            "response": "Demo: covered by the national guidance refresh; no separate guidance planned.",
            "responded_on": ago(160),
            "shared_with_practice_on": ago(155),
            "resolved_on": ago(150),
        },
    ]
    for data in items:
        services.feedback_create(area=area, actor=lead, data=data)
    return len(items)


def seed(stdout=None) -> None:
    """Give each programme area its demo cycles and feedback items (once)."""
    today = timezone.localdate()
    cycles = feedback = 0
    for area in LocalArea.objects.in_programme().order_by("name"):
        lead = _lead(area)
        if lead is None:
            continue  # no demo lead for this area: nothing to write as
        if not Cycle.objects.filter(area=area).exists():
            cycles += _ramp(area, lead, _change_month(area, today))
            cycles += _usability_test(area, lead, today)
            cycles += _area_cycles(area, lead, today)
        if not FeedbackItem.objects.filter(area=area).exists():
            feedback += _feedback(area, lead, today)
    if stdout:
        stdout.write(f"Cycles demo: {cycles} cycles and {feedback} feedback items added.")
