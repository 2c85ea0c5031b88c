"""Access-matrix rows for the innovations pages: area members, leads and CELCIS write, national
viewers read, everyone else gets 404; confirming an innovation's stage change needs a lead or CELCIS."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from innovations.models import (
    FidelityCheck,
    FidelityItem,
    HexagonAssessment,
    Innovation,
    PracticeLevel,
    PractitionerFigures,
    SystemSlice,
)
from stages.models import StageActivity, StageChangeStatus
from tests.access import AREA_LEAD, AREA_READ, AREA_WRITE, Row, as_post
from tests.factories import UserFactory
from tests.innovations.factories import (
    EssentialFunctionFactory,
    ExplorationFactory,
    InnovationFactory,
    PractitionerFactory,
)
from tests.stages.factories import StageChangeFactory


def _innovation(dundee):
    return InnovationFactory(area=dundee, created_by=UserFactory())


def _one(dundee):
    return {"area_slug": dundee.slug, "pk": _innovation(dundee).pk}


def _function(dundee):
    function = EssentialFunctionFactory(innovation=_innovation(dundee))
    return {"area_slug": dundee.slug, "pk": function.innovation_id, "function_pk": function.pk}


def _with_function(dundee):
    function = EssentialFunctionFactory(innovation=_innovation(dundee))
    return {"area_slug": dundee.slug, "pk": function.innovation_id}


def _level(dundee):
    innovation = _innovation(dundee)
    for order, name in enumerate(["Expected", "Developmental", "Unacceptable"]):
        level = PracticeLevel.objects.create(area=dundee, innovation=innovation, order=order, name=name)
    return {"area_slug": dundee.slug, "pk": innovation.pk, "level_pk": level.pk}


def _proposal(dundee):
    innovation = _innovation(dundee)
    change = StageChangeFactory(
        area=dundee,
        status=StageChangeStatus.PROPOSED,
        recorded_by=UserFactory(),
        subject_content_type=ContentType.objects.get_for_model(Innovation),
        subject_object_id=innovation.pk,
    )
    return {"area_slug": dundee.slug, "pk": innovation.pk, "change_pk": change.pk}


def _activity(dundee):
    activity = StageActivity.objects.filter(retired_on__isnull=True).first()
    return {"area_slug": dundee.slug, "pk": _innovation(dundee).pk, "activity_pk": activity.pk}


def _item(dundee):
    innovation = _innovation(dundee)
    item = FidelityItem.objects.create(area=dundee, innovation=innovation, text="Item")
    return {"area_slug": dundee.slug, "pk": innovation.pk, "item_pk": item.pk}


def _check(dundee):
    practitioner = PractitionerFactory(innovation=_innovation(dundee))
    check = FidelityCheck.objects.create(
        area=dundee,
        innovation=practitioner.innovation,
        practitioner=practitioner,
        checked_on=timezone.localdate(),
        assessor="Coach",
        score_percent=90,
        threshold_percent=80,
        meets_fidelity=True,
        recorded_by=UserFactory(),
    )
    return {"area_slug": dundee.slug, "pk": practitioner.innovation_id, "check_pk": check.pk}


def _practitioner(dundee):
    practitioner = PractitionerFactory(innovation=_innovation(dundee))
    return {"area_slug": dundee.slug, "pk": practitioner.innovation_id, "practitioner_pk": practitioner.pk}


def _figures(dundee):
    innovation = _innovation(dundee)
    figures = PractitionerFigures.objects.create(
        area=dundee,
        innovation=innovation,
        effective_on="2026-04-01",
        practitioners_intended=10,
        practitioners_trained=5,
        recorded_by=UserFactory(),
    )
    return {"area_slug": dundee.slug, "pk": innovation.pk, "figures_pk": figures.pk}


def _slice(dundee):
    innovation = _innovation(dundee)
    zone = SystemSlice.objects.create(
        area=dundee,
        innovation=innovation,
        name="North",
        kind="locality",
        started_on="2026-01-05",
        recorded_by=UserFactory(),
    )
    return {"area_slug": dundee.slug, "pk": innovation.pk, "slice_pk": zone.pk}


def _exploration(dundee):
    return {"area_slug": dundee.slug, "pk": ExplorationFactory(area=dundee, recorded_by=UserFactory()).pk}


def _assessment(dundee):
    exploration = ExplorationFactory(area=dundee, recorded_by=UserFactory())
    assessment = HexagonAssessment.objects.create(
        area=dundee,
        exploration=exploration,
        innovation=_innovation(dundee),
        tool_version=exploration.tool_version,
        assessed_on=timezone.localdate(),
        participants="Team (4)",
        recorded_by=UserFactory(),
    )
    return {"area_slug": dundee.slug, "pk": exploration.pk, "assessment_pk": assessment.pk}


WRITE = {"get": AREA_WRITE, "post": as_post(AREA_WRITE)}

ROWS = {
    "innovations:list": Row(get=AREA_READ, kwargs="area"),
    "innovations:create": Row(**WRITE, kwargs="area"),
    "innovations:detail": Row(get=AREA_READ, kwargs=_one),
    "innovations:update": Row(**WRITE, kwargs=_one),
    "innovations:status": Row(**WRITE, kwargs=_one),
    "innovations:history": Row(get=AREA_READ, kwargs=_one),
    "innovations:description": Row(get=AREA_READ, kwargs=_one),
    "innovations:description_update": Row(**WRITE, kwargs=_one),
    "innovations:function_create": Row(**WRITE, kwargs=_one),
    "innovations:function_update": Row(**WRITE, kwargs=_function),
    "innovations:function_move": Row(get=None, post=as_post(AREA_WRITE), kwargs=_function),
    "innovations:function_remove": Row(**WRITE, kwargs=_function),
    "innovations:profile": Row(get=AREA_READ, kwargs=_one),
    "innovations:profile_row": Row(**WRITE, kwargs=_function),
    "innovations:level_create": Row(**WRITE, kwargs=_one),
    "innovations:level_update": Row(**WRITE, kwargs=_level),
    "innovations:level_remove": Row(**WRITE, kwargs=_level),
    "innovations:usability": Row(get=AREA_READ, kwargs=_one),
    "innovations:usability_create": Row(**WRITE, kwargs=_one),
    "innovations:stage": Row(get=AREA_READ, kwargs=_one),
    "innovations:stage_change": Row(**WRITE, kwargs=_one),
    "innovations:stage_decide": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs=_proposal),
    "innovations:activity_progress": Row(**WRITE, kwargs=_activity),
    "innovations:fidelity": Row(get=AREA_READ, kwargs=_one),
    "innovations:item_create": Row(**WRITE, kwargs=_one),
    "innovations:item_update": Row(**WRITE, kwargs=_item),
    "innovations:items_from_functions": Row(get=None, post=as_post(AREA_WRITE), kwargs=_with_function),
    "innovations:check_list": Row(get=AREA_READ, kwargs=_one),
    "innovations:check_create": Row(**WRITE, kwargs=_one),
    "innovations:check_detail": Row(get=AREA_READ, kwargs=_check),
    "innovations:checks_due": Row(get=AREA_READ, kwargs=_one),
    "innovations:figures_create": Row(**WRITE, kwargs=_one),
    "innovations:figures_update": Row(**WRITE, kwargs=_figures),
    "innovations:practitioner_list": Row(get=AREA_READ, kwargs=_one),
    "innovations:practitioner_create": Row(**WRITE, kwargs=_one),
    "innovations:practitioner_update": Row(**WRITE, kwargs=_practitioner),
    "innovations:slice_list": Row(get=AREA_READ, kwargs=_one),
    "innovations:slice_create": Row(**WRITE, kwargs=_one),
    "innovations:slice_update": Row(**WRITE, kwargs=_slice),
    "innovations:exploration_list": Row(get=AREA_READ, kwargs="area"),
    "innovations:exploration_create": Row(**WRITE, kwargs="area"),
    "innovations:exploration_detail": Row(get=AREA_READ, kwargs=_exploration),
    "innovations:exploration_update": Row(**WRITE, kwargs=_exploration),
    "innovations:assessment_create": Row(**WRITE, kwargs=_exploration),
    "innovations:assessment_detail": Row(get=AREA_READ, kwargs=_assessment),
    "innovations:exploration_decide": Row(**WRITE, kwargs=_exploration),
}
