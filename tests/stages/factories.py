import factory
from django.utils import timezone

from areas.models import User
from stages.models import (
    ActivityProgress,
    ActivityStatus,
    StageActivity,
    StageChange,
    StageChangeStatus,
    StakeholderEngagement,
)
from tests.factories import LocalAreaFactory, UserFactory


class StageActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageActivity

    stage = "exploration"
    title = factory.Sequence(lambda n: f"Test activity {n}")
    order = factory.Sequence(lambda n: 1000 + n)


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    area = factory.SubFactory(LocalAreaFactory)
    stage = "exploration"
    entered_on = factory.LazyFunction(timezone.localdate)
    status = StageChangeStatus.CONFIRMED
    recorded_by = factory.LazyFunction(lambda: User.objects.first() or UserFactory())


class ActivityProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityProgress

    area = factory.SubFactory(LocalAreaFactory)
    activity = factory.SubFactory(StageActivityFactory)
    status = ActivityStatus.IN_PROGRESS
    started_on = factory.LazyFunction(timezone.localdate)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderEngagement

    area = factory.SubFactory(LocalAreaFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    kind = "workshop"
    level = "practitioners"
    professions = factory.LazyFunction(lambda: ["teachers", "health_visitors"])
    participants = 12
    strengths = "Good relationships"
    recorded_by = factory.LazyFunction(lambda: User.objects.first() or UserFactory())
