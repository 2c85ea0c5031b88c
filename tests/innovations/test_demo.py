"""The demo data: every programme area has an innovation in use and an exploration, once."""

from areas import demo as area_demo
from innovations import demo, selectors
from innovations.models import Exploration, FidelityCheck, Innovation, InnovationStatus, PracticeDescription
from stages import demo as stage_demo


def _seed():
    area_demo.seed()
    stage_demo.seed()
    demo.seed()


def test_each_programme_area_has_an_innovation_in_use_with_profile_and_fidelity_history(db):
    _seed()
    for slug, prefix in (("dundee", "DD"), ("inverclyde", "IC"), ("perth-and-kinross", "PK")):
        in_use = Innovation.objects.get(area__slug=slug, status=InnovationStatus.IN_USE)
        assert in_use.name.endswith("(demo)")
        assert PracticeDescription.objects.filter(innovation=in_use).exclude(text="").count() >= 12
        rows = [r for r in selectors.fidelity_by_quarter(in_use) if r.figures.intended is not None]
        assert len(rows) >= 3  # several quarters of figures
        assert rows[-1].figures.at_fidelity > rows[0].figures.at_fidelity  # fidelity grows over time
        codes = set(FidelityCheck.objects.filter(innovation=in_use).values_list("practitioner__code", flat=True))
        assert all(code.startswith(f"{prefix}-P") for code in codes)
        exploration = Exploration.objects.get(area__slug=slug)
        comparison = selectors.hexagon_comparison(exploration)
        assert len(comparison["candidates"]) == 2
        assert exploration.decision == "proceed" and exploration.chosen == in_use
        assert Innovation.objects.get(area__slug=slug, status=InnovationStatus.NOT_SELECTED).status_reason


def test_dundee_demo_reaches_full_implementation_and_is_usable(db):
    _seed()
    innovation = Innovation.objects.get(area__slug="dundee", status=InnovationStatus.IN_USE)
    summary = selectors.summaries(innovation.area, [innovation])[0]
    assert summary.fidelity.full_implementation
    assert summary.usability.usable
    assert summary.stage.stage == "full"


def test_seeding_twice_leaves_the_demo_as_it_was(db):
    _seed()
    counts = (Innovation.objects.count(), FidelityCheck.objects.count(), Exploration.objects.count())
    demo.seed()
    assert (Innovation.objects.count(), FidelityCheck.objects.count(), Exploration.objects.count()) == counts
