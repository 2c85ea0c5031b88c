"""Reads for drivers: scores, comparisons, trends, the national heat map and the overview panel.

Every function here uses a fixed number of queries, however many assessments, items or areas lie
behind it; the arithmetic itself lives in `drivers.scoring`.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils import timezone

from areas.models import AREA_ROLES, Role, User

from .models import (
    GROUP_ORDER,
    Assessment,
    AssessmentStatus,
    Driver,
    DriverGroup,
    Item,
    ItemScore,
    ItemSet,
)
from .scoring import AssessmentScores, Score, ScoredItem, change, score_assessment, score_label

STALE_AFTER_MONTHS = 6


# --- Small helpers ---------------------------------------------------------------------------------


def current_item_set() -> ItemSet | None:
    """The latest published version of the items: the one new assessments use."""
    return ItemSet.objects.current()


def draft_item_set() -> ItemSet | None:
    return ItemSet.objects.filter(status="draft").first()


def innovation_model():
    """The innovations app's model, if it exists yet (it is built alongside this app)."""
    try:
        return apps.get_model("innovations", "Innovation")
    except LookupError:
        return None


def innovations_for(area) -> list:
    """The area's innovations, which an assessment may be about."""
    model = innovation_model()
    if model is None:
        return []
    return list(model.objects.filter(area=area).order_by("name", "pk"))


def facilitator_choices(area, include=None):
    """People who may facilitate: the area's members and leads, and CELCIS staff."""
    active = Q(memberships__ended_on__isnull=True)
    people = Q(memberships__area=area, memberships__role__in=AREA_ROLES) | Q(memberships__role=Role.CELCIS)
    condition = active & people
    if include is not None:
        condition |= Q(pk=include)
    return User.objects.filter(condition).distinct().order_by("last_name", "first_name", "username")


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_stale(assessed_on: date, today: date | None = None) -> bool:
    """Over six months old: the programme repeats the assessment about every six months."""
    return assessed_on < months_before(today or timezone.localdate(), STALE_AFTER_MONTHS)


def _wording(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def item_key(driver_id: int, text: str) -> tuple[int, str]:
    """What makes two items in different versions 'the same item': one driver and one wording."""
    return (driver_id, _wording(text))


def same_subject(assessment) -> Q:
    """Q for assessments about the same thing as `assessment` (programme, or one innovation)."""
    if assessment.subject_content_type_id is None:
        return Q(subject_content_type__isnull=True)
    return Q(subject_content_type_id=assessment.subject_content_type_id, subject_object_id=assessment.subject_object_id)


def comparable_assessments(area):
    """The area's completed assessments, leaving out any replaced by a completed correction."""
    return Assessment.objects.filter(area=area, status=AssessmentStatus.COMPLETED).exclude(
        corrections__status=AssessmentStatus.COMPLETED
    )


def previous_assessment(assessment) -> Assessment | None:
    """The completed assessment before this one about the same thing (not the one it corrects)."""
    earlier = comparable_assessments(assessment.area_id).filter(same_subject(assessment)).exclude(pk=assessment.pk)
    if assessment.pk:
        earlier = earlier.filter(
            Q(assessed_on__lt=assessment.assessed_on) | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk)
        )
    if assessment.corrects_id:
        earlier = earlier.exclude(pk=assessment.corrects_id)
    return earlier.order_by("-assessed_on", "-pk").first()


def drivers_in_order() -> list[Driver]:
    return sorted(Driver.objects.all(), key=lambda d: (GROUP_ORDER.index(d.group), d.order, d.pk))


def drivers_by_group(drivers: list[Driver]) -> list[tuple[str, str, list[Driver]]]:
    """(group value, group label, its drivers) in the programme's order."""
    return [(group, DriverGroup(group).label, [d for d in drivers if d.group == group]) for group in GROUP_ORDER]


# --- Scores for many assessments at once ------------------------------------------------------------


