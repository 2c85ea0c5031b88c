"""Factories and helpers for drivers tests. Factories make records directly, for quick setups; the
helpers go through the services, as people do, for tests of behaviour."""

from datetime import timedelta

import factory
from django.utils import timezone

from drivers import services
from drivers.models import Assessment, AssessmentStatus, Item, ItemScore, ItemSet
from tests.factories import LocalAreaFactory, UserFactory


def current_items() -> list[Item]:
    return list(ItemSet.objects.current().items.select_related("driver").order_by("driver__order", "order", "pk"))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    area = factory.SubFactory(LocalAreaFactory)
    assessed_on = factory.LazyFunction(timezone.localdate)
    item_set = factory.LazyFunction(lambda: ItemSet.objects.current())
    created_by = factory.SubFactory(UserFactory)
    participants = factory.LazyFunction(lambda: [{"role": "Implementation team", "count": 5}])

    class Params:
        completed = factory.Trait(status=AssessmentStatus.COMPLETED, completed_at=factory.LazyFunction(timezone.now))


class ItemScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemScore

    assessment = factory.SubFactory(AssessmentFactory)
    area = factory.SelfAttribute("assessment.area")
    item = factory.LazyAttribute(lambda s: s.assessment.item_set.items.order_by("pk").first())
    score = 1
    evidence = "Seen in the team's minutes."


def scored_assessment(
    area,
    actor,
    scores=None,
    *,
    days_ago: int = 0,
    complete: bool = True,
    subject=None,
    facilitator=None,
    evidence: str = "Agreed by the team",
) -> Assessment:
    """An assessment started, scored and (by default) completed through the services.

    `scores`: a dict of item → score (None: unanswered), or one score for every item (default 1).
    """
    assessment = services.assessment_create(
        area=area,
        actor=actor,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
        facilitator=facilitator,
        participants=[{"role": "Implementation team", "count": 5}],
        subject=subject,
    )
    items = list(assessment.item_set.items.all())
    if isinstance(scores, dict):
        answers = {item.pk: services.Answer(scores.get(item), evidence if item in scores else "") for item in items}
    else:
        value = 1 if scores is None else scores
        answers = {item.pk: services.Answer(value, evidence) for item in items}
    assessment = services.assessment_save_draft(
        assessment=assessment, actor=actor, expected_version=assessment.version, answers=answers
    )
    if complete:
        assessment = services.assessment_complete(assessment=assessment, actor=actor)
    return assessment
