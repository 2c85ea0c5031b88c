"""The cycles demo: ramps watched on each programme area's demo measures, a usability test of its
innovation, feedback items in several states — and nothing duplicated when it runs again."""

from django.urls import reverse

from areas import demo as areas_demo
from areas.models import LocalArea
from cycles import demo, selectors
from cycles.models import Cycle, CycleMeasure, FeedbackItem, UsabilityIteration
from innovations import demo as innovations_demo
from measures import demo as measures_demo
from measures.annotations import annotations_for
from measures.models import Measure


def _counts():
    return [model.objects.count() for model in (Cycle, CycleMeasure, UsabilityIteration, FeedbackItem)]


def _seed():
    areas_demo.seed()
    innovations_demo.seed()
    measures_demo.seed()
    demo.seed()


def test_every_programme_area_gets_ramps_a_usability_test_and_feedback_in_several_states(db):
    _seed()
    first = _counts()
    demo.seed()
    assert _counts() == first
    areas = list(LocalArea.objects.in_programme())
    assert areas
    for area in areas:
        cycles = Cycle.objects.filter(area=area)
        assert all(title.startswith("Demo: ") for title in cycles.values_list("title", flat=True))
        last = cycles.filter(follows__isnull=False).order_by("-pk").first()
        ramp = selectors.ramp_of(last)
        assert len(ramp) == 3 and [c.decision for c in ramp[:2]] == ["adapt", "adopt"] and ramp[2].phase == "study"
        assert all(CycleMeasure.objects.filter(cycle=c).count() == 2 for c in ramp)
        test = cycles.get(kind="usability")
        assert test.phase == "closed" and test.iterations.count() == 2 and test.innovation.area == area
        statuses = set(FeedbackItem.objects.filter(area=area).values_list("status", flat=True))
        assert statuses == {"open", "routed", "responded", "resolved", "closed"}
        assert selectors.feedback_figures(area).overdue_count == 2
        watched = Measure.objects.filter(cycle_links__cycle=ramp[0]).first()
        labels = [a.label for a in annotations_for(watched) if a.kind == "pdsa"]
        assert "PDSA cycle started: Demo: Weekly wellbeing huddle in one team" in labels


def test_demo_pages_render(client_for, celcis, db):
    _seed()
    client = client_for(celcis)
    cycle = Cycle.objects.filter(area__slug="dundee", kind="usability").get()
    for url in (
        reverse("cycles:list", args=["dundee"]),
        reverse("cycles:timeline", args=["inverclyde"]),
        reverse("cycles:detail", args=["dundee", cycle.pk]),
        reverse("cycles:ramp", args=["dundee", Cycle.objects.filter(area__slug="dundee").order_by("pk").first().pk]),
        reverse("cycles:feedback_list", args=["perth-and-kinross"]),
        reverse("innovations:detail", args=["dundee", cycle.innovation_id]),
        reverse("areas:overview", args=["dundee"]),
    ):
        assert client.get(url).status_code == 200, url
