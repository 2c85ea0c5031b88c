"""The reports demo: two past quarters accepted for every programme area, the last ended quarter in
three states, the current one started, and a published national report built through the real
pipeline; loaded once."""

import io

from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from areas import demo as area_demo
from core.quarters import Quarter
from reports import builder, demo
from reports.models import KeyMessages, QuarterlyReturn, ReportFile, ReportRun, RunStatus
from tests.reports.disclosure_checks import recoverable_in_register, recoverable_in_tables


def test_seed_demo_makes_returns_in_every_state_and_a_published_report_once(db):
    area_demo.seed()
    demo.seed()
    current = Quarter.of(timezone.localdate())
    last = current.previous()
    states = {(r.area.slug, r.quarter): r.status for r in QuarterlyReturn.objects.select_related("area")}
    for slug in ("dundee", "inverclyde", "perth-and-kinross"):
        assert states[(slug, last.previous())] == "accepted"
        assert states[(slug, last.previous().previous())] == "accepted"
    # The last quarter that has ended is in every state; the current one can only be a draft (issue 15).
    assert states[("dundee", last)] == "draft"
    assert states[("inverclyde", last)] == "submitted"
    assert states[("perth-and-kinross", last)] == "returned"
    assert {status for (slug, quarter), status in states.items() if quarter == current} == {"draft"}
    returns = QuarterlyReturn.objects.all()
    assert all("(demo return" in r.progress for r in returns)
    assert all(r.submitted_at is None or r.submitted_at.date() > r.quarter.end for r in returns)
    # Each area tells its own story: no two areas' latest narratives share a section's text.
    latest = {r.area.slug: r for r in returns if r.quarter == last}
    for key in ("progress", "helped", "challenges", "support", "plans"):
        texts = {getattr(r, key).split(" (demo return")[0] for r in latest.values()}
        assert len(texts) == 3, key
    accepted = QuarterlyReturn.objects.filter(status="accepted")
    assert all(r.snapshot and r.first_submitted_at.date() <= r.accepted_at.date() for r in accepted)

    published, draft = ReportRun.objects.order_by("number")
    assert (published.quarter, published.status, published.published) == (last.previous(), RunStatus.DONE, True)
    assert (draft.status, draft.published) == (RunStatus.DONE, False)
    assert ReportFile.objects.filter(run=published).count() == 3
    signed = KeyMessages.objects.get(run=published)
    assert signed.is_signed_off and "(demo)" in signed.asks
    assert not KeyMessages.objects.get(run=draft).is_signed_off

    html = {run.number: _read(run, "html") for run in (published, draft)}
    pdf = {run.number: _read(run, "pdf") for run in (published, draft)}
    assert "Key messages this quarter" in html[1] and "CELCIS sign-off text" in html[1]
    assert "DRAFT" not in html[1] and "DRAFT" in html[2]
    pages = PdfReader(io.BytesIO(pdf[2])).pages
    assert all("DRAFT" in page.extract_text() for page in pages)

    # On the demo report: nothing hidden can be worked out, within a table or across tables.
    workbook = load_workbook(io.BytesIO(_read(published, "xlsx", text=False)))
    assert "Notes" in workbook.sheetnames and "Team capacity" in workbook.sheetnames
    for name in workbook.sheetnames:
        assert workbook[name].freeze_panes == "A2" or name == "About"
    parts = [part.data for part in published.parts.order_by("area__name")]
    report, register = _report_and_register(published, parts)
    assert recoverable_in_tables(report.tables) == []
    assert recoverable_in_register(register) == []
    # Counts of things are published as they are: no "<5" in the cycles or meetings columns.
    cycles = next(t for t in report.tables if t.caption == "PDSA cycles and the feedback loop")
    assert all(str(cell) not in ("<5", "[c]") for row in cycles.rows for cell in row)

    demo.seed()
    assert QuarterlyReturn.objects.count() == 10
    assert ReportRun.objects.count() == 2


def _read(run, kind, text=True):
    stored = ReportFile.objects.get(run=run, kind=kind)
    with stored.file.open("rb") as handle:
        content = handle.read()
    return content.decode() if text and kind == "html" else content


def _report_and_register(run, parts):
    captured = {}
    original = builder.finalise

    def keep(report, register):
        captured["register"] = register
        return original(report, register)

    builder.finalise = keep
    try:
        report = builder.build_report(run, parts, KeyMessages.objects.get(run=run))
    finally:
        builder.finalise = original
    return report, captured["register"]
