"""Access-matrix rows for the stages pages."""

from stages.models import ReadinessCheck, StageActivity, StageChangeStatus
from tests.access import AREA_LEAD, AREA_READ, AREA_WRITE, NATIONAL_READ, NATIONAL_WRITE, Row, as_post
from tests.factories import UserFactory
from tests.innovations.factories import InnovationFactory
from tests.stages.factories import EngagementFactory, StageChangeFactory


def _proposal(dundee):
    change = StageChangeFactory(area=dundee, status=StageChangeStatus.PROPOSED, recorded_by=UserFactory())
    return {"area_slug": dundee.slug, "pk": change.pk}


def _activity(dundee):
    return {"area_slug": dundee.slug, "activity_pk": StageActivity.objects.filter(retired_on__isnull=True).first().pk}


def _innovation(dundee):
    return {"area_slug": dundee.slug, "subject_pages": "innovations", "pk": InnovationFactory(area=dundee).pk}


def _innovation_activity(dundee):
    return {**_innovation(dundee), "activity_pk": _activity(dundee)["activity_pk"]}


def _engagement(dundee):
    return {"area_slug": dundee.slug, "pk": EngagementFactory(area=dundee).pk}


def _readiness(dundee):
    check = ReadinessCheck.objects.create(area=dundee, checked_on="2026-01-10", recorded_by=UserFactory())
    return {"area_slug": dundee.slug, "pk": check.pk}


ROWS = {
    "stages:overview": Row(get=AREA_READ, kwargs="area"),
    "stages:change_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "stages:change_decide": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs=_proposal),
    "stages:checklist": Row(get=AREA_READ, kwargs="area"),
    "stages:activity_progress": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_activity),
    "stages:activity_evidence": Row(get=None, post=as_post(AREA_WRITE), kwargs=_activity),
    "stages:targets": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "stages:subject_targets": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_innovation),
    "stages:subject_activity_evidence": Row(get=None, post=as_post(AREA_WRITE), kwargs=_innovation_activity),
    "stages:history": Row(get=AREA_READ, kwargs="area"),
    "stages:engagement_list": Row(get=AREA_READ, kwargs="area"),
    "stages:engagement_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "stages:engagement_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_engagement),
    "stages:readiness_list": Row(get=AREA_READ, kwargs="area"),
    "stages:readiness_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "stages:readiness_detail": Row(get=AREA_READ, kwargs=_readiness),
    "stages:national": Row(get=NATIONAL_READ),
    "stages:catalogue": Row(get=NATIONAL_READ),
    "stages:activity_create": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE)),
    "stages:activity_update": Row(
        get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=lambda dundee: {"pk": StageActivity.objects.first().pk}
    ),
}
