"""Other apps' records that evidence checklist activities, made with those apps' own test factories
(and, for a slice, only the fields every version of the model has had)."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from drivers.models import AssessmentStatus
from tests.cycles.factories import CycleFactory, UsabilityIterationFactory, filled
from tests.drivers.factories import AssessmentFactory
from tests.innovations.factories import (
    ExplorationFactory,
    PractitionerFactory,
    make_innovation,
    make_instrument,
    record_check,
)
from tests.teams.factories import TeamFactory

TODAY = timezone.localdate()


def days_ago(days: int):
    return TODAY - timedelta(days=days)


def team(area, *, formed_days_ago=200, **data):
    return TeamFactory(area=area, formed_on=days_ago(formed_days_ago), **data)


def system_slice(area, innovation, actor, *, started_days_ago=100, name="North locality"):
    model = apps.get_model("innovations.SystemSlice")
    names = {f.name for f in model._meta.get_fields()}
    figures = {name: 0 for name in ("practitioners_intended", "practitioners_trained") if name in names}
    return model.objects.create(
        area=area,
        innovation=innovation,
        name=name,
        kind="locality",
        started_on=days_ago(started_days_ago),
        recorded_by=actor,
        **figures,
    )


def fidelity_checks(area, actor, days: list[int]):
    """An innovation with one practitioner checked on each of `days` (days ago)."""
    innovation = make_innovation(area, actor)
    make_instrument(innovation, actor)
    practitioner = PractitionerFactory(innovation=innovation)
    checks = [record_check(innovation, actor, practitioner, days_ago(n)) for n in days]
    return innovation, checks


def closed_cycle(area, actor, **data):
    return CycleFactory(area=area, created_by=actor, **filled("closed"), **data)


def usability_iteration(area, actor, innovation):
    cycle = CycleFactory(area=area, created_by=actor, kind="usability", innovation=innovation)
    return UsabilityIterationFactory(cycle=cycle, recorded_by=actor)


def completed_drivers_assessment(area, actor, *, days=30):
    return AssessmentFactory(
        area=area,
        created_by=actor,
        assessed_on=days_ago(days),
        status=AssessmentStatus.COMPLETED,
        completed_at=timezone.now(),
    )


def decided_exploration(area, actor, chosen=None, *, days=40):
    return ExplorationFactory(
        area=area, recorded_by=actor, decision="proceed", decided_on=days_ago(days), chosen=chosen, decided_by=actor
    )
