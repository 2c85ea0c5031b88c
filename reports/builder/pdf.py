"""The report as a PDF, from the same HTML as the web page (with page furniture), rendered in pieces.

WeasyPrint lays a document out in one process, and a national report of 32 areas takes it seconds.
So the PDF is planned as a front (cover, key messages, contents) and a few pieces of about the same
size, each a run of sections (a section with one very long table is cut between rows: the rest of
the table carries on at the top of the next piece's first page, under its repeated headings). The
pieces can be rendered anywhere, in any order (`render_piece`, by Celery tasks in parallel), and
`join_pieces` puts them together: it renders the front with the contents' real page numbers, adds
the pages in order, stamps "Page X of Y" on every page and links the contents and the bookmarks to
their pages. `render_pdf` does all of that in one process, so a PDF rendered again later (after
publishing, say) is laid out exactly as the one the workers made. A report too small to be worth
cutting is rendered whole, as one document.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace

from django.conf import settings
from django.template.loader import render_to_string

from .report import Report, Section

PIECES = 4  # how many pieces a large report is cut into (enough for 4 worker processes)
# Weights are about WeasyPrint's time: ~9,000 a second (32 areas × 5 years weigh ~280,000). A report
# lighter than CUT_FROM (a few seconds of work: an area report, a national one of a few areas) is whole.
CUT_FROM = 150_000
CHUNK_ROWS = 60  # a long table may be cut every this many rows
SECTION_WEIGHT = 6000  # a section costs about as much again as its text
PT_PER_PX = 0.75


@dataclass
class Slice:
    """What a piece shows of one section: all of it, or some rows of its longest table."""

    section: Section  # a copy holding only what this piece shows
    number: int
    heading: bool  # the section starts here (its heading, its anchor in the contents)


def _quiet() -> None:
    # WeasyPrint narrates every layout step at INFO level; workers log at INFO.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def _document(html: str):
    from weasyprint import HTML

    _quiet()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_whole(report: Report) -> bytes:
    """The report as one WeasyPrint document: contents with page numbers, the date on every page."""
    document = render_to_string("reports/report/document.html", {"report": report, "pdf": True})
    return _document(document).write_pdf()


# --- Planning the pieces ---------------------------------------------------------------------------


def _rows_weight(rows: list[list]) -> int:
    # WeasyPrint's time goes on shaping and breaking text: a table costs about its characters.
    return sum(len(str(cell)) + 4 for row in rows for cell in row)


def _weight(section: Section) -> int:
    weight = SECTION_WEIGHT + sum(_rows_weight(t.printed_rows) for t in section.tables)
    for chart, tables in section.charts:
        weight += len(chart.svg) // 16 + sum(_rows_weight(t.printed_rows) for t in tables)
    weight += sum(len(e["text"]) for topic in section.narratives for e in topic["entries"]) // 2
    return weight


def _units(report: Report) -> list[tuple[int, int, int, int, int]]:
    """The report as (section index, chunk, chunks, weight, longest table's index): a section is one
    unit, or one per CHUNK_ROWS rows of its longest table when that is long."""
    units = []
    for index, section in enumerate(report.sections):
        longest = max(range(len(section.tables)), key=lambda t: len(section.tables[t].rows), default=None)
        rows = len(section.tables[longest].rows) if longest is not None else 0
        if rows < 2 * CHUNK_ROWS:
            units.append((index, 0, 1, _weight(section), -1))
            continue
        chunks = -(-rows // CHUNK_ROWS)
        table = section.tables[longest]
        printed = table.printed_rows
        rest = _weight(section) - _rows_weight(printed)
        for chunk in range(chunks):
            weight = _rows_weight(printed[chunk * CHUNK_ROWS : (chunk + 1) * CHUNK_ROWS])
            if chunk == 0:
                weight += SECTION_WEIGHT + sum(_rows_weight(t.printed_rows) for t in section.tables[:longest])
            if chunk == chunks - 1:
                weight += rest - SECTION_WEIGHT - sum(_rows_weight(t.printed_rows) for t in section.tables[:longest])
            units.append((index, chunk, chunks, weight, longest))
    return units


def _slice(section: Section, number: int, first: int, last: int, chunks: int, longest: int) -> Slice:
    """Chunks first..last (of `chunks`) of a section whose longest table is cut."""
    if longest < 0:
        return Slice(section, number, True)
    table = section.tables[longest]
    ends = last == chunks - 1
    part = replace(
        table,
        caption=table.caption if first == 0 else "",
        rows=table.rows[first * CHUNK_ROWS : (last + 1) * CHUNK_ROWS],
        total=table.total if ends else None,
        note=table.note if ends else "",
    )
    before = section.tables[:longest] if first == 0 else []
    after = section.tables[longest + 1 :] if ends else []
    shown = replace(
        section,
        tables=[*before, part, *after],
        charts=section.charts if ends else [],
        narratives=section.narratives if ends else [],
    )
    return Slice(shown, number, first == 0)


def plan(report: Report, count: int = PIECES) -> list[list[Slice]]:
    """The report's sections cut into at most `count` pieces of about the same weight, in order;
    one piece when the report is small. The same report always gives the same plan."""
    units = _units(report)
    total = sum(u[3] for u in units)
    count = max(1, min(count, len(units))) if total >= CUT_FROM else 1
    groups: list[list] = [[]]
    done = 0
    for position, unit in enumerate(units):
        left = len(units) - position
        cut = len(groups) < count and groups[-1] and (done + unit[3] / 2 > total * len(groups) / count)
        if cut or (len(groups) < count and left <= count - len(groups)):
            groups.append([])
        groups[-1].append(unit)
        done += unit[3]
    pieces = []
    for group in filter(None, groups):
        slices = []
        for unit in group:
            index, chunk, chunks, _, longest = unit
            if slices and slices[-1][0] == index:
                slices[-1][2] = chunk
            else:
                slices.append([index, chunk, chunk, chunks, longest])
        pieces.append([_slice(report.sections[i], i + 1, *rest) for i, *rest in slices])
    return pieces


# --- Rendering and joining -------------------------------------------------------------------------


def _bookmarks(tree, offset: int = 0) -> list:
    """WeasyPrint's bookmark tree as plain lists: [label, page index, children]."""
    return [[label, target[0] + offset, _bookmarks(children, offset)] for label, target, children, _ in tree]


def render_piece(report: Report, index: int, count: int = PIECES) -> tuple[bytes, dict]:
    """One piece of the planned report as a PDF without page numbers, and what joining it needs:
    its number of pages, the page (from 0) each section starts on, and its bookmarks."""
    pieces = plan(report, count)
    html = render_to_string(
        "reports/report/pdf_piece.html",
        {"report": report, "pdf": True, "slices": pieces[index], "notes": index == len(pieces) - 1},
    )
    document = _document(html)
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            if name.startswith("report-"):
                anchors.setdefault(name, number)
    meta = {"pages": len(document.pages), "anchors": anchors, "bookmarks": _bookmarks(document.make_bookmark_tree())}
    return document.write_pdf(), meta


def _contents(report: Report, anchors: dict[str, int]) -> list[dict]:
    entries = [(f"report-{s.id}", s.id, s.title) for s in report.sections]
    entries.append(("report-notes", "notes", "Symbols and definitions"))
    return [{"id": short, "title": title, "page": anchors.get(name, -1) + 1} for name, short, title in entries]


def _front(report: Report, starts: dict[str, int]):
    """The front rendered with the contents' page numbers (it may take a second try: how many pages
    the front has moves every number after it)."""
    front_pages = 2
    for _attempt in range(4):
        anchors = {name: page + front_pages for name, page in starts.items()}
        html = render_to_string(
            "reports/report/pdf_piece.html",
            {"report": report, "pdf": True, "front": True, "contents": _contents(report, anchors)},
        )
        # Its links point at pages it does not hold (they are put back once joined): WeasyPrint
        # would log each of them as an error.
        anchors_log = logging.getLogger("weasyprint")
        anchors_log.disabled = True
        try:
            document = _document(html)
            document.pages[0].links  # noqa: B018
        finally:
            anchors_log.disabled = False
        if len(document.pages) == front_pages:
            return document, anchors
        front_pages = len(document.pages)
    raise RuntimeError("The report's contents pages could not be numbered.")


def join_pieces(report: Report, pieces: list[tuple[bytes, dict]]) -> bytes:
    """The pieces (from `render_piece`, in order) joined behind the front, every page numbered."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    starts: dict[str, int] = {}
    offset = 0
    for _, meta in pieces:
        for name, page in meta["anchors"].items():
            starts.setdefault(name, page + offset)
        offset += meta["pages"]
    front, anchors = _front(report, starts)
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(front.write_pdf()))] + [PdfReader(io.BytesIO(pdf)) for pdf, _ in pieces]
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    total = len(writer.pages)
    numbers = render_to_string("reports/report/pdf_page_numbers.html", {"pages": range(total)})
    stamps = PdfReader(io.BytesIO(_document(numbers).write_pdf())).pages
    for page, stamp in zip(writer.pages, stamps, strict=True):
        page.merge_page(stamp, over=True)
        page.compress_content_streams()
    for number, page in enumerate(front.pages):
        height = float(writer.pages[number].mediabox.height)
        for kind, target, (x1, y1, x2, y2), _ in page.links:
            if kind == "internal" and target in anchors:
                rect = (x1 * PT_PER_PX, height - y2 * PT_PER_PX, x2 * PT_PER_PX, height - y1 * PT_PER_PX)
                writer.add_annotation(number, Link(rect=rect, target_page_index=anchors[target]))
    tree = _bookmarks(front.make_bookmark_tree())
    offset = len(front.pages)
    for _, meta in pieces:
        below = tree[0][2] if len(tree) == 1 else tree  # under the report's title, as when rendered whole
        below += [[label, page + offset, children] for label, page, children in meta["bookmarks"]]
        offset += meta["pages"]
    _outline(writer, tree, None, offset=0)
    writer.add_metadata({"/Title": readers[0].metadata.get("/Title", report.title), "/Producer": "WeasyPrint"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _outline(writer, tree, parent, offset: int) -> None:
    for label, page, children in tree:
        item = writer.add_outline_item(title=label, page_number=page + offset, parent=parent)
        _outline(writer, children, item, offset)


def render_pdf(report: Report) -> bytes:
    """The report as a PDF, made in this process: whole when small, else its pieces one after
    another and joined (the same PDF as the pieces rendered in parallel)."""
    count = len(plan(report))
    if count == 1:
        return render_whole(report)
    return join_pieces(report, [render_piece(report, index) for index in range(count)])
