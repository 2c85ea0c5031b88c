"""The stages parts of a quarterly return (core.reporting).

"stages": the programme's and each reported innovation's stage and progress, and the stage changes
and activities completed in the quarter, with the stage pages' rules (stages.selectors and
stages.progress: the catalogue for a subject, activities as they stood on the figures date, and the
clock stopping when the subject left a stage). "engagement": stakeholder engagement in the quarter by
level of the system, from the engagement page's summary.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, each, one

from . import selectors
from .models import STAGE_ORDER, ActivityProgress, ActivityStatus, Stage, StageActivity, StageChange, StageChangeStatus
from .progress import all_stage_progress, stage_visits

PROGRAMME = "The programme as a whole"


def _progress_rows(records: dict, activities: list, period: ReturnPeriod, visits) -> list[dict]:
    dates = [
        selectors.activity_dates(activity.stage, records.get(activity.pk), period.upto)
        for activity in activities
        if selectors.in_catalogue(activity, records)
    ]
    return [
        {
            "stage": row.stage,
            "label": Stage(row.stage).label,
            "done": row.done,
            "total": row.total,
            "percent": row.percent,
            "duration_days": row.duration_days,
        }
        for row in all_stage_progress(STAGE_ORDER, dates, period.upto, visits)
    ]


def _stage_of(change: StageChange | None) -> dict:
    if change is None:
        return {"stage": None, "label": "Not recorded", "entered_on": None}
    return {"stage": change.stage, "label": change.get_stage_display(), "entered_on": change.entered_on.isoformat()}


def build_stages(period: ReturnPeriod) -> dict:
    """The programme's and each reported innovation's stage and progress, and the stage changes and
    activities completed in the quarter (the innovations are those of the return's innovations part)."""
    innovation_type = ContentType.objects.get_for_model(apps.get_model("innovations", "Innovation"))
    names = {row["id"]: row["name"] for row in period.built.get("innovations", [])}

    def subject_key(record):
        if record.subject_content_type_id is None:
            return None
        return record.subject_object_id if record.subject_content_type_id == innovation_type.pk else "other"

    def reported(key) -> bool:
        return key is None or key in names

    latest, entered, changes = {}, defaultdict(list), []
    for change in StageChange.objects.filter(
        area=period.area, status=StageChangeStatus.CONFIRMED, entered_on__lte=period.upto
    ).order_by("entered_on", "pk"):
        key = subject_key(change)
        latest[key] = change
        entered[key].append((change.stage, change.entered_on))
        if change.entered_on >= period.start and reported(key):
            changes.append(
                {
                    "subject": PROGRAMME if key is None else names[key],
                    "innovation_id": key,
                    "stage": change.stage,
                    "label": change.get_stage_display(),
                    "is_full": change.stage == Stage.FULL,
                    "entered_on": change.entered_on.isoformat(),
                }
            )
    activities = list(StageActivity.objects.all())
    records, completed = defaultdict(dict), []
    for record in ActivityProgress.objects.filter(area=period.area).select_related("activity"):
        key = subject_key(record)
        records[key][record.activity_id] = record
        if record.status == ActivityStatus.DONE and period.contains(record.completed_on) and reported(key):
            completed.append(
                {
                    "subject": PROGRAMME if key is None else names[key],
                    "innovation_id": key,
                    "title": record.activity.title,
                    "stage": Stage(record.activity.stage).label,
                    "completed_on": record.completed_on.isoformat(),
                }
            )
    completed.sort(key=lambda row: (row["completed_on"], row["subject"], row["title"]))

    def progress(key):
        return _progress_rows(records[key], activities, period, stage_visits(entered[key]))

    return {
        "programme": {**_stage_of(latest.get(None)), "progress": progress(None)},
        "innovations": [
            {"id": pk, "name": name, **_stage_of(latest.get(pk)), "progress": progress(pk)}
            for pk, name in names.items()
        ],
        "changes": changes,
        "activities_completed": completed,
        "activities_completed_count": len(completed),
    }


def upgrade_from_1(part: dict, snapshot: dict, extras: dict) -> dict:
    """Version 2 says of each stage change whether it reached full implementation (a key message)."""
    return {**part, "changes": [{**row, "is_full": row["stage"] == Stage.FULL} for row in part.get("changes", [])]}


def build_engagement(period: ReturnPeriod) -> dict:
    """Stakeholder engagement in the quarter, by level of the system (the engagement page's summary)."""
    summary = selectors.engagement_summary(period.area, period.start, period.upto)
    levels = [{key: row[key] for key in ("level", "label", "engagements", "participants")} for row in summary["levels"]]
    return {
        "levels": levels,
        "engagements": summary["total"],
        "participants": sum(row["participants"] for row in levels),
    }


# --- Where the portal shows these figures ------------------------------------------------------------


def _subjects(part: dict) -> list:
    return [None, *(row["id"] for row in part["innovations"])]


def _stage_page(period, item) -> str:
    if item is None:
        return reverse("stages:overview", args=[period.area.slug])
    return reverse("innovations:stage", args=[period.area.slug, item])


def _checklist_page(period, item) -> str:
    if item is None:
        return reverse("stages:checklist", args=[period.area.slug])
    return reverse("innovations:stage", args=[period.area.slug, item])


def _stage_of_subject(part: dict, item) -> dict:
    return part["programme"] if item is None else next(r for r in part["innovations"] if r["id"] == item)


def _current(response, name: str):
    current = response.context["current"]
    if current is None:
        return {"label": "Not recorded", "entered_on": None}[name]
    return current.get_stage_display() if name == "label" else current.entered_on.isoformat()


def _progress_value(rows) -> dict:
    return {row["stage"]: [row["done"], row["total"], row["percent"], row["duration_days"]] for row in rows}


def _page_progress(response) -> dict:
    return {p.stage: [p.done, p.total, p.percent, p.duration_days] for p in response.context["progress"]}


def _changes_on_page(response, period) -> int:
    return sum(
        change.status == StageChangeStatus.CONFIRMED and period.contains(change.entered_on)
        for change in response.context["timeline"]
    )


def _completed_on_page(response, period) -> int:
    return sum(
        row.done and period.contains(row.progress.completed_on)
        for stage in response.context["stages"]
        for row in stage["rows"]
    )


def _by_subject(part: dict, rows_key: str) -> dict:
    counts = dict.fromkeys(_subjects(part), 0)
    for row in part[rows_key]:
        counts[row["innovation_id"]] += 1
    return counts


STAGE_FIGURES = (
    Figure(
        "stages.stage",
        "Stage (the programme's, and each innovation's)",
        lambda part: {item: _stage_of_subject(part, item)["label"] for item in _subjects(part)},
        Page(_stage_page, lambda response, item, period: _current(response, "label")),
    ),
    Figure(
        "stages.entered_on",
        "Date the stage was entered",
        lambda part: {item: _stage_of_subject(part, item)["entered_on"] for item in _subjects(part)},
        Page(_stage_page, lambda response, item, period: _current(response, "entered_on")),
    ),
    Figure(
        "stages.progress",
        "Activities done of the stage's catalogue, proportion and activity span, per stage",
        lambda part: {item: _progress_value(_stage_of_subject(part, item)["progress"]) for item in _subjects(part)},
        Page(_stage_page, lambda response, item, period: _page_progress(response)),
    ),
    Figure(
        "stages.changes",
        "Stage changes confirmed in the quarter",
        lambda part: _by_subject(part, "changes"),
        Page(_stage_page, lambda response, item, period: _changes_on_page(response, period)),
    ),
    Figure(
        "stages.activities_completed",
        "Activities completed in the quarter",
        lambda part: _by_subject(part, "activities_completed"),
        Page(_checklist_page, lambda response, item, period: _completed_on_page(response, period)),
    ),
)


def _engagement_page(period, item=None) -> str:
    return reverse("stages:engagement_list", args=[period.area.slug]) + f"?start={period.start}&end={period.upto}"


def _listed_by_level(response, item, name: str) -> int:
    rows = [row for row in response.context["paginator"].object_list if row.level == item]
    return len(rows) if name == "engagements" else sum(row.participants for row in rows)


ENGAGEMENT_FIGURES = tuple(
    Figure(
        f"engagement.{name}",
        label,
        lambda part, name=name: each(part["levels"], name, key="level"),
        # The engagement log filtered to the quarter up to the figures date, counted by level.
        Page(_engagement_page, lambda response, item, period, name=name: _listed_by_level(response, item, name)),
    )
    for name, label in (("engagements", "Engagement activities by level"), ("participants", "Participants by level"))
) + (
    Figure(
        "engagement.total",
        "Engagement activities in the quarter",
        lambda part: one(part["engagements"]),
        Page(_engagement_page, lambda response, item, period: response.context["paginator"].count),
    ),
)

SECTIONS = [
    # After the innovations part: the stages part reports each of its innovations.
    ReturnSection(
        key="stages",
        title="Implementation stages",
        order=30,
        build=build_stages,
        figures=STAGE_FIGURES,
        upgrades={1: upgrade_from_1},
    ),
    ReturnSection(
        key="engagement",
        title="Stakeholder engagement",
        order=70,
        build=build_engagement,
        figures=ENGAGEMENT_FIGURES,
    ),
]
