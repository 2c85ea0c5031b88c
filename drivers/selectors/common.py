"""The building blocks every drivers read shares: the versions of the items, who may facilitate,
what counts as the same item or subject across versions, and each assessment's scores."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from areas.models import AREA_ROLES, Role, User
from core.locking import last_saved

from ..models import GROUP_ORDER, Assessment, AssessmentStatus, Driver, DriverGroup, Item, ItemScore, ItemSet
from ..scoring import AssessmentScores, ScoredItem, score_assessment

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
    """Older than settings.DRIVERS_ASSESSMENT_INTERVAL_MONTHS (six): the programme repeats the
    assessment about every six months, so the next one is due."""
    return assessed_on < months_before(today or timezone.localdate(), settings.DRIVERS_ASSESSMENT_INTERVAL_MONTHS)


def next_due(assessed_on: date) -> date:
    """When the next assessment falls due after one made on `assessed_on` (six months on)."""
    return months_before(assessed_on, -settings.DRIVERS_ASSESSMENT_INTERVAL_MONTHS)


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


def programme_assessments(area, on: date | None = None):
    """The area's completed assessments of the programme as a whole (by `on`, if given), latest first.
    DOMAIN: drivers figures are compared by one rule, the latest of these, on the area's pages, in
    the national heat map, in returns and in reports."""
    found = comparable_assessments(area).filter(subject_content_type__isnull=True)
    if on is not None:
        found = found.filter(assessed_on__lte=on)
    return found.order_by("-assessed_on", "-pk")


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


def draft_last_saved(assessment: Assessment) -> str:
    """'Last saved by … at …' for an assessment, counting its answers: saving a draft changes only its
    answers (its version moves without a history row of its own), so its own history is not enough."""
    records = [
        assessment.history.order_by("-history_date").first(),
        ItemScore.history.filter(assessment_id=assessment.pk).order_by("-history_date").first(),
    ]
    records = [record for record in records if record is not None]
    if not records:
        return ""
    return last_saved(max(records, key=lambda record: record.history_date).instance)


def drivers_in_order() -> list[Driver]:
    """Every driver, group by group in the programme's order."""
    return sorted(Driver.objects.all(), key=lambda d: (GROUP_ORDER.index(d.group), d.order, d.pk))


def drivers_by_group(drivers: list[Driver]) -> list[tuple[str, str, list[Driver]]]:
    """(group value, group label, its drivers) in the programme's order."""
    return [(group, DriverGroup(group).label, [d for d in drivers if d.group == group]) for group in GROUP_ORDER]


def items_by_group(items, row=None) -> list[dict]:
    """Items under their driver and drivers under their group, in the programme's order, for a page:
    [{value, label, drivers: [{driver, items}]}]; `row(item)` makes each item's entry (the item itself)."""
    by_driver = defaultdict(list)
    for item in items:
        by_driver[item.driver_id].append(row(item) if row else item)
    return [
        {
            "value": group,
            "label": label,
            "drivers": [{"driver": driver, "items": by_driver.get(driver.pk, [])} for driver in drivers],
        }
        for group, label, drivers in drivers_by_group(drivers_in_order())
    ]


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
