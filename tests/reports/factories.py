"""Factories for returns and report runs. Records are made directly for quick setups; tests of
behaviour go through the services or the pages."""

import factory
from django.utils import timezone

from core.quarters import Quarter
from reports.models import QuarterlyReturn, ReportRun, ReportScope, ReturnStatus, RunStatus
from reports.quarters import due_date
from tests.factories import LocalAreaFactory

PAST = Quarter(2026, 1)  # April to June 2026: long finished whenever these tests run

NARRATIVE = {
    "progress": "Coaching started for the first cohort of health visitors.",
    "helped": "Protected time agreed by the council.",
    "challenges": "Two practitioners left the transformation zone.",
    "support": "Help to design the fidelity check.",
    "plans": "Second cohort training in the autumn.",
    "risks": "Funding beyond March is not yet agreed.",
}


class QuarterlyReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReturn

    area = factory.SubFactory(LocalAreaFactory)
    quarter_start = PAST.start
    due_on = factory.LazyAttribute(lambda r: due_date(Quarter.of(r.quarter_start), 15))
    status = ReturnStatus.DRAFT

    class Params:
        written = factory.Trait(**NARRATIVE)
        submitted = factory.Trait(
            status=ReturnStatus.SUBMITTED,
            snapshot=factory.LazyFunction(dict),
            first_submitted_at=factory.LazyFunction(timezone.now),
            submitted_at=factory.LazyFunction(timezone.now),
            **NARRATIVE,
        )
        accepted = factory.Trait(
            status=ReturnStatus.ACCEPTED,
            snapshot=factory.LazyFunction(dict),
            first_submitted_at=factory.LazyFunction(timezone.now),
            submitted_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
            **NARRATIVE,
        )


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    scope = ReportScope.NATIONAL
    area = None
    quarter_start = PAST.start
    number = factory.Sequence(lambda n: n + 1)
    status = RunStatus.QUEUED
