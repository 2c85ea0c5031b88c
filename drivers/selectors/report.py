"""One assessment, driver by driver and item by item, with what moved since the previous one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import GROUP_ORDER, Assessment, Driver, Item, ItemScore
from ..scoring import Score, ScoredItem, score_assessment, score_change, score_label
from .actions import item_actions
from .common import drivers_by_group, drivers_in_order, item_key, previous_assessment, scores_by_assessment


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


class ChangeSincePrevious:
    """For a row with a `score` and the `previous` assessment's (None when there is none)."""

    score: Score
    previous: Score | None

    @property
    def change(self) -> int | None:
        return score_change(self.previous, self.score)


@dataclass
class DriverRow(ChangeSincePrevious):
    driver: Driver
    score: Score
    previous: Score | None
    items: list[ItemRow]


@dataclass
class GroupRow(ChangeSincePrevious):
    value: str
    label: str
    score: Score
    previous: Score | None
    drivers: list[DriverRow]


@dataclass
class AssessmentReport:
    assessment: Assessment
    previous_assessment: Assessment | None
    groups: list[GroupRow]
    overall: Score
    previous_overall: Score | None
    compares_scores: bool = False  # False for a draft: its scores are not compared until it is completed

    @property
    def overall_change(self) -> int | None:
        return score_change(self.previous_overall, self.overall)

    @property
    def driver_rows(self) -> list[DriverRow]:
        return [row for group in self.groups for row in group.drivers]

    @property
    def item_rows(self) -> list[ItemRow]:
        return [item for row in self.driver_rows for item in row.items]

    @property
    def moved_items(self) -> list[ItemRow]:
        return [row for row in self.item_rows if row.movement in ("Moved up", "Moved down")]


def _previous_answers(previous, items, records) -> tuple[dict[int, int | None], dict[tuple, int | None]]:
    """The previous assessment's answers by item, and by driver and wording (for another version)."""
    by_item: dict[int, int | None] = {}
    by_key: dict[tuple, int | None] = {}
    if previous is None:
        return by_item, by_key
    for item in items:
        if item.item_set_id == previous.item_set_id:
            record = records.get((previous.pk, item.pk))
            value = record.score if record else None
            by_item[item.pk] = value
            by_key.setdefault(item_key(item.driver_id, item.text), value)
    return by_item, by_key


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
    previous_scores = None
    # A draft's scores are never set against a completed assessment's: with a few items answered they
    # would read as a fall ("Down 35 points"). Its items still show last time's answer, item by item.
    compares_scores = previous is not None and not assessment.is_draft
    if compares_scores:
        previous_scores = scores_by_assessment([previous], drivers)[previous.pk]
    previous_by_item, previous_by_key = _previous_answers(previous, items, records)

    actions_by_item = item_actions(assessment, previous, own_items) if with_actions else {}
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
        compares_scores=compares_scores,
    )