def scores_by_assessment(assessments, drivers: list[Driver] | None = None) -> dict[int, AssessmentScores]:
    """Each assessment's scores per driver, per group and overall (three queries for any number)."""
    assessments = list(assessments)
    if not assessments:
        return {}
    drivers = drivers if drivers is not None else drivers_in_order()
    group_of = {d.pk: d.group for d in drivers}
    key_of = {d.pk: d.key for d in drivers}
    items_by_set = defaultdict(list)
    for item_id, set_id, driver_id in Item.objects.filter(
        item_set_id__in={a.item_set_id for a in assessments}
    ).values_list("pk", "item_set_id", "driver_id"):
        items_by_set[set_id].append((item_id, driver_id))
    values = {
        (assessment_id, item_id): score
        for assessment_id, item_id, score in ItemScore.objects.filter(
            assessment_id__in=[a.pk for a in assessments]
        ).values_list("assessment_id", "item_id", "score")
    }
    result = {}
    for assessment in assessments:
        scored = [
            ScoredItem(driver=key_of[driver_id], group=group_of[driver_id], value=values.get((assessment.pk, item_id)))
            for item_id, driver_id in items_by_set[assessment.item_set_id]
        ]
        result[assessment.pk] = score_assessment(
            scored, drivers=[d.key for d in drivers], groups=[g.value for g in GROUP_ORDER]
        )
    return result


# --- One assessment, item by item, with what moved ---------------------------------------------------


@dataclass
class ItemRow:
    item: Item
    record: ItemScore | None
    previous: int | None = None
    previous_answered: bool = False
    actions: list = field(default_factory=list)

    @property
    def value(self) -> int | None:
        return self.record.score if self.record else None

    @property
    def label(self) -> str:
        return score_label(self.value)

    @property
    def previous_label(self) -> str:
        return score_label(self.previous) if self.previous_answered else "Not assessed"

    @property
    def evidence(self) -> str:
        return self.record.evidence if self.record else ""

    @property
    def is_gap(self) -> bool:
        return self.value is not None and self.value < 2

    @property
    def movement(self) -> str:
        """'Moved up', 'Moved down', 'No change' or '' when there is nothing to compare."""
        if not self.previous_answered or self.value is None:
            return ""
        if self.value > self.previous:
            return "Moved up"
        if self.value < self.previous:
            return "Moved down"
        return "No change"

    @property
    def open_actions(self) -> list:
        return [a for a in self.actions if a.is_open]


@dataclass
class DriverRow:
    driver: Driver
    score: Score
    previous: Score | None
    items: list[ItemRow]

    @property
    def change(self) -> int | None:
        return change(self.previous.percent if self.previous else None, self.score.percent)


@dataclass
class GroupRow:
    value: str
    label: str
    score: Score
    previous: Score | None
    drivers: list[DriverRow]

    @property
    def change(self) -> int | None:
        return change(self.previous.percent if self.previous else None, self.score.percent)


@dataclass
class AssessmentReport:
    assessment: Assessment
    previous_assessment: Assessment | None
    groups: list[GroupRow]
    overall: Score
    previous_overall: Score | None

    @property
    def overall_change(self) -> int | None:
        return change(self.previous_overall.percent if self.previous_overall else None, self.overall.percent)

    @property
    def driver_rows(self) -> list[DriverRow]:
        return [row for group in self.groups for row in group.drivers]

    @property
    def item_rows(self) -> list[ItemRow]:
        return [item for row in self.driver_rows for item in row.items]

    @property
    def moved_items(self) -> list[ItemRow]:
        return [row for row in self.item_rows if row.movement in ("Moved up", "Moved down")]


