"""The reports demo: two past quarters accepted for every programme area, the current quarter in
three states, and a published national report built through the real pipeline; loaded once."""

from django.utils import timezone

from areas import demo as area_demo
from core.quarters import Quarter
from reports import demo
from reports.models import QuarterlyReturn, ReportFile, ReportRun, RunStatus


def test_seed_demo_makes_returns_in_every_state_and_a_published_report_once(db):
    area_demo.seed()
    demo.seed()
    current = Quarter.of(timezone.localdate())
    states = {(r.area.slug, r.quarter): r.status for r in QuarterlyReturn.objects.select_related("area")}
    for slug in ("dundee", "inverclyde", "perth-and-kinross"):
        assert states[(slug, current.previous())] == "accepted"
        assert states[(slug, current.previous().previous())] == "accepted"
    assert states[("dundee", current)] == "draft"
    assert states[("inverclyde", current)] == "submitted"
    assert states[("perth-and-kinross", current)] == "returned"
    assert all("(demo return" in r.progress for r in QuarterlyReturn.objects.all())
    accepted = QuarterlyReturn.objects.filter(status="accepted")
    assert all(r.snapshot and r.first_submitted_at.date() <= r.accepted_at.date() for r in accepted)

    run = ReportRun.objects.get()
    assert (run.quarter, run.status, run.published) == (current.previous(), RunStatus.DONE, True)
    assert ReportFile.objects.filter(run=run).count() == 3

    demo.seed()
    assert QuarterlyReturn.objects.count() == 9
    assert ReportRun.objects.count() == 1
