"""The demo data: every programme area has an innovation in use and an exploration, once."""

from areas import demo as area_demo
from innovations import demo, selectors
from innovations.fidelity import slice_figures_on
from innovations.models import (
    Exploration,
    FidelityCheck,
    Innovation,
    InnovationStatus,
    PracticeDescription,
    PractitionerFigures,
)
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
        rows = [r for r in selectors.fidelity_by_quarter(in_use) if r.intended is not None]
        assert len(rows) >= 3  # several quarters of figures
        assert rows[-1].at_fidelity > rows[0].at_fidelity  # fidelity grows over time
        # Figures carried forward: a slice's figures held, untyped, into a later quarter; a check overdue now.
        assert PractitionerFigures.objects.filter(innovation=in_use, slice__isnull=False).exists()
        dated = selectors.dated_figures(in_use)
        assert any(
            figures.effective_on < row.quarter.start
            for row in rows
            for figures in slice_figures_on(dated, row.quarter.end).values()
        )
        assert rows[-1].overdue == 1
        assert any(row.due.overdue for row in selectors.checks_due(in_use))
        missed = FidelityCheck.objects.filter(innovation=in_use, essential_missed__gt=0).get()
        assert not missed.meets_fidelity and missed.score_percent >= in_use.fidelity_threshold
        codes = set(FidelityCheck.objects.filter(innovation=in_use).values_list("practitioner__code", flat=True))
        assert all(code.startswith(f"{prefix}-P") for code in codes)
        exploration = Exploration.objects.get(area__slug=slug)
        comparison = selectors.hexagon_comparison(exploration)
        assert len(comparison["candidates"]) == 2
        # The candidate not chosen has a 2 on Capacity: a concern flagged, never a lower total.
        assert [c.innovation.status for c in comparison["concerns"]] == [InnovationStatus.NOT_SELECTED]
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
