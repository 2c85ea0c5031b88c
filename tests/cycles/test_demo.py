"""The cycles demo: ramps watched on each programme area's demo measures, a usability test of its
innovation, feedback items in several states — and nothing duplicated when it runs again."""

from django.urls import reverse

from areas import demo as areas_demo
from areas.models import LocalArea
from cycles import demo, ramps, selectors, stalling
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
        last = cycles.get(title="Demo: Huddles in every locality")
        tree = ramps.ramp_tree(last)
        ramp = [tree.cycle, tree.followers[0].cycle, tree.followers[0].followers[0].cycle]
        assert ramp[2] == last and [c.decision for c in ramp[:2]] == ["adapt", "adopt"] and last.phase == "study"
        assert all(CycleMeasure.objects.filter(cycle=c).count() == 2 for c in ramp)
        # The ramp branches: a second cycle follows the first, started recently, so not stalled.
        assert tree.branches and tree.followers[1].cycle.title == "Demo: Huddle with the early years team"
        assert not stalling.is_stalled(tree.followers[1].cycle)
        # The last cycle has sat in Study since its test ended, long enough to be stalled.
        assert stalling.is_stalled(last) and last.phase_changed_on == last.ended_on
        test = cycles.get(kind="usability")
        assert test.phase == "closed" and test.iterations.count() == 2 and test.innovation.area == area
        statuses = set(FeedbackItem.objects.filter(area=area).values_list("status", flat=True))
        assert statuses == {"open", "routed", "responded", "changed", "resolved", "closed"}
        found = selectors.feedback_figures(area)
        assert found.overdue_count == 2 and found.resolved_count == 1 and len(found.awaiting_share_back) == 1
        watched = Measure.objects.filter(cycle_links__cycle=ramp[0]).first()
        labels = [a.label for a in annotations_for(watched) if a.kind == "pdsa"]
        assert "PDSA cycle started: Demo: Weekly wellbeing huddle in one team" in labels


def test_inverclydes_huddles_in_every_locality_is_a_stalled_cycle(db):
    _seed()
    cycle = Cycle.objects.get(area__slug="inverclyde", title="Demo: Huddles in every locality")
    # Its test ran from 40 to 96 days after the month Inverclyde's change took hold (the measures demo,
    # 13 months before the current one), so it has sat in Study for the best part of a year.
    assert cycle.phase == "study" and stalling.is_stalled(cycle)
    assert stalling.days_in_phase(cycle) > 200
    assert cycle.phase_changed_on == cycle.ended_on


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
