"""Access-matrix rows for the improvement cycles and feedback-loop pages: area members, leads and
CELCIS read and write; national viewers only read; everyone else gets 404."""

from tests.access import AREA_READ, AREA_WRITE, Row, as_post
from tests.cycles.factories import CycleFactory, FeedbackItemFactory, UsabilityIterationFactory, filled
from tests.innovations.factories import InnovationFactory


def _cycle(dundee):
    return {"area_slug": dundee.slug, "pk": CycleFactory(area=dundee).pk}


def _cycle_in_study(dundee):
    return {"area_slug": dundee.slug, "pk": CycleFactory(area=dundee, **filled("study")).pk}


def _usability_test(dundee):
    cycle = CycleFactory(
        area=dundee,
        kind="usability",
        innovation=InnovationFactory(area=dundee),
        success_criteria="4 of 5",
        cohort_size=5,
        **filled("do"),
    )
    return {"area_slug": dundee.slug, "pk": cycle.pk}


def _iteration(dundee):
    kwargs = _usability_test(dundee)
    iteration = UsabilityIterationFactory(cycle_id=kwargs["pk"], area=dundee, number=1)
    return {**kwargs, "iteration_pk": iteration.pk}


def _feedback(dundee):
    return {"area_slug": dundee.slug, "pk": FeedbackItemFactory(area=dundee).pk}


READ = Row(get=AREA_READ, kwargs="area")
WRITE = Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area")

ROWS = {
    "cycles:list": READ,
    "cycles:create": WRITE,
    "cycles:timeline": READ,
    "cycles:detail": Row(get=AREA_READ, kwargs=_cycle),
    "cycles:update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_cycle),
    "cycles:advance": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_cycle),
    "cycles:step_back": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_cycle_in_study),
    "cycles:ramp": Row(get=AREA_READ, kwargs=_cycle),
    "cycles:iteration_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_usability_test),
    "cycles:iteration_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_iteration),
    "cycles:feedback_list": READ,
    "cycles:feedback_create": WRITE,
    "cycles:feedback_detail": Row(get=AREA_READ, kwargs=_feedback),
    "cycles:feedback_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_feedback),
}
