"""Demo stage histories for the three programme areas: Dundee furthest on, Inverclyde least.

Dates are relative to today so the demo always looks current. Every record is written through the
services, as the demo leads, so history shows who did what.
"""

from datetime import timedelta

from django.utils import timezone

from areas.models import LocalArea, User
from core.quarters import Quarter

from . import evidence, services
from .models import (
    ActivityProgress,
    ActivityStatus,
    ReadinessCheck,
    ReadinessQuestion,
    StageActivity,
    StageChange,
    StakeholderEngagement,
)

# Plan against actual: stage → target (days from today; negative is past) per area, and the
# target of each activity still open (days from today, in order of the open activities).
TARGETS = {
    "dundee": ({"installation": -330, "initial": 120}, [45, -20, 90]),
    "perth-and-kinross": ({"exploration": -400, "installation": -30}, [-25, 20, 60]),
    "inverclyde": ({"exploration": 90}, [30, -10, 120]),
}

# area slug, demo lead, [(stage, months ago)], activities done per stage, in progress per stage
PLANS = {
    "dundee": (
        "dundee-lead",
        [("exploration", 30), ("installation", 20), ("initial", 9)],
        {"exploration": 8, "installation": 7, "initial": 3},
        {"installation": 1, "initial": 3},
    ),
    "perth-and-kinross": (
        "perth-lead",
        [("exploration", 26), ("installation", 12)],
        {"exploration": 8, "installation": 3},
        {"installation": 3},
    ),
    "inverclyde": (
        "inverclyde-lead",
        [("exploration", 14), ("installation", 5), ("exploration", 2)],
        {"exploration": 5},
        {"exploration": 2, "installation": 1},
    ),
}

ENGAGEMENTS = [
    # months ago, kind, level, professions, participants, strengths, weaknesses, priorities
    (
        28,
        "workshop",
        "practitioners",
        ["health_visitors", "teachers", "social_workers"],
        34,
        "Strong relationships between health visitors and nursery staff.",
        "Concerns about neglect are shared late, once needs have escalated.",
        "A shared way to notice and talk about early signs of neglect.",
    ),
    (
        27,
        "focus_group",
        "families",
        [],
        9,
        "Parents value workers who stay the same over time.",
        "Families describe help as hard to find without a crisis.",
        "Help offered early, in places families already go.",
    ),
    (
        25,
        "briefing",
        "senior_managers",
        ["social_workers", "police"],
        12,
        "Leaders agree neglect is a priority for the Child Protection Committee.",
        "Little dedicated time for improvement work.",
        "Protected time for an implementation team.",
    ),
    (
        24,
        "survey",
        "practitioners",
        ["midwives", "health_visitors", "community_development"],
        118,
        "Practitioners want to act earlier.",
        "Uncertainty about when and how to share concerns.",
        "Training and coaching on a common approach.",
    ),
]


def _lead(username):
    return User.objects.get(username=username)


def record_demo_activity(
    area, lead, activity, *, started_on, completed_on=None, subject=None, target_on=services.UNCHANGED
) -> None:
    """Record a demo checklist activity as begun, and done if it has a completion date."""
    services.activity_progress_save(
        area=area,
        actor=lead,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.DONE if completed_on else ActivityStatus.IN_PROGRESS,
        started_on=started_on,
        completed_on=completed_on,
        notes="Demo data.",
        subject=subject,
        target_on=target_on,
    )


def _confirm_from_records(area, lead, activity) -> bool:
    """Mark a demo activity done from the area's own record of it (engagement, readiness check),
    as a person would with the checklist's button. False when there is no such record."""
    for key in activity.evidence_kinds:
        if key in ("engagement_logged", "readiness_check"):
            found = evidence.records_by_kind(area, None, [key])[key]
            if found:
                services.activity_evidence_confirm(
                    area=area, actor=lead, activity=activity, kind=key, record_id=found[0].pk
                )
                return True
    return False


def _targets(area, lead, slug, today) -> None:
    """Target dates for some stages and for the activities still open: some met, some late."""
    stage_days, activity_days = TARGETS[slug]
    services.stage_targets_save(
        area=area,
        actor=lead,
        targets={stage: today + timedelta(days=days) for stage, days in stage_days.items()},
    )
    still_open = ActivityProgress.objects.filter(
        area=area, subject_content_type__isnull=True, status=ActivityStatus.IN_PROGRESS
    ).select_related("activity")
    for record, days in zip(still_open.order_by("-started_on", "pk"), activity_days, strict=False):
        services.activity_progress_save(
            area=area,
            actor=lead,
            activity=record.activity,
            expected_version=record.version,
            status=record.status,
            started_on=record.started_on,
            completed_on=record.completed_on,
            notes=record.notes,
            evidence_link=record.evidence_link,
            target_on=today + timedelta(days=days),
        )


def _activities(area, lead, changes, done, in_progress, activities, today) -> None:
    """The checklist: activities done (from the area's own records where it has them) and open."""
    # Activities start when their stage was first entered (exploration work before that).
    stage_start = {}
    for stage, months_ago in changes:
        stage_start.setdefault(stage, today - timedelta(days=30 * months_ago))
    for stage_value in ("exploration", "installation", "initial", "full"):
        stage_activities = [a for a in activities if a.stage == stage_value]
        n_done = done.get(stage_value, 0)
        n_open = in_progress.get(stage_value, 0)
        start = stage_start.get(stage_value, today - timedelta(days=60))
        for position, activity in enumerate(stage_activities[: n_done + n_open]):
            began = min(start + timedelta(days=15 * position), today - timedelta(days=10))
            finished = n_done > position
            done_on = min(began + timedelta(days=40), today) if finished else None
            if finished and _confirm_from_records(area, lead, activity):
                continue
            record_demo_activity(area, lead, activity, started_on=began, completed_on=done_on)


