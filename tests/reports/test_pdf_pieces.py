"""The national report's PDF rendered in pieces (in parallel by Celery tasks) and joined: page numbers
run on across the pieces, the contents page points at the right pages, a long table is cut between
rows, and the pipeline's guarantees hold (one set of files, failures recorded, staging tidied away)."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import tasks
from reports.builder import Report, Section, Table, join_pieces, plan, render_pdf, render_piece
from reports.builder import pdf as pdf_module
from reports.models import ReportFile, ReportRun, ReportScope, RunStatus
from reports.services import runs
from tests.reports.factories import PAST
from tests.reports.test_runs import two_accepted  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _report(sections: int = 6, long_rows: int = 300) -> Report:
    def table(name, rows):
        return Table(
            caption=f"{name} table",
            headers=["Area", "Measure", "Value", "Note"],
            rows=[[f"Area {i}", f"Measure {i} of {name}", str(i), "words " * (i % 7)] for i in range(rows)],
            note=f"{name} note",
        )

    body = [
        Section(id=f"s{i}", title=f"Section {i}", intro=f"Intro {i}", tables=[table(f"S{i}", 40)])
        for i in range(sections)
    ]
    body.insert(2, Section(id="long", title="Long one", tables=[table("Long", long_rows)]))
    return Report(
        title="Test report",
        subtitle="1 Jul 2026 to 30 Sep 2026",
        quarter="2026-27 Q2",
        version=3,
        generated_at=datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
        national=True,
        threshold=5,
        summary=["A summary."],
        sections=body,
        definitions=[("Term", "Meaning")],
        draft=True,
    )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def small_pieces(monkeypatch):
    # Pieces worth cutting even in a test-sized report.
    monkeypatch.setattr(pdf_module, "CUT_FROM", 0)
    monkeypatch.setattr(pdf_module, "CHUNK_ROWS", 40)


def test_a_long_table_is_cut_between_rows_and_every_section_is_in_one_piece_in_order(small_pieces):
    report = _report()
    pieces = plan(report, 4)
    assert len(pieces) == 4
    shown = [(s.number, s.heading) for piece in pieces for s in piece]
    assert [n for n, heading in shown if heading] == list(range(1, 8))  # each heading once, in order
    long_rows = [row for piece in pieces for s in piece if s.number == 3 for row in s.section.tables[-1].rows]
    assert long_rows == report.sections[2].tables[0].rows  # every row once, in order
    captions = [s.section.tables[-1].caption for piece in pieces for s in piece if s.number == 3]
    assert captions[0] == "Long table" and not any(captions[1:])  # the caption once, at the start
    assert plan(report, 4) == pieces  # the same report, the same plan


def test_joined_pieces_number_every_page_and_the_contents_point_at_the_sections(small_pieces):
    report = _report()
    count = len(plan(report, 4))
    pieces = [render_piece(report, index, 4) for index in range(count)]
    pages = _pages(join_pieces(report, pieces))
    total = len(pages)
    assert total > sum(meta["pages"] for _, meta in pieces)  # the front comes first
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text  # continuous, once per page
        assert "DRAFT – not published" in text
        assert "Test report, version 3" in text and "Generated 2 Dec 2026" in text
    contents = next(text for text in pages if "Contents" in text)
    for number, title in [(1, "Section 0"), (3, "Long one"), (7, "Section 5")]:
        page = int(re.search(rf"{title} \.+\s*(\d+)", contents).group(1))
        assert f"{number}. {title}" in pages[page - 1]
    notes = int(re.search(r"Symbols and definitions \.+\s*(\d+)", contents).group(1))
    assert "Symbols and definitions" in pages[notes - 1] and "Meaning" in pages[notes - 1]
    reader = PdfReader(io.BytesIO(join_pieces(report, pieces)))
    assert reader.outline[0].title == "Test report"  # bookmarks as WeasyPrint makes them
    contents_page = next(n for n, text in enumerate(pages) if "Contents" in text)
    links = [a.get_object() for a in reader.pages[contents_page].get("/Annots", [])]
    assert len([a for a in links if a["/Subtype"] == "/Link"]) >= 8  # each contents line links to its page


def test_render_pdf_in_one_process_makes_the_same_pages_as_the_pieces(small_pieces):
    report = _report()
    count = len(plan(report))
    joined = join_pieces(report, [render_piece(report, index) for index in range(count)])
    assert _pages(render_pdf(report)) == _pages(joined)


def test_a_small_report_is_rendered_whole():
    report = _report(sections=2, long_rows=10)
    assert len(plan(report)) == 1
    pages = _pages(render_pdf(report))
    assert f"Page 1 of {len(pages)}" in pages[0]


def _run(celcis):
    from reports import services

    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=PAST)
    tasks.start_report_run.apply(kwargs={"run_id": run.pk})  # parts built; combined in one process
    return run


def _stored(media_root):
    return sorted(p.relative_to(media_root).as_posix() for p in Path(media_root).rglob("*") if p.is_file())


def test_a_spread_combining_step_renders_the_pieces_as_tasks_and_saves_one_set_of_files(
    two_accepted,  # noqa: F811
    celcis,
    media_root,
    small_pieces,
    monkeypatch,
):
    from reports import services

    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=PAST)
    queued = []
    original = tasks.render_report_piece.apply_async
    monkeypatch.setattr(tasks.render_report_piece, "apply_async", lambda **kw: queued.append(kw) or original(**kw))
    monkeypatch.setattr(
        tasks.combine_report,
        "apply_async",
        lambda **kw: tasks.combine_report.apply(kwargs=kw["kwargs"] | {"spread": True}),
    )
    tasks.start_report_run.apply(kwargs={"run_id": run.pk})
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert len(queued) > 1  # the PDF went out in pieces
    stored = _stored(media_root)
    assert len(stored) == 3 and not any("staging" in name for name in stored)  # staging tidied away
    with ReportFile.objects.get(run=run, kind="pdf").file.open("rb") as handle:
        pages = _pages(handle.read())
    assert all(f"Page {n} of {len(pages)}" in text for n, text in enumerate(pages, start=1))
    assert "National quarterly report 2026-27 Q1" in pages[0]
    # The join delivered again, or a piece: the run is done, nothing more is saved.
    job = queued[0]["kwargs"]
    assert tasks.join_report.apply(kwargs={k: job[k] for k in ("run_id", "token", "count", "generated_at")}).get() == (
        "already combined"
    )
    tasks.render_report_piece.apply(kwargs=job)
    assert _stored(media_root) == stored
    assert ReportFile.objects.filter(run=run).count() == 3


def test_a_piece_that_fails_fails_the_run_with_a_reason_and_leaves_no_files(
    two_accepted,  # noqa: F811
    celcis,
    media_root,
    small_pieces,
    monkeypatch,
):
    from reports import services

    def broken(report, index, count=4):
        if index == 1:
            raise ValueError("no fonts left")
        return render_piece(report, index, count)

    monkeypatch.setattr("reports.builder.render_piece", broken)
    monkeypatch.setattr(
        tasks.combine_report,
        "apply_async",
        lambda **kw: tasks.combine_report.apply(kwargs=kw["kwargs"] | {"spread": True}),
    )
    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=PAST)
    tasks.start_report_run.apply(kwargs={"run_id": run.pk})
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "The report could not be built: ValueError: no fonts left"
    assert not ReportFile.objects.filter(run=run).exists()
    assert _stored(media_root) == []


def test_in_process_the_combining_step_renders_the_pdf_itself(two_accepted, celcis, media_root, small_pieces):  # noqa: F811
    run = _run(celcis)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert len(_stored(media_root)) == 3
    assert ReportRun.objects.get(pk=run.pk).combine_started_at is not None
    assert runs  # the services module the tasks use for pieces
