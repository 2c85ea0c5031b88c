"""Access-matrix rows for the measures pages."""

from datetime import date

from measures.models import DataUpload
from tests.access import AREA_READ, AREA_WRITE, NATIONAL_READ, NATIONAL_WRITE, Row, as_post
from tests.factories import UserFactory
from tests.measures.factories import MeasureFactory, SharedMeasureFactory, add_values


def _measure(dundee):
    measure = MeasureFactory(area=dundee)
    add_values(measure, date(2024, 4, 1), [4, 5, 6])
    return {"area_slug": dundee.slug, "pk": measure.pk}


def _upload(dundee):
    measure = MeasureFactory(area=dundee)
    upload = DataUpload.objects.create(
        area=dundee,
        measure=measure,
        file_name="values.csv",
        content="period,value\n2024-04-01,5\n2024-05-01,6\n",
        uploaded_by=UserFactory(),
    )
    return {"area_slug": dundee.slug, "pk": upload.pk}


ROWS = {
    "measures:list": Row(get=AREA_READ, kwargs="area"),
    "measures:create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "measures:adopt": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "measures:upload": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area"),
    "measures:upload_detail": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_upload),
    "measures:detail": Row(get=AREA_READ, kwargs=_measure),
    "measures:update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_measure),
    "measures:baseline": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_measure),
    "measures:data": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_measure),
    "measures:export": Row(get=AREA_READ, kwargs=_measure),
    "measures:history": Row(get=AREA_READ, kwargs=_measure),
    "measures:national": Row(get=NATIONAL_READ),
    "measures:shared_create": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE)),
    "measures:shared_update": Row(
        get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=lambda dundee: {"pk": SharedMeasureFactory().pk}
    ),
}