def _proposal(area, today) -> None:
    """A member's proposed move waiting for the lead's decision (the lead's to-do list shows it)."""
    services.stage_change_record(
        area=area,
        actor=_lead("perth-member"),
        stage="initial",
        entered_on=today - timedelta(days=5),
        reason="Demo: the first practitioners in Perth city north started using the toolkit.",
        evidence="Demo data: coaching log for the first cohort.",
    )


# Each area's own recent engagement, in the last three ended quarters (so the quarterly returns and the
# report have something to say, and each area something different):
# quarters back from the current one, day into that quarter, kind, level, professions, participants, themes.
RECENT_ENGAGEMENTS = {
    "dundee": [
        (
            3,
            20,
            "workshop",
            "practitioners",
            ["health_visitors", "midwives"],
            26,
            "Coaching is valued; time for it is short.",
        ),
        (2, 12, "focus_group", "families", [], 7, "Families want one worker who knows them."),
        (2, 55, "briefing", "elected_members", [], 11, "Members ask how the programme shows results."),
        (
            1,
            30,
            "survey",
            "practitioners",
            ["health_visitors", "teachers"],
            64,
            "The practice profile is clear; recording is slow.",
        ),
    ],
    "inverclyde": [
        (3, 40, "meeting", "partner_agencies", ["third_sector", "police"], 15, "Partners share a map of the pathway."),
        (2, 25, "interview", "families", [], 6, "Parents describe the first contact as decisive."),
        (
            1,
            18,
            "workshop",
            "practitioners",
            ["social_workers", "community_development"],
            22,
            "Tests of the first-contact conversation.",
        ),
    ],
    "perth-and-kinross": [
        (3, 10, "briefing", "team_managers", ["teachers"], 18, "Head teachers agree a shared definition of concern."),
        (
            2,
            35,
            "workshop",
            "practitioners",
            ["teachers", "third_sector"],
            31,
            "Rural practitioners meet online each month.",
        ),
        (2, 70, "survey", "families", [], 43, "Families in rural areas find help far away."),
        (
            1,
            50,
            "focus_group",
            "practitioners",
            ["health_visitors", "teachers"],
            9,
            "The family support plan is easier to use.",
        ),
    ],
}


def _recent_engagements(area, lead, today) -> None:
    current = Quarter.of(today)
    for back, day, kind, level, professions, participants, theme in RECENT_ENGAGEMENTS.get(area.slug, []):
        quarter = current
        for _ in range(back):
            quarter = quarter.previous()
        services.engagement_save(
            area=area,
            actor=lead,
            data={
                "held_on": min(quarter.start + timedelta(days=day), quarter.end),
                "kind": kind,
                "level": level,
                "professions": professions,
                "participants": participants,
                "strengths": f"Demo: {theme}",
                "weaknesses": "",
                "priorities": "",
            },
        )


def seed(stdout=None) -> None:
    """Give each programme area a believable, different stage history (once)."""
    today = timezone.localdate()
    activities = list(StageActivity.objects.filter(retired_on__isnull=True))
    questions = list(ReadinessQuestion.objects.filter(retired_on__isnull=True))
    for slug, (lead_name, changes, done, in_progress) in PLANS.items():
        area = LocalArea.objects.get(slug=slug)
        if StageChange.objects.filter(area=area).exists():
            continue  # already seeded: leave the demo history as it is
        lead = _lead(lead_name)
        for index, (stage, months_ago) in enumerate(changes):
            going_back = index and stage == "exploration"
            services.stage_change_record(
                area=area,
                actor=lead,
                stage=stage,
                entered_on=today - timedelta(days=30 * months_ago),
                reason="Demo: key staff left and the team is re-examining need."
                if going_back
                else "Demo: decided at the implementation team meeting.",
                evidence="Demo data: minutes of the implementation team.",
            )
        for months_ago, kind, level, professions, participants, strengths, weaknesses, priorities in ENGAGEMENTS:
            if months_ago > changes[0][1]:
                months_ago = changes[0][1] - 1
            services.engagement_save(
                area=area,
                actor=lead,
                data={
                    "held_on": today - timedelta(days=30 * months_ago),
                    "kind": kind,
                    "level": level,
                    "professions": professions,
                    "participants": participants,
                    "strengths": f"Demo: {strengths}",
                    "weaknesses": f"Demo: {weaknesses}",
                    "priorities": f"Demo: {priorities}",
                },
            )
        _recent_engagements(area, lead, today)
        for number, months_ago in enumerate((changes[0][1] - 1, max(changes[0][1] - 7, 1))):
            services.readiness_check_record(
                area=area,
                actor=lead,
                checked_on=today - timedelta(days=30 * months_ago),
                participants="Demo: implementation team (5)",
                notes="Demo data.",
                scores={q.pk: min(5, 2 + number + (q.order // 20) % 2) for q in questions},
            )
        _activities(area, lead, changes, done, in_progress, activities, today)
        _targets(area, lead, slug, today)
        if slug == "perth-and-kinross":
            _proposal(area, today)
    if stdout:
        stdout.write(
            f"Stages demo: {StageChange.objects.count()} stage changes, "
            f"{ActivityProgress.objects.count()} activity records, "
            f"{StakeholderEngagement.objects.count()} engagements, {ReadinessCheck.objects.count()} readiness checks."
        )
