"""Access-matrix rows for the drivers pages: area members, leads and CELCIS read and write an area's
assessments; national viewers only read; everyone else gets 404. The items catalogue is national:
viewers read it, only CELCIS changes it."""

from drivers.models import Item, ItemSet
from tests.access import AREA_READ, AREA_WRITE, NATIONAL_READ, NATIONAL_WRITE, Row, as_post
from tests.drivers.factories import AssessmentFactory, ItemScoreFactory


def _draft(dundee):
    return {"area_slug": dundee.slug, "pk": AssessmentFactory(area=dundee).pk}


def _completed(dundee):
    return {"area_slug": dundee.slug, "pk": AssessmentFactory(area=dundee, completed=True).pk}


def _gap(dundee):
    record = ItemScoreFactory(assessment=AssessmentFactory(area=dundee, completed=True), score=0)
    return {"area_slug": dundee.slug, "pk": record.assessment_id, "item_pk": record.item_id}


def _draft_version():
    """A draft version 2 copied from version 1, made directly (the service needs a CELCIS actor)."""
    published = ItemSet.objects.current()
    draft = ItemSet.objects.create(number=published.number + 1, based_on=published)
    for item in published.items.all():
        Item.objects.create(item_set=draft, driver_id=item.driver_id, text=item.text, order=item.order)
    return draft


def _version(dundee):
    return {"number": _draft_version().number}


def _draft_item(dundee):
    draft = _draft_version()
    return {"number": draft.number, "pk": draft.items.first().pk}


AREA = "area"

ROWS = {
    "drivers:list": Row(get=AREA_READ, kwargs=AREA),
    "drivers:assessment_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=AREA),
    "drivers:assessment_detail": Row(get=AREA_READ, kwargs=_completed),
    "drivers:assessment_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_draft),
    "drivers:assessment_score": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_draft),
    "drivers:assessment_complete": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_draft),
    "drivers:assessment_correct": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_completed),
    "drivers:action_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_gap),
    "drivers:progress": Row(get=AREA_READ, kwargs=AREA),
    "drivers:history": Row(get=AREA_READ, kwargs=AREA),
    "drivers:national": Row(get=NATIONAL_READ),
    "drivers:catalogue": Row(get=NATIONAL_READ),
    "drivers:item_set": Row(get=NATIONAL_READ, kwargs=lambda dundee: {"number": 1}),
    "drivers:item_set_create": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE)),
    "drivers:item_set_publish": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=_version),
    "drivers:item_create": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=_version),
    "drivers:item_update": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=_draft_item),
    "drivers:item_remove": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=_draft_item),
}