def assessment_report(assessment: Assessment, *, with_actions: bool = False) -> AssessmentReport:
    """Every driver and item of one assessment with its score, the previous assessment's score for
    the same item (by item, or by driver and wording across versions) and, if asked, the actions
    taken on it. A fixed number of queries."""
    drivers = drivers_in_order()
    previous = previous_assessment(assessment)
    set_ids = {assessment.item_set_id} | ({previous.item_set_id} if previous else set())
    items = list(Item.objects.filter(item_set_id__in=set_ids).order_by("order", "pk"))
    records = {
        (r.assessment_id, r.item_id): r
        for r in ItemScore.objects.filter(
            area_id=assessment.area_id, assessment_id__in=[assessment.pk] + ([previous.pk] if previous else [])
        )
    }
    driver_map = {d.pk: d for d in drivers}
    for item in items:
        item.driver = driver_map[item.driver_id]  # already loaded: no query per item
    own_items = [i for i in items if i.item_set_id == assessment.item_set_id]
    previous_by_item: dict[int, int | None] = {}
    previous_by_key: dict[tuple, int | None] = {}
    previous_scores = None
    if previous:
        previous_scores = scores_by_assessment([previous], drivers)[previous.pk]
        for item in items:
            if item.item_set_id == previous.item_set_id:
                record = records.get((previous.pk, item.pk))
                value = record.score if record else None
                previous_by_item[item.pk] = value
                previous_by_key.setdefault(item_key(item.driver_id, item.text), value)

    actions_by_item = _actions_by_item(assessment, previous, own_items) if with_actions else {}
    rows_by_driver: dict[int, list[ItemRow]] = defaultdict(list)
    for item in own_items:
        row = ItemRow(item=item, record=records.get((assessment.pk, item.pk)))
        if previous:
            if item.pk in previous_by_item:
                row.previous = previous_by_item[item.pk]
            else:
                row.previous = previous_by_key.get(item_key(item.driver_id, item.text))
            row.previous_answered = row.previous is not None
        row.actions = actions_by_item.get(item.pk, [])
        rows_by_driver[item.driver_id].append(row)
    scores = score_assessment(
        [
            ScoredItem(
                driver=driver_map[row.item.driver_id].key, group=driver_map[row.item.driver_id].group, value=row.value
            )
            for driver_rows in rows_by_driver.values()
            for row in driver_rows
        ],
        drivers=[d.key for d in drivers],
        groups=[g.value for g in GROUP_ORDER],
    )
    groups = []
    for group, label, group_drivers in drivers_by_group(drivers):
        groups.append(
            GroupRow(
                value=group,
                label=label,
                score=scores.group(group),
                previous=previous_scores.group(group) if previous_scores else None,
                drivers=[
                    DriverRow(
                        driver=d,
                        score=scores.driver(d.key),
                        previous=previous_scores.driver(d.key) if previous_scores else None,
                        items=rows_by_driver.get(d.pk, []),
                    )
                    for d in group_drivers
                ],
            )
        )
    return AssessmentReport(
        assessment=assessment,
        previous_assessment=previous,
        groups=groups,
        overall=scores.overall,
        previous_overall=previous_scores.overall if previous_scores else None,
    )


# --- Actions on gaps (the teams app's action tracker) -----------------------------------------------


def _action_model():
    try:
        return apps.get_model("teams", "Action")
    except LookupError:
        return None


def actions_enabled() -> bool:
    """Whether the teams app's action tracker is there to take actions on gaps."""
    return _action_model() is not None


def driver_actions(area):
    """Every action in the area about a drivers item score, with its owner (no ordering applied)."""
    model = _action_model()
    if model is None:
        return None
    return model.objects.filter(
        area=area, subject_content_type=ContentType.objects.get_for_model(ItemScore)
    ).select_related("owner", "owner__team")


