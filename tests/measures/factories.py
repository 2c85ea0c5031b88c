"""Factories for measures, their values and programme-wide definitions."""

import factory

from areas.models import User
from measures.models import Measure, MeasureValue, SharedMeasure
from measures.periods import next_period
from tests.factories import LocalAreaFactory, UserFactory


def _someone():
    return User.objects.first() or UserFactory()


class SharedMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedMeasure

    name = factory.Sequence(lambda n: f"Programme measure {n}")
    measure_type = "outcome"
    definition = "Families offered early help within two weeks of a concern."
    frequency = "monthly"
    direction = "increase"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    area = factory.SubFactory(LocalAreaFactory)
    name = factory.Sequence(lambda n: f"Test measure {n}")
    measure_type = "process"
    definition = "Wellbeing concerns discussed at the weekly huddle."
    unit = "concerns"
    frequency = "monthly"
    direction = "increase"
    created_by = factory.LazyFunction(_someone)


class ProportionMeasureFactory(MeasureFactory):
    is_proportion = True
    unit = ""
    numerator_definition = "Families seen within two weeks"
    denominator_definition = "Families referred"


class MeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureValue

    measure = factory.SubFactory(MeasureFactory)
    area = factory.LazyAttribute(lambda v: v.measure.area)
    period_start = factory.LazyFunction(lambda: __import__("datetime").date(2024, 4, 1))
    value = 10
    recorded_by = factory.LazyFunction(_someone)


def add_values(measure, first, values, *, user=None):
    """Store `values` (None skips a period) for consecutive periods from `first`; returns the periods."""
    user = user or _someone()
    period = first
    stored = []
    for value in values:
        if value is not None:
            stored.append(
                MeasureValue(area=measure.area, measure=measure, period_start=period, value=value, recorded_by=user)
            )
        period = next_period(measure.frequency, period)
    MeasureValue.objects.bulk_create(stored)
    return stored
