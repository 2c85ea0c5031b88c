"""What a quarterly report says, and its three outputs: an HTML page, a PDF and an XLSX data annex.

A run's parts (one per area, see `area_part`) become a `Report`: sections of plain tables, charts
and narrative, shared by all three outputs so they always agree. In a national report every count
goes through the small-numbers rule (reports.suppression) before it reaches a table; an area's own
report, which stays within the area and CELCIS, shows exact counts.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from charts import Chart, Series, line_chart
from core.quarters import Quarter
from drivers.scoring import describe_change
from stages.models import STAGE_ORDER, Stage

from .models import SECTION_KEYS, SECTION_TITLES, QuarterlyReturn, ReportRun, ReturnStatus
from .snapshot import build_snapshot
from .suppression import footnote, is_small, suppress_column, suppress_table

HISTORY_QUARTERS = 4


# --- One area's part ---------------------------------------------------------------------------------


def _return_facts(quarterly_return: QuarterlyReturn | None) -> dict:
    if quarterly_return is None:
        return {
            "status": None,
            "status_label": "Not opened",
            "submitted_on": None,
            "accepted_on": None,
            "on_time": None,
        }
    first = quarterly_return.first_submitted_at
    return {
        "status": quarterly_return.status,
        "status_label": quarterly_return.get_status_display(),
        "due_on": quarterly_return.due_on.isoformat(),
        "submitted_on": timezone.localdate(first).isoformat() if first else None,
        "accepted_on": timezone.localdate(quarterly_return.accepted_at).isoformat()
        if quarterly_return.accepted_at
        else None,
        "on_time": (timezone.localdate(first) <= quarterly_return.due_on) if first else None,
    }


def area_part(run: ReportRun, area) -> dict:
    """One area's section of a run, as JSON-ready values.

    A national report uses accepted returns only (their frozen figures and narrative). An area
    report uses the area's submitted or accepted return, or, before there is one, the figures as
    they stand now.
    """
    quarter = run.quarter
    returns = {
        r.quarter_start: r
        for r in QuarterlyReturn.objects.filter(
            area=area,
            quarter_start__lte=quarter.start,
            quarter_start__gte=_quarters_back(quarter, HISTORY_QUARTERS - 1).start,
        )
    }
    this = returns.get(quarter.start)
    if run.is_national:
        included = this is not None and this.status == ReturnStatus.ACCEPTED
        snapshot = this.snapshot if included else None
        narrative = this.narrative() if included else {}
        source = "accepted return" if included else None
    elif this is not None and this.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED) and this.snapshot:
        included, snapshot, narrative = True, this.snapshot, this.narrative()
        source = f"{this.get_status_display().lower()} return"
    else:
        included, snapshot = True, build_snapshot(area, quarter)
        narrative = this.narrative() if this else {}
        source = "figures as they stand (the return has not been submitted)"
    history = []
    for start in sorted(returns):
        if start == quarter.start:
            figures = snapshot if included else None
        else:
            earlier = returns[start]
            usable = (ReturnStatus.ACCEPTED,) if run.is_national else (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
            figures = earlier.snapshot if earlier.status in usable else None
        if figures:
            history.append({"quarter": Quarter.of(start).label, "drivers": figures["drivers"]["overall"]})
    return {
        "area": {"id": area.pk, "slug": area.slug, "name": area.name},
        "return": _return_facts(this),
        "included": included,
        "source": source,
        "snapshot": snapshot,
        "narrative": narrative,
        "history": history,
    }


def _quarters_back(quarter: Quarter, count: int) -> Quarter:
    for _ in range(count):
        quarter = quarter.previous()
    return quarter


# --- The report --------------------------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    note: str = ""


@dataclass
class Section:
    id: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    narratives: list[dict] = field(default_factory=list)
    sheet: str = ""  # the XLSX sheet's name; empty: the section has no sheet of its own


@dataclass
class Report:
    title: str
    subtitle: str
    quarter: str
    version: int
    generated_at: object
    national: bool
    threshold: int
    summary: list[str]
    sections: list[Section]
    definitions: list[tuple[str, str]]


DEFINITIONS = [
    ("Quarter", "Financial-year quarters: Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March."),
    (
        "Return",
        "A programme area's quarterly account: figures taken from its records when it submits, and its narrative.",
    ),
    ("On time", "First submitted on or before the due date, a set number of days after the quarter ends."),
    ("Implementation stage", "Exploration, Installation, Initial implementation or Full implementation (NIRN)."),
    ("Stage progress", "Activities done ÷ activities in that stage's catalogue, as a percentage."),
    ("FTE", "Full-time equivalents: dedicated hours a week ÷ the hours of a full-time week."),
    ("Overdue action", "An action still open on the figures date whose due date had passed."),
    ("Usability criteria", "The four criteria of a usable innovation; the count is how many are met."),
    ("At fidelity", "Practitioners whose latest fidelity check on or before the figures date met the threshold."),
    ("Driver score", "Points won ÷ (2 × items answered), as a percentage: in place 2, partly 1, not in place 0."),
    ("Signal", "A run chart or XmR chart rule met by a point in the quarter (shift, trend, limits…)."),
    ("Figures date", "The quarter's last day, or the day the figures were taken if that was earlier."),
]


class _Counts:
    """Shows counts exactly, or (national reports) through the small-numbers rule."""

    def __init__(self, suppress: bool, threshold: int):
        self.suppress = suppress
        self.threshold = threshold

    def column(self, values: list[int | None], *, total: bool = True) -> tuple[list[str], str | None]:
        if self.suppress:
            return suppress_column(values, threshold=self.threshold, total=total)
        shown = ["—" if v is None else str(v) for v in values]
        present = [v for v in values if v is not None]
        return shown, (str(sum(present)) if present else "—") if total else None

    def grid(self, values: list[list[int]]):
        if self.suppress:
            table = suppress_table(values, threshold=self.threshold)
            return table.cells, table.row_totals, table.column_totals, table.grand_total
        rows = [[str(v) for v in row] for row in values]
        row_totals = [str(sum(row)) for row in values]
        columns = [str(sum(col)) for col in zip(*values, strict=True)] if values else []
        return rows, row_totals, columns, str(sum(sum(row) for row in values))

    def hidden(self, text: str) -> bool:
        return self.suppress and text in (f"<{self.threshold}", "[c]")


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _day(iso: str | None) -> str:
    return date_format(date.fromisoformat(iso)) if iso else "—"


def _columns(rows: list[list[str]], *columns: list[str]) -> list[list[str]]:
    return [row + [column[i] for column in columns] for i, row in enumerate(rows)]


def _returns_section(parts: list[dict], national: bool) -> Section:
    rows = []
    for part in parts:
        facts = part["return"]
        on_time = {True: "Yes", False: "No", None: "—"}[facts["on_time"]]
        rows.append(
            [
                part["area"]["name"],
                facts["status_label"],
                _day(facts["submitted_on"]),
                _day(facts["accepted_on"]),
                on_time,
                "Yes" if part["included"] else "No",
            ]
        )
    intro = (
        "This report is built from accepted returns only."
        if national
        else "The area's return for the quarter and where this report's figures come from: "
        + (parts[0]["source"] if parts else "")
        + "."
    )
    return Section(
        id="returns",
        title="Returns",
        intro=intro,
        tables=[
            Table(
                caption="Returns for the quarter",
                headers=["Area", "Return", "First submitted", "Accepted", "On time", "In this report"],
                rows=rows,
            )
        ],
        sheet="Returns",
    )


def _stages_section(included: list[dict], counts: _Counts) -> Section:
    rows, innovations = [], []
    for part in included:
        stages = part["snapshot"]["stages"]
        programme = stages["programme"]
        progress = {row["stage"]: row for row in programme["progress"]}
        rows.append(
            [part["area"]["name"], programme["label"], _day(programme["entered_on"])]
            + [
                f"{progress[s]['done']} of {progress[s]['total']} ({_pct(progress[s]['percent'])})"
                if s in progress
                else "—"
                for s in STAGE_ORDER
            ]
        )
        for innovation in stages["innovations"]:
            innovations.append(
                [part["area"]["name"], innovation["name"], innovation["label"], _day(innovation["entered_on"])]
            )
    changes, changes_total = counts.column([len(p["snapshot"]["stages"]["changes"]) for p in included])
    completed, completed_total = counts.column(
        [p["snapshot"]["stages"]["activities_completed_count"] for p in included]
    )
    activity = [[p["area"]["name"]] for p in included]
    tables = [
        Table(
            caption="The programme's stage and progress through each stage's activities",
            headers=["Area", "Programme stage", "Since"] + [Stage(s).label for s in STAGE_ORDER],
            rows=rows,
        ),
        Table(
            caption="Stage changes and activities completed in the quarter",
            headers=["Area", "Stage changes", "Activities completed"],
            rows=_columns(activity, changes, completed),
            total=["Total", changes_total, completed_total],
            note=footnote(counts.threshold) if counts.suppress else "",
        ),
    ]
    if innovations:
        tables.append(
            Table(caption="Each innovation's stage", headers=["Area", "Innovation", "Stage", "Since"], rows=innovations)
        )
    return Section(id="stages", title="Implementation stages", tables=tables, sheet="Stages")


def _teams_section(included: list[dict], counts: _Counts) -> Section:
    teams = [p["snapshot"]["teams"] for p in included]
    names = [[p["area"]["name"]] for p in included]
    members, members_total = counts.column([t["members"] for t in teams])
    meetings, meetings_total = counts.column([t["meetings_held"] for t in teams])
    opened, opened_total = counts.column([t["actions_opened"] for t in teams])
    closed, closed_total = counts.column([t["actions_closed"] for t in teams])
    overdue, overdue_total = counts.column([t["actions_overdue"] for t in teams])
    hours = [t["hours"] for t in teams]
    fte = [t["fte"] for t in teams]
    rows = _columns(names, members, hours, fte, meetings, opened, closed, overdue)
    total = [
        "Total",
        members_total,
        str(sum((Decimal(h) for h in hours), Decimal(0))),
        str(sum((Decimal(f) for f in fte), Decimal(0))),
        meetings_total,
        opened_total,
        closed_total,
        overdue_total,
    ]
    organisations: dict[str, dict[str, str]] = {}
    for part, t in zip(included, teams, strict=True):
        for row in t["by_organisation"]:
            organisations.setdefault(row["label"], {})[part["area"]["name"]] = row["fte"]
    by_organisation = [
        [label] + [found.get(p["area"]["name"], "0.00") for p in included] for label, found in organisations.items()
    ]
    return Section(
        id="teams",
        title="Implementation teams",
        intro="Team members with dedicated time and their full-time equivalents on the figures date; meetings and "
        "actions in the quarter.",
        tables=[
            Table(
                caption="Team capacity, meetings and actions",
                headers=[
                    "Area",
                    "Team members",
                    "Dedicated hours a week",
                    "FTE",
                    "Meetings held",
                    "Actions opened",
                    "Actions closed",
                    "Actions overdue",
                ],
                rows=rows,
                total=total,
                note=footnote(counts.threshold) if counts.suppress else "",
            ),
            Table(
                caption="Dedicated time (FTE) by partner organisation",
                headers=["Partner organisation"] + [p["area"]["name"] for p in included],
                rows=by_organisation,
            ),
        ],
        sheet="Teams",
    )


def _innovations_section(included: list[dict], counts: _Counts) -> Section:
    rows, items, slice_rows, slice_items = [], [], [], []
    for part in included:
        for innovation in part["snapshot"]["innovations"]:
            rows.append([part["area"]["name"], innovation["name"], f"{innovation['usability_met']} of 4"])
            items.append(innovation)
            for one in innovation["slices"]:
                slice_rows.append([part["area"]["name"], innovation["name"], one["name"]])
                slice_items.append(one)
    intended, intended_total = counts.column([i["intended"] for i in items])
    trained, trained_total = counts.column([i["trained"] for i in items])
    at_fidelity, at_fidelity_total = counts.column([i["at_fidelity"] for i in items])
    percents = []
    for index, item in enumerate(items):
        hidden = counts.hidden(at_fidelity[index]) or counts.hidden(intended[index])
        percents.append(
            "[c]" if hidden and item["percent_at_fidelity"] is not None else _pct(item["percent_at_fidelity"])
        )
    note = footnote(counts.threshold) if counts.suppress else ""
    tables = [
        Table(
            caption="Usable innovations: criteria met and practitioners at fidelity",
            headers=[
                "Area",
                "Innovation",
                "Usability criteria met",
                "Practitioners intended",
                "Trained",
                "At fidelity",
                "Proportion at fidelity",
            ],
            rows=_columns(rows, intended, trained, at_fidelity, percents),
            total=["Total", "", "", intended_total, trained_total, at_fidelity_total, ""],
            note=note,
        )
    ]
    if slice_items:
        s_intended, s_intended_total = counts.column([s["intended"] for s in slice_items])
        s_trained, s_trained_total = counts.column([s["trained"] for s in slice_items])
        s_fidelity, s_fidelity_total = counts.column([s["at_fidelity"] for s in slice_items])
        tables.append(
            Table(
                caption="Slices of the system",
                headers=["Area", "Innovation", "Slice", "Practitioners intended", "Trained", "At fidelity"],
                rows=_columns(slice_rows, s_intended, s_trained, s_fidelity),
                total=["Total", "", "", s_intended_total, s_trained_total, s_fidelity_total],
                note=note,
            )
        )
    return Section(id="innovations", title="Usable innovations", tables=tables, sheet="Innovations")


def _drivers_section(included: list[dict]) -> Section:
    rows = []
    driver_names: list[str] = []
    by_driver: dict[str, dict[str, str]] = {}
    for part in included:
        drivers = part["snapshot"]["drivers"]
        rows.append(
            [
                part["area"]["name"],
                _day(drivers["assessed_on"]),
                _pct(drivers["overall"]),
                describe_change(drivers["overall_change"]) if drivers["assessed_on"] else "—",
            ]
        )
        for row in drivers["drivers"]:
            if row["name"] not in by_driver:
                driver_names.append(row["name"])
            by_driver.setdefault(row["name"], {})[part["area"]["name"]] = _pct(row["percent"])
    charts = []
    series = [
        Series(part["area"]["name"], [(entry["quarter"], entry["drivers"]) for entry in part["history"]])
        for part in included
        if any(entry["drivers"] is not None for entry in part["history"])
    ]
    if series:
        charts.append(
            line_chart(
                title="Overall drivers score by quarter",
                caption="Each area's overall drivers score in its latest assessment, quarter by quarter, "
                "from its returns.",
                series=series,
                x_label="Quarter",
                y_label="Overall score (%)",
                unit="%",
                y_limits=(0, 100),
            )
        )
    return Section(
        id="drivers",
        title="Implementation drivers",
        intro="Scores from each area's latest completed drivers assessment of the programme on the figures date.",
        tables=[
            Table(
                caption="Overall drivers score", headers=["Area", "Assessed on", "Overall score", "Change"], rows=rows
            ),
            Table(
                caption="Score for each driver",
                headers=["Driver"] + [p["area"]["name"] for p in included],
                rows=[
                    [name] + [by_driver[name].get(p["area"]["name"], "—") for p in included] for name in driver_names
                ],
            ),
        ],
        charts=charts,
        sheet="Drivers",
    )


def _cycles_section(included: list[dict], counts: _Counts) -> Section:
    """PDSA cycles and the practice–policy feedback loop in the quarter."""
    cycles = [p["snapshot"]["cycles"] for p in included]
    keys = [
        ("cycles_started", "Cycles started"),
        ("closed_adopt", "Closed: adopt"),
        ("closed_adapt", "Closed: adapt"),
        ("closed_abandon", "Closed: abandon"),
        ("feedback_raised", "Feedback items raised"),
        ("feedback_resolved", "Feedback items resolved"),
        ("open_over_60_days", "Open more than 60 days"),
    ]
    columns, totals = [], []
    for key, _ in keys:
        shown, total = counts.column([c[key] for c in cycles])
        columns.append(shown)
        totals.append(total)
    medians = ["—" if c["median_days_to_resolve"] is None else f"{c['median_days_to_resolve']:g}" for c in cycles]
    return Section(
        id="cycles",
        title="Improvement cycles",
        intro="PDSA cycles started and closed by decision, and practice–policy feedback items, in the quarter.",
        tables=[
            Table(
                caption="PDSA cycles and the feedback loop",
                headers=["Area", *(label for _, label in keys), "Median days to resolve"],
                rows=_columns([[p["area"]["name"]] for p in included], *columns, medians),
                total=["Total", *totals, ""],
                note=footnote(counts.threshold) if counts.suppress else "",
            )
        ],
        sheet="Cycles",
    )


def _measure_value(measure: dict, counts: _Counts) -> str:
    value = measure["latest_value"]
    if value is None:
        return "—"
    if (
        counts.suppress
        and measure["unit"] != "%"
        and float(value).is_integer()
        and is_small(int(value), counts.threshold)
    ):
        return f"<{counts.threshold}"
    return measure["latest_text"]


def _measures_section(included: list[dict], counts: _Counts) -> Section:
    rows = []
    for part in included:
        for measure in part["snapshot"]["measures"]:
            signals = "; ".join(f"{s['name']} ({s['tone']})" for s in measure["signals"]) or "None"
            rows.append(
                [
                    part["area"]["name"],
                    measure["name"],
                    _measure_value(measure, counts),
                    measure["latest_label"] or "—",
                    measure["signal_label"],
                    signals,
                ]
            )
    return Section(
        id="measures",
        title="Measures",
        intro="Each measure's latest value on the figures date, and the chart rules met by a point in the quarter.",
        tables=[
            Table(
                caption="Measures and their signals",
                headers=["Area", "Measure", "Latest value", "Period", "Signal", "Signals in the quarter"],
                rows=rows,
                note=footnote(counts.threshold) if counts.suppress else "",
            )
        ],
        sheet="Measures",
    )


def _engagement_section(included: list[dict], counts: _Counts) -> Section:
    if not included:
        return Section(id="engagement", title="Stakeholder engagement", sheet="Engagement")
    levels = [(row["level"], row["label"]) for row in included[0]["snapshot"]["engagement"]["levels"]]
    tables = []
    for key, caption in (("participants", "Participants"), ("engagements", "Engagement activities")):
        values = [
            [{r["level"]: r[key] for r in p["snapshot"]["engagement"]["levels"]}.get(level, 0) for p in included]
            for level, _ in levels
        ]
        cells, row_totals, column_totals, grand = counts.grid(values)
        tables.append(
            Table(
                caption=f"{caption} by level of the system",
                headers=["Level of the system"] + [p["area"]["name"] for p in included] + ["Total"],
                rows=[[label, *cells[i], row_totals[i]] for i, (_, label) in enumerate(levels)],
                total=["Total", *column_totals, grand],
                note=footnote(counts.threshold) if counts.suppress else "",
            )
        )
    return Section(
        id="engagement",
        title="Stakeholder engagement",
        intro="Engagement with each level of the local system in the quarter.",
        tables=tables,
        sheet="Engagement",
    )


def _community_section(included: list[dict], counts: _Counts) -> Section:
    community = [p["snapshot"]["community"] for p in included]
    events, events_total = counts.column([c["events_attended"] for c in community], total=False)
    people, people_total = counts.column([c["attendances"] for c in community])
    examples, examples_total = counts.column([c["examples_published"] for c in community])
    return Section(
        id="community",
        title="Community of Practice",
        intro="Participation in Community of Practice events held in the quarter, and practice examples published.",
        tables=[
            Table(
                caption="Community of Practice participation",
                headers=["Area", "Events attended", "Attendances", "Practice examples published"],
                rows=_columns([[p["area"]["name"]] for p in included], events, people, examples),
                total=["Total", "", people_total, examples_total],
                note=footnote(counts.threshold) if counts.suppress else "",
            )
        ],
        sheet="Community",
    )


def _narrative_section(included: list[dict]) -> Section:
    narratives = []
    for part in included:
        sections = [
            {"title": SECTION_TITLES[key], "text": part["narrative"].get(key, "")}
            for key in SECTION_KEYS
            if part["narrative"].get(key)
        ]
        narratives.append({"area": part["area"]["name"], "sections": sections})
    return Section(
        id="narrative",
        title="What the areas say",
        intro="Each area's own account of the quarter, from its return.",
        narratives=narratives,
    )


def build_report(run: ReportRun, parts: list[dict]) -> Report:
    """The report's sections from the run's parts (plain dictionaries from `area_part`)."""
    national = run.is_national
    threshold = settings.SMALL_NUMBER_THRESHOLD
    counts = _Counts(suppress=national, threshold=threshold)
    included = [p for p in parts if p["included"] and p["snapshot"]]
    missing = [p["area"]["name"] for p in parts if not p["included"]]
    summary = []
    if national:
        plural = "s" if len(included) != 1 else ""
        summary.append(f"Built from {len(included)} accepted return{plural} of {len(parts)} programme areas.")
        if missing:
            summary.append("Returns missing or not yet accepted, so not in this report: " + ", ".join(missing) + ".")
        summary.append(footnote(threshold))
    else:
        summary.append(f"Figures from the {parts[0]['source']}." if parts else "")
    sections = [_returns_section(parts, national)]
    if included:
        sections += [
            _stages_section(included, counts),
            _teams_section(included, counts),
            _innovations_section(included, counts),
            _drivers_section(included),
            _cycles_section(included, counts),
            _measures_section(included, counts),
            _engagement_section(included, counts),
            _community_section(included, counts),
            _narrative_section(included),
        ]
    quarter = run.quarter
    return Report(
        title=run.title,
        subtitle=f"{date_format(quarter.start)} to {date_format(quarter.end)}",
        quarter=quarter.label,
        version=run.number,
        generated_at=timezone.localtime(),
        national=national,
        threshold=threshold,
        summary=[s for s in summary if s],
        sections=sections,
        definitions=DEFINITIONS,
    )


# --- Outputs -------------------------------------------------------------------------------------------

BODY_START = "<!-- report-body-start -->"
BODY_END = "<!-- report-body-end -->"


def render_html(report: Report) -> str:
    """The report as a standalone web page (its body is what the portal shows inside its layout)."""
    return render_to_string("reports/report/document.html", {"report": report, "pdf": False})


def body_of(document: str) -> str:
    """The report's body from a stored HTML document (between the markers it was written with)."""
    start = document.find(BODY_START)
    end = document.find(BODY_END)
    if start < 0 or end < start:
        return ""
    return document[start + len(BODY_START) : end]