def _actions_by_item(assessment, previous, own_items) -> dict[int, list]:
    """For each item of `assessment`: actions taken on this item in this assessment, on the same item
    in the previous one (whatever their status, to show whether it moved), and any still open from
    earlier assessments about the same thing."""
    actions_qs = driver_actions(assessment.area_id)
    if actions_qs is None:
        return {}
    actions = list(actions_qs.order_by("due_date", "pk"))
    if not actions:
        return {}
    linked = {
        r.pk: r
        for r in ItemScore.objects.filter(
            area_id=assessment.area_id, pk__in=[a.subject_object_id for a in actions]
        ).select_related("item", "assessment")
    }
    own_by_pk = {i.pk: i for i in own_items}
    own_by_key = {}
    for item in own_items:
        own_by_key.setdefault(item_key(item.driver_id, item.text), item.pk)
    this_subject = (assessment.subject_content_type_id, assessment.subject_object_id)
    result: dict[int, list] = defaultdict(list)
    for action in actions:
        record = linked.get(action.subject_object_id)
        if record is None:
            continue
        source = record.assessment
        if (source.subject_content_type_id, source.subject_object_id) != this_subject:
            continue
        if source.pk != assessment.pk:
            later = (source.assessed_on, source.pk) > (assessment.assessed_on, assessment.pk)
            from_previous = previous is not None and source.pk == previous.pk
            if later or not (from_previous or action.is_open):
                continue
        item_pk = (
            record.item_id
            if record.item_id in own_by_pk
            else own_by_key.get(item_key(record.item.driver_id, record.item.text))
        )
        if item_pk is None:
            continue
        action.source_assessment = source
        result[item_pk].append(action)
    return result


def open_driver_actions(area):
    """Open actions on drivers gaps, soonest due first (None when there is no action tracker)."""
    actions = driver_actions(area)
    if actions is None:
        return None
    from teams.models import OPEN_STATUSES

    return actions.filter(status__in=OPEN_STATUSES).order_by(F("due_date").asc(nulls_last=True), "pk")


# --- Change over time --------------------------------------------------------------------------------


@dataclass
class Trend:
    assessments: list[Assessment]
    scores: dict[int, AssessmentScores]
    drivers: list[Driver]

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def previous(self) -> Assessment | None:
        return self.assessments[-2] if len(self.assessments) > 1 else None

    def moved(self) -> list[dict]:
        """Per group and driver: previous and latest score and the change, for 'what moved'."""
        latest = self.scores[self.latest.pk] if self.latest else None
        previous = self.scores[self.previous.pk] if self.previous else None
        rows = []
        if latest is None:
            return rows
        for group, label, group_drivers in drivers_by_group(self.drivers):
            rows.append(_moved_row(label, latest.group(group), previous.group(group) if previous else None, True))
            for driver in group_drivers:
                rows.append(
                    _moved_row(
                        driver.name, latest.driver(driver.key), previous.driver(driver.key) if previous else None, False
                    )
                )
        rows.append(_moved_row("Overall", latest.overall, previous.overall if previous else None, True))
        return rows


def _moved_row(label, latest: Score, previous: Score | None, is_total: bool) -> dict:
    return {
        "label": label,
        "latest": latest,
        "previous": previous,
        "change": change(previous.percent if previous else None, latest.percent),
        "is_total": is_total,
    }


def subject_choices(area) -> list[tuple[str, str]]:
    """('programme', 'The programme as a whole') and one choice per innovation of the area."""
    return [("programme", "The programme as a whole")] + [(str(i.pk), i.name) for i in innovations_for(area)]


def subject_for(area, value: str | None):
    """The subject a filter value names: None for the programme, an innovation, or False if unknown."""
    if value in (None, "", "programme"):
        return None
    model = innovation_model()
    if model is None or not str(value).isdigit():
        return False
    return model.objects.filter(area=area, pk=int(value)).first() or False


def trend(area, subject=None) -> Trend:
    """The area's completed assessments about `subject` (None: the programme), oldest first, with
    their scores (five queries)."""
    ct_filter = (
        Q(subject_content_type__isnull=True)
        if subject is None
        else Q(subject_content_type=ContentType.objects.get_for_model(subject), subject_object_id=subject.pk)
    )
    assessments = list(
        comparable_assessments(area).filter(ct_filter).select_related("item_set").order_by("assessed_on", "pk")
    )
    drivers = drivers_in_order()
    return Trend(assessments=assessments, scores=scores_by_assessment(assessments, drivers), drivers=drivers)


