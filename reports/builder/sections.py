"""The report's sections, each built from the included areas' parts (plain dictionaries).

Every count goes through `Counts`, so a national report's small numbers are suppressed in every
table; percentages and scores are shown as they are.
"""

from __future__ import annotations

from decimal import Decimal

from charts import Series, line_chart
from drivers.scoring import describe_change
from stages.models import STAGE_ORDER, Stage

from ..models import SECTION_KEYS, SECTION_TITLES
from ..suppression import is_small
from .report import Counts, Section, Table, columns, day, pct


def _names(included: list[dict]) -> list[list[str]]:
    """A table's first column: each included area's name."""
    return [[p["area"]["name"]] for p in included]


def returns_section(parts: list[dict], national: bool) -> Section:
    rows = []
    for part in parts:
        facts = part["return"]
        on_time = {True: "Yes", False: "No", None: "—"}[facts["on_time"]]
        rows.append(
            [
                part["area"]["name"],
                facts["status_label"],
                day(facts["submitted_on"]),
                day(facts["accepted_on"]),
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


def stages_section(included: list[dict], counts: Counts) -> Section:
    rows, innovations = [], []
    for part in included:
        stages = part["snapshot"]["stages"]
        programme = stages["programme"]
        progress = {row["stage"]: row for row in programme["progress"]}
        rows.append(
            [part["area"]["name"], programme["label"], day(programme["entered_on"])]
            + [
                f"{progress[s]['done']} of {progress[s]['total']} ({pct(progress[s]['percent'])})"
                if s in progress
                else "—"
                for s in STAGE_ORDER
            ]
        )
        for innovation in stages["innovations"]:
            innovations.append(
                [part["area"]["name"], innovation["name"], innovation["label"], day(innovation["entered_on"])]
            )
    changes, changes_total = counts.column([len(p["snapshot"]["stages"]["changes"]) for p in included])
    completed, completed_total = counts.column(
        [p["snapshot"]["stages"]["activities_completed_count"] for p in included]
    )
    activity = _names(included)
    tables = [
        Table(
            caption="The programme's stage and progress through each stage's activities",
            headers=["Area", "Programme stage", "Since"] + [Stage(s).label for s in STAGE_ORDER],
            rows=rows,
        ),
        Table(
            caption="Stage changes and activities completed in the quarter",
            headers=["Area", "Stage changes", "Activities completed"],
            rows=columns(activity, changes, completed),
            total=["Total", changes_total, completed_total],
            note=counts.note,
        ),
    ]
    if innovations:
        tables.append(
            Table(caption="Each innovation's stage", headers=["Area", "Innovation", "Stage", "Since"], rows=innovations)
        )
    return Section(id="stages", title="Implementation stages", tables=tables, sheet="Stages")


def teams_section(included: list[dict], counts: Counts) -> Section:
    teams = [p["snapshot"]["teams"] for p in included]
    names = _names(included)
    members, members_total = counts.column([t["members"] for t in teams])
    meetings, meetings_total = counts.column([t["meetings_held"] for t in teams])
    opened, opened_total = counts.column([t["actions_opened"] for t in teams])
    closed, closed_total = counts.column([t["actions_closed"] for t in teams])
    overdue, overdue_total = counts.column([t["actions_overdue"] for t in teams])
    hours = [t["hours"] for t in teams]
    fte = [t["fte"] for t in teams]
    rows = columns(names, members, hours, fte, meetings, opened, closed, overdue)
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
                note=counts.note,
            ),
            Table(
                caption="Dedicated time (FTE) by partner organisation",
                headers=["Partner organisation"] + [p["area"]["name"] for p in included],
                rows=by_organisation,
            ),
        ],
        sheet="Teams",
    )


def innovations_section(included: list[dict], counts: Counts) -> Section:
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
            "[c]" if hidden and item["percent_at_fidelity"] is not None else pct(item["percent_at_fidelity"])
        )
    note = counts.note
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
            rows=columns(rows, intended, trained, at_fidelity, percents),
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
                rows=columns(slice_rows, s_intended, s_trained, s_fidelity),
                total=["Total", "", "", s_intended_total, s_trained_total, s_fidelity_total],
                note=note,
            )
        )
    return Section(id="innovations", title="Usable innovations", tables=tables, sheet="Innovations")


def drivers_section(included: list[dict]) -> Section:
    rows = []
    driver_names: list[str] = []
    by_driver: dict[str, dict[str, str]] = {}
    for part in included:
        drivers = part["snapshot"]["drivers"]
        rows.append(
            [
                part["area"]["name"],
                day(drivers["assessed_on"]),
                pct(drivers["overall"]),
                describe_change(drivers["overall_change"]) if drivers["assessed_on"] else "—",
            ]
        )
        for row in drivers["drivers"]:
            if row["name"] not in by_driver:
                driver_names.append(row["name"])
            by_driver.setdefault(row["name"], {})[part["area"]["name"]] = pct(row["percent"])
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


def cycles_section(included: list[dict], counts: Counts) -> Section:
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
    shown_columns, totals = [], []
    for key, _ in keys:
        shown, total = counts.column([c[key] for c in cycles])
        shown_columns.append(shown)
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
                rows=columns(_names(included), *shown_columns, medians),
                total=["Total", *totals, ""],
                note=counts.note,
            )
        ],
        sheet="Cycles",
    )


def _measure_value(measure: dict, counts: Counts) -> str:
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


def measures_section(included: list[dict], counts: Counts) -> Section:
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
                note=counts.note,
            )
        ],
        sheet="Measures",
    )


def engagement_section(included: list[dict], counts: Counts) -> Section:
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
                note=counts.note,
            )
        )
    return Section(
        id="engagement",
        title="Stakeholder engagement",
        intro="Engagement with each level of the local system in the quarter.",
        tables=tables,
        sheet="Engagement",
    )


def community_section(included: list[dict], counts: Counts) -> Section:
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
                rows=columns(_names(included), events, people, examples),
                total=["Total", "", people_total, examples_total],
                note=counts.note,
            )
        ],
        sheet="Community",
    )


def narrative_section(included: list[dict]) -> Section:
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
