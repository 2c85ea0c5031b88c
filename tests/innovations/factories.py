"""Factories for usable innovations. Records that must go through a service to be whole (an
innovation with its practice levels, a check with its results) are made through the services."""

from datetime import timedelta

import factory
from django.utils import timezone

from areas.models import User
from core.quarters import Quarter
from innovations import selectors, services
from innovations.models import (
    EssentialFunction,
    Exploration,
    Innovation,
    Practitioner,
)
from tests.factories import LocalAreaFactory, UserFactory


def _someone():
    return User.objects.first() or UserFactory()


class InnovationFactory(factory.django.DjangoModelFactory):
    """A bare innovation (no practice levels); use `make_innovation` for a whole one."""

    class Meta:
        model = Innovation

    area = factory.SubFactory(LocalAreaFactory)
    name = factory.Sequence(lambda n: f"Test innovation {n}")
    origin = "established"
    created_by = factory.LazyFunction(_someone)


class EssentialFunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EssentialFunction

    innovation = factory.SubFactory(InnovationFactory)
    area = factory.SelfAttribute("innovation.area")
    name = factory.Sequence(lambda n: f"Function {n}")
    order = factory.Sequence(lambda n: 10 * (n + 1))
    operational_definition = "What doing it looks like."


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    innovation = factory.SubFactory(InnovationFactory)
    area = factory.SelfAttribute("innovation.area")
    code = factory.Sequence(lambda n: f"TP-{n:03d}")


class ExplorationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exploration

    area = factory.SubFactory(LocalAreaFactory)
    need = factory.Sequence(lambda n: f"Need {n}")
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    recorded_by = factory.LazyFunction(_someone)


def make_innovation(area, actor, *, name=None, functions=2, status="in_use", **data) -> Innovation:
    """An innovation made through the service (with its three practice levels) and its functions."""
    innovation = services.innovation_create(
        area=area,
        actor=actor,
        data={
            "name": name or f"Innovation {Innovation.objects.count() + 1}",
            "summary": "A test innovation.",
            "origin": "established",
            "status": status,
            "status_changed_on": None,
            "status_reason": "",
            "design_decision": "",
            "fidelity_threshold": 80,
            **data,
        },
    )
    for n in range(functions):
        services.essential_function_save(
            innovation=innovation, actor=actor, name=f"Function {n + 1}", operational_definition="Defined."
        )
    return innovation


def make_instrument(innovation, actor):
    """One met / not met item per essential function."""
    return services.fidelity_items_from_functions(innovation=innovation, actor=actor)


def record_check(innovation, actor, practitioner, checked_on, *, meets=True):
    """A check with every item met (or, with meets=False, every item not met)."""
    items = selectors.active_items(innovation)
    return services.fidelity_check_record(
        innovation=innovation,
        actor=actor,
        practitioner=practitioner,
        checked_on=checked_on,
        assessor="Coach",
        results={item.pk: (item.max_score if item.kind == "scored" else True) if meets else 0 for item in items},
    )


def record_figures(innovation, actor, effective_on, intended, trained, *, system_slice=None):
    """Practitioners intended and trained from `effective_on`, for the innovation or one of its slices."""
    return services.practitioner_figures_save(
        innovation=innovation,
        actor=actor,
        data={
            "slice": system_slice,
            "effective_on": effective_on,
            "practitioners_intended": intended,
            "practitioners_trained": trained,
            "notes": "",
        },
    )


def record_quarter(innovation, actor, quarter: Quarter, intended, trained):
    """Figures from the quarter's first day (carried forward until the next)."""
    return record_figures(innovation, actor, quarter.start, intended, trained)


def make_exploration(area, actor, candidates, ratings, *, assessed_on=None):
    """An exploration with each candidate rated on every current indicator: `ratings[i]` is a list of
    six ratings for `candidates[i]` (or one number for all six)."""
    exploration = services.exploration_save(
        area=area,
        actor=actor,
        data={"need": "Earlier help for families", "started_on": timezone.localdate() - timedelta(days=90)},
    )
    indicators = selectors.indicators_for(exploration.tool_version)
    for candidate, scores in zip(candidates, ratings, strict=True):
        scores = scores if isinstance(scores, list) else [scores] * len(indicators)
        services.hexagon_assessment_record(
            exploration=exploration,
            actor=actor,
            innovation=candidate,
            assessed_on=assessed_on or timezone.localdate() - timedelta(days=30),
            participants="Implementation team (5)",
            ratings={
                i.pk: (score, f"Rationale for {i.name}", "Local data")
                for i, score in zip(indicators, scores, strict=True)
            },
        )
    return exploration
