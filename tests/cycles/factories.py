"""Factories for cycles and feedback items. Records are made directly (not through the services) so
tests can build any state quickly; tests of behaviour go through the pages or the services."""

from datetime import timedelta

import factory
from django.utils import timezone

from cycles.models import Cycle, CycleMeasure, FeedbackItem, UsabilityIteration
from tests.factories import LocalAreaFactory, UserFactory

TODAY = timezone.localdate()

PLAN = {
    "objective": "Find out whether a huddle helps",
    "questions": "Do practitioners bring concerns?",
    "predictions": "Half the concerns are discussed",
    "plan_who": "Two health visitors",
    "plan_what": "A 15-minute weekly huddle",
    "plan_where": "North locality",
    "plan_when": "Four weeks from Monday",
    "data_to_collect": "Concerns discussed each week",
}
DO = {
    "started_on": TODAY - timedelta(days=40),
    "ended_on": TODAY - timedelta(days=12),
    "what_happened": "Four huddles held",
    "observations": "One cancelled for training",
}
STUDY = {"as_intended": "yes", "predictions_held": "partly", "results": "40% discussed", "learning": "Timing matters"}
ACT = {"decision": "adapt", "next_steps": "Move the huddle to Tuesdays"}
USABILITY_PLAN = {"success_criteria": "4 of 5 practitioners complete the guide", "cohort_size": 5}


class CycleFactory(factory.django.DjangoModelFactory):
    """A PDSA cycle in Plan with its plan filled in; use `filled(...)` for the later phases."""

    class Meta:
        model = Cycle

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"Test cycle {n}")
    aim = "More concerns discussed early"
    change_idea = "A weekly huddle"
    created_by = factory.SubFactory(UserFactory)
    objective = PLAN["objective"]
    questions = PLAN["questions"]
    predictions = PLAN["predictions"]
    plan_who = PLAN["plan_who"]
    plan_what = PLAN["plan_what"]
    plan_where = PLAN["plan_where"]
    plan_when = PLAN["plan_when"]
    data_to_collect = PLAN["data_to_collect"]


def filled(phase: str) -> dict:
    """The field values a cycle in `phase` has: every phase before it filled in."""
    rank = ["plan", "do", "study", "act", "closed"].index(phase)
    values = {"phase": phase}
    for needed_from, fields in ((2, DO), (3, STUDY), (4, ACT)):
        if rank >= needed_from:
            values.update(fields)
    if phase == "closed":
        values["closed_on"] = TODAY - timedelta(days=2)
    return values


class UsabilityIterationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsabilityIteration

    cycle = factory.SubFactory(CycleFactory)
    area = factory.SelfAttribute("cycle.area")
    number = factory.Sequence(lambda n: n + 1)
    cohort_size = 5
    tested_from = factory.LazyFunction(lambda: TODAY - timedelta(days=30))
    tested_to = factory.LazyFunction(lambda: TODAY - timedelta(days=20))
    results = "Four of five used the guide as intended"
    criteria_met = "met"
    recorded_by = factory.SubFactory(UserFactory)


class CycleMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleMeasure

    cycle = factory.SubFactory(CycleFactory)
    area = factory.SelfAttribute("cycle.area")


class FeedbackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackItem

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"Barrier {n}")
    description = "The referral form asks for the same information twice."
    raised_on = factory.LazyFunction(lambda: TODAY - timedelta(days=10))
    raised_from = "practice"
    status = "open"
    # A resolved item has had its answer shared back with practice (DOMAIN); by default on the day
    # its change was made, so tests that only give `resolved_on` build a valid resolved item.
    shared_with_practice_on = factory.LazyAttribute(
        lambda item: item.resolved_on if item.status == "resolved" else None
    )
    created_by = factory.SubFactory(UserFactory)
