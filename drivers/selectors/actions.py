"""Actions taken on drivers gaps, read from the teams app's action tracker (when it is there)."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from ..models import ItemScore
from .common import item_key


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


def item_actions(assessment, previous, own_items) -> dict[int, list]:
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