def default_subject_value(area) -> str:
    """Show the progress of what the area last assessed (the programme if nothing yet)."""
    latest = comparable_assessments(area).order_by("-assessed_on", "-pk").values_list("subject_object_id").first()
    return str(latest[0]) if latest and latest[0] is not None else "programme"


# --- Across areas ------------------------------------------------------------------------------------


@dataclass
class HeatmapColumn:
    area: object
    assessment: Assessment | None
    scores: AssessmentScores | None

    @property
    def is_stale(self) -> bool:
        return self.assessment is not None and is_stale(self.assessment.assessed_on)


@dataclass
class HeatmapRow:
    label: str
    kind: str  # "group", "driver" or "overall"
    cells: list[Score | None]


@dataclass
class Heatmap:
    columns: list[HeatmapColumn]
    rows: list[HeatmapRow]


def latest_assessments(area_ids) -> dict[int, Assessment]:
    """Each area's latest completed assessment (replaced ones left out): one query."""
    latest: dict[int, Assessment] = {}
    completed = (
        Assessment.objects.filter(area_id__in=list(area_ids), status=AssessmentStatus.COMPLETED)
        .exclude(corrections__status=AssessmentStatus.COMPLETED)
        .select_related("item_set")
        .prefetch_related("subject")
        .order_by("area_id", "-assessed_on", "-pk")
    )
    for assessment in completed:
        latest.setdefault(assessment.area_id, assessment)
    return latest


def national_heatmap(areas) -> Heatmap:
    """Drivers (rows) × areas (columns) from each area's latest assessment, with group and overall
    rows. A fixed number of queries for any number of areas."""
    areas = list(areas)
    latest = latest_assessments(a.pk for a in areas)
    drivers = drivers_in_order()
    scores = scores_by_assessment(latest.values(), drivers)
    columns = [
        HeatmapColumn(
            area=area,
            assessment=latest.get(area.pk),
            scores=scores.get(latest[area.pk].pk) if area.pk in latest else None,
        )
        for area in areas
    ]
    rows = []
    for group, label, group_drivers in drivers_by_group(drivers):
        rows.append(HeatmapRow(label, "group", [c.scores.group(group) if c.scores else None for c in columns]))
        for driver in group_drivers:
            rows.append(
                HeatmapRow(driver.name, "driver", [c.scores.driver(driver.key) if c.scores else None for c in columns])
            )
    rows.append(HeatmapRow("Overall", "overall", [c.scores.overall if c.scores else None for c in columns]))
    return Heatmap(columns=columns, rows=rows)


# --- The area overview panel ---------------------------------------------------------------------------

PANEL_WEAKEST = 3
PANEL_ACTIONS = 5


def overview_panel(area, access) -> dict:
    """Latest driver scores, the weakest drivers and open actions on gaps (a fixed number of queries)."""
    latest = comparable_assessments(area).select_related("item_set").order_by("-assessed_on", "-pk").first()
    drivers = drivers_in_order()
    rows = []
    if latest:
        scores = scores_by_assessment([latest], drivers)[latest.pk]
        rows = [{"driver": d, "score": scores.driver(d.key)} for d in drivers]
    answered = [row for row in rows if row["score"].answered]
    weakest = sorted(answered, key=lambda row: (row["score"].percent, row["driver"].order))[:PANEL_WEAKEST]
    actions = open_driver_actions(area)
    open_actions = list(actions[:PANEL_ACTIONS]) if actions is not None else []
    open_count = actions.count() if actions is not None else 0
    return {
        "latest": latest,
        "rows": rows,
        "weakest": weakest,
        "open_actions": open_actions,
        "open_action_count": open_count,
        "latest_is_stale": bool(latest and is_stale(latest.assessed_on)),
        "can_edit": access.can_edit_area(area),
    }
