"""Demo drivers assessments for the three programme areas: a few months apart, with believable
movement (competency drivers first, leadership steady, systems work slow), and actions on some gaps.

Dates are relative to today so the demo always looks current. Every record is written through the
services, as the demo leads with the demo CELCIS adviser facilitating, so history shows who did what.
"""

from datetime import timedelta

from django.utils import timezone

from areas.models import LocalArea, User

from . import selectors, services
from .models import Assessment, Driver, ItemScore

# area slug, demo lead, months ago of each assessment, starting level per driver group, what grows.
# Dundee is up to date; Perth & Kinross's last assessment is just over six months old, so the next is
# due; Inverclyde's is eight months old (overdue for CELCIS) and its next was started but left open.
PLANS = {
    "dundee": ("dundee-lead", (14, 8, 2), {"competency": 1.1, "organisation": 0.9, "leadership": 1.3}, 0.35),
    "perth-and-kinross": ("perth-lead", (12, 6.3), {"competency": 0.7, "organisation": 0.8, "leadership": 1.1}, 0.3),
    "inverclyde": ("inverclyde-lead", (14, 8), {"competency": 0.5, "organisation": 0.4, "leadership": 0.8}, 0.15),
}

# Drafts left open: (days ago, the answers given so far, in item order). Four of the items answered,
# so "See the scores so far" shows scores from four items and compares nothing with the last assessment.
OPEN_DRAFTS = {"inverclyde": (35, (0, 1, 0, 1))}

# Drivers that move more slowly than the rest in every area (systems work takes longest).
SLOW = {"systems-intervention": -0.5, "decision-support-data-system": -0.2, "coaching": 0.2}

EVIDENCE = {
    2: "Demo: seen in practice and written down; the team agreed without hesitation.",
    1: "Demo: started, but not yet consistent across services.",
    0: "Demo: not yet in place; the team agreed this is a gap.",
}

PARTICIPANTS = [
    {"role": "Demo: implementation team members", "count": 5},
    {"role": "Demo: team managers", "count": 3},
    {"role": "Demo: practitioners", "count": 4},
]


def _score(level: float, position: int, number: int) -> int | None:
    """A deterministic answer: level ≈ points (0–2) with a little variation by item."""
    if number == 0 and position % 7 == 6:
        return None  # the first session left an item or two for later
    wobble = ((position * 37) % 5 - 2) * 0.25
    return max(0, min(2, round(level + wobble)))


def seed(stdout=None) -> None:
    """Give each programme area two or three completed drivers assessments, and Inverclyde a draft
    left open (once)."""
    today = timezone.localdate()
    facilitator = User.objects.filter(username="celcis").first()
    drivers = {d.pk: d for d in Driver.objects.all()}
    created = 0
    for slug, (lead_name, months, levels, growth) in PLANS.items():
        area = LocalArea.objects.filter(slug=slug).first()
        lead = User.objects.filter(username=lead_name).first()
        if area is None or lead is None or Assessment.objects.filter(area=area).exists():
            continue  # no such area or lead, or already seeded: leave the demo as it is
        assessment = None
        for number, months_ago in enumerate(months):
            assessment = services.assessment_create(
                area=area,
                actor=lead,
                assessed_on=today - timedelta(days=round(30 * months_ago) + 3),
                facilitator=facilitator,
                participants=PARTICIPANTS,
                notes="Demo: facilitated session with the implementation team.",
            )
            items = list(assessment.item_set.items.order_by("order", "pk"))
            answers = {}
            for position, item in enumerate(items):
                driver = drivers[item.driver_id]
                level = levels[driver.group] + number * (growth + SLOW.get(driver.key, 0) * growth)
                value = _score(level, position, number)
                answers[item.pk] = services.Answer(score=value, evidence=EVIDENCE[value] if value is not None else "")
            services.assessment_save_draft(
                assessment=assessment, actor=lead, expected_version=assessment.version, answers=answers
            )
            services.assessment_complete(assessment=assessment, actor=lead)
            created += 1
        if assessment is not None:
            _actions_on_gaps(area, lead, assessment, today)
        if slug in OPEN_DRAFTS:
            _open_draft(area, lead, facilitator, today, *OPEN_DRAFTS[slug])
    if stdout:
        stdout.write(f"Drivers demo: {created} assessments added, {Assessment.objects.count()} in all.")


def _actions_on_gaps(area, lead, assessment, today) -> None:
    """Actions on the two weakest items of the latest assessment, if the action tracker is there."""
    if not selectors.actions_enabled():
        return
    from teams.models import TeamMember

    owner = TeamMember.objects.filter(area=area).active().order_by("pk").first()
    gaps = list(
        ItemScore.objects.filter(assessment=assessment, score__lt=2)
        .select_related("area", "assessment", "item__driver")
        .order_by("score", "pk")[:2]
    )
    for weeks, record in enumerate(gaps, start=4):
        services.gap_action_create(
            record=record,
            actor=lead,
            title=f"Demo: {record.item.driver.name} – {record.item.text}"[:250],
            description="Demo: agreed when the team reviewed the drivers assessment.",
            owner=owner,
            due_date=today + timedelta(weeks=weeks),
        )


def _open_draft(area, lead, facilitator, today, days_ago: int, values: tuple[int, ...]) -> None:
    """A draft started at a session some weeks ago with only a few items answered, never completed."""
    draft = services.assessment_create(
        area=area,
        actor=lead,
        assessed_on=today - timedelta(days=days_ago),
        facilitator=facilitator,
        participants=PARTICIPANTS[:1],
        notes="Demo: first session of the half-yearly assessment; the rest of the items are for the next one.",
    )
    items = list(draft.item_set.items.order_by("order", "pk"))
    answers = {
        item.pk: services.Answer(score=value, evidence=EVIDENCE[value])
        for item, value in zip(items, values, strict=False)
    }
    services.assessment_save_draft(assessment=draft, actor=lead, expected_version=draft.version, answers=answers)