def render_pdf(report: Report) -> bytes:
    """The report as a PDF: contents with page numbers, the generation date on every page."""
    from weasyprint import HTML

    # WeasyPrint narrates every layout step at INFO level; workers log at INFO.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    document = render_to_string("reports/report/document.html", {"report": report, "pdf": True})
    return HTML(string=document, base_url=str(settings.BASE_DIR)).write_pdf()


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell(value: str):
    """A number where the text is one (so the annex can be added up), the text otherwise."""
    text = value.rstrip("%") if value.endswith("%") and _NUMBER.match(value.rstrip("%")) else value
    if _NUMBER.match(text or ""):
        return float(text) if "." in text else int(text)
    return value


def render_xlsx(report: Report) -> bytes:
    """The data annex: one sheet per framework (every table of its section) and a definitions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    about.append([report.title])
    about["A1"].font = Font(bold=True, size=14)
    about.append([report.subtitle])
    about.append([f"Version {report.version}, generated {date_format(report.generated_at, 'j M Y, H:i')}"])
    for line in report.summary:
        about.append([line])
    for section in report.sections:
        if not section.sheet:
            continue
        sheet = workbook.create_sheet(section.sheet[:31])
        sheet.append([section.title])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        if section.intro:
            sheet.append([section.intro])
        for table in section.tables:
            sheet.append([])
            sheet.append([table.caption])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append(table.headers)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.rows:
                sheet.append([_cell(v) for v in row])
            if table.total:
                sheet.append([_cell(v) for v in table.total])
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            if table.note:
                sheet.append([table.note])
        for chart in section.charts:
            sheet.append([])
            sheet.append([chart.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append(chart.headers)
            for row in chart.rows:
                sheet.append([_cell(v) for v in row])
        sheet.column_dimensions["A"].width = 28
    definitions = workbook.create_sheet("Definitions")
    definitions.append(["Term", "Definition"])
    for cell in definitions[1]:
        cell.font = bold
    for term, meaning in report.definitions:
        definitions.append([term, meaning])
    definitions.column_dimensions["A"].width = 24
    definitions.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_outputs(run: ReportRun, parts) -> dict[str, bytes]:
    """All three outputs of a run, made in memory (nothing is written anywhere here)."""
    report = build_report(run, [part.data for part in parts])
    return {
        "html": render_html(report).encode(),
        "pdf": render_pdf(report),
        "xlsx": render_xlsx(report),
    }
