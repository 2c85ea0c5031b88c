"""Stages at scale: each area's stage record moving on over the years (through the stages services;
an area that already has its own stage history, the demo's, keeps it), and 40 stakeholder
engagements a year, checked as `engagement_save` checks them and written in bulk with their history."""

from __future__ import annotations

from datetime import timedelta

from areas.scale import LABEL, bulk_save_with_history, checked, dated, days_between

from . import services
from .models import EngagementKind, Profession, Stage, StageChange, StakeholderEngagement, SystemLevel
from .selectors import current_stage

ENGAGEMENTS_PER_YEAR = 40
# (level, fewest and most participants): families meet in small groups, practitioners in surveys.
LEVELS = [
    (SystemLevel.FAMILIES, 3, 14),
    (SystemLevel.PRACTITIONERS, 6, 140),
    (SystemLevel.TEAM_MANAGERS, 4, 25),
    (SystemLevel.SENIOR_MANAGERS, 3, 15),
    (SystemLevel.ELECTED_MEMBERS, 2, 9),
    (SystemLevel.PARTNER_AGENCIES, 4, 40),
]
STRENGTHS = [
    "Practitioners know the families in their patch well.",
    "Health visitors and nursery staff already share concerns early.",
    "Leaders name neglect as a priority in the children's services plan.",
    "Third-sector partners reach families that statutory services do not.",
]
WEAKNESSES = [
    "Concerns are shared late, once needs have escalated.",
    "Little protected time for improvement work.",
    "Two recording systems hold parts of the same picture.",
    "Staff turnover breaks relationships with families.",
]
PRIORITIES = [
    "A shared way to notice and talk about early signs of neglect.",
    "Coaching for practitioners after training.",
    "Data on early help that teams can use at their meetings.",
    "Help offered in places families already go.",
]
# Months from joining at which an area moves on to each stage (fast, steady, slow); a later stage
# not reached by today is left for the future.
PACES = [(9, 24, 45), (15, 33, 54), (21, 45, None)]


def _stage_record(scale_area, scale, rng) -> int:
    area, lead = scale_area.area, scale_area.lead
    changes = StageChange.objects.filter(area=area)
    current = current_stage(area)
    if changes.count() > 1 or (current is not None and current.entered_on != scale.start):
        return 0  # the area's own (demo) stage history stays as it is
    made = 0
    if current is None:
        services.stage_change_record(
            area=area, actor=lead, stage=Stage.EXPLORATION, entered_on=scale.start, reason=f"Joined. {LABEL}"
        )
        made += 1
    for stage, months in zip((Stage.INSTALLATION, Stage.INITIAL, Stage.FULL), rng.choice(PACES), strict=True):
        entered_on = scale.start + timedelta(days=round(30.4 * months)) if months else None
        if entered_on is None or entered_on > scale.today:
            break
        services.stage_change_record(
            area=area,
            actor=lead,
            stage=stage,
            entered_on=entered_on,
            reason=f"Decided at the implementation team meeting. {LABEL}",
            evidence=f"Minutes of the implementation team. {LABEL}",
        )
        made += 1
    return made


def _engagement(rng, held_on) -> dict:
    level, fewest, most = rng.choice(LEVELS)
    professions = [] if level == SystemLevel.FAMILIES else rng.sample(Profession.values, rng.randint(1, 4))
    return {
        "held_on": held_on,
        "kind": rng.choice(EngagementKind.values),
        "level": level,
        "professions": professions,
        "participants": rng.randint(fewest, most),
        "strengths": f"{rng.choice(STRENGTHS)} {LABEL}",
        "weaknesses": f"{rng.choice(WEAKNESSES)} {LABEL}",
        "priorities": f"{rng.choice(PRIORITIES)} {LABEL}",
    }


def _engagements(scale_area, scale, rng) -> int:
    """40 engagements a year, checked as `engagement_save` checks them and written in bulk."""
    records = []
    for first, last in scale.year_spans():
        for held_on in days_between(rng, first, last, ENGAGEMENTS_PER_YEAR):
            services.no_future(held_on, "held_on")
            engagement = StakeholderEngagement(
                area=scale_area.area, recorded_by=scale_area.lead, **_engagement(rng, held_on)
            )
            records.append(dated(checked(engagement, exclude=["version"]), held_on))
    bulk_save_with_history(StakeholderEngagement, records, actor=scale_area.lead)
    return len(records)


def seed(scale, *, rng, stdout=None) -> None:
    """Stage records and engagement logs for every area at scale."""
    changes = engagements = 0
    for scale_area in scale.areas:
        changes += _stage_record(scale_area, scale, rng)
        engagements += _engagements(scale_area, scale, rng)
    if stdout:
        stdout.write(
            f"Stages at scale: {changes} stage changes, {engagements} engagements "
            f"({StakeholderEngagement.objects.count()} in all)."
        )
