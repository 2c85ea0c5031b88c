"""The report's later framework sections: drivers, cycles, measures (with charts of shared measures),
stakeholder engagement and the Community of Practice. Figures about people go into the output's one
register (`reg`); scores, counts of things and days are shown as they are.
"""

from __future__ import annotations

from datetime import date

from charts import Series, line_chart
from drivers.scoring import describe_change
from measures.periods import period_label

from ..suppression import is_small
from .report import Cell, Ref, Section, Table, day, number, pct


def _area(part: dict) -> str:
    return part["area"]["name"]


def answered(score: dict) -> str:
    """'31 of 40 items answered', shown with every driver score (a row of a snapshot's drivers, or
    the overall score's `overall_answered` and `overall_total` as `answered` and `total`)."""
    if score.get("answered") is None:
        return "items answered not recorded"
    return f"{score['answered']} of {score['total']} items answered"


def overall(drivers: dict) -> dict:
    """The overall score of a snapshot's drivers part, as a row like each driver's."""
    return {"percent": drivers["overall"], "answered": drivers["overall_answered"], "total": drivers["overall_total"]}


def _score_cell(score: dict) -> Cell:
    if score["percent"] is None:
        return Cell("—", None)
    return Cell(f"{score['percent']}% ({answered(score)})", score["percent"])


def _change_cell(points) -> Cell:
    return Cell(describe_change(points), points)


def _history_chart(included: list[dict]) -> tuple | None:
    series = [
        Series(_area(part), [(entry["quarter"], entry["drivers"]) for entry in part["history"]])
        for part in included
        if any(entry["drivers"] is not None for entry in part["history"])
    ]
    if not series:
        return None
    chart = line_chart(
        title="Overall drivers score by quarter",
        caption="Each area's overall drivers score in its latest completed assessment of the programme, quarter "
        "by quarter, from its returns.",
        series=series,
        x_label="Quarter",
        y_label="Overall score (%)",
        unit="%",
        y_limits=(0, 100),
    )
    table = Table(
        caption="Overall drivers score by quarter (%)",
        headers=["Quarter", *(f"{one.label} (%)" for one in series)],
        rows=[[row[0], *(number(_plain(v)) for v in row[1:])] for row in chart.rows],
        sheet="Drivers by quarter",
    )
    return chart, table


def _plain(text: str):
    text = text.rstrip("%")
    try:
        return int(text)
    except ValueError:
        return None


def drivers_section(included: list[dict]) -> Section:
    rows, driver_names, by_driver = [], [], {}
    for part in included:
        drivers = part["snapshot"]["drivers"]
        rows.append(
            [
                _area(part),
                day(drivers["assessed_on"]),
                _score_cell(overall(drivers)),
                number(drivers["overall_answered"]),
                number(drivers["overall_total"]),
                _change_cell(drivers["overall_change"]) if drivers["assessed_on"] else Cell("—", None),
            ]
        )
        for row in drivers["drivers"]:
            if row["name"] not in by_driver:
                driver_names.append(row["name"])
            by_driver.setdefault(row["name"], {})[_area(part)] = _score_cell(row)
    history = _history_chart(included)
    return Section(
        id="drivers",
        title="Implementation drivers",
        intro="Scores from each area's latest completed drivers assessment of the programme on the figures date "
        "(the same rule as the drivers heatmap), each with how many of its items were answered.",
        tables=[
            Table(
                caption="Overall drivers score",
                headers=[
                    "Area",
                    "Assessed on",
                    "Overall score (%)",
                    "Items answered",
                    "Items in all",
                    "Change (points)",
                ],
                rows=rows,
                sheet="Drivers overall",
                annex_only=(3, 4),
            ),
            Table(
                caption="Score for each driver (%)",
                headers=["Driver", *(f"{_area(p)} (%)" for p in included)],
                rows=[
                    [name, *(by_driver[name].get(_area(p), Cell("—", None)) for p in included)] for name in driver_names
                ],
                sheet="Drivers by driver",
            ),
        ],
        charts=[(history[0], [history[1]])] if history else [],
    )


def cycles_section(included: list[dict]) -> Section:
    """PDSA cycles and the practice–policy feedback loop in the quarter: counts of things, shown as they are."""
    keys = [
        ("cycles_started", "Cycles started"),
        ("closed_adopt", "Closed: adopt"),
        ("closed_adapt", "Closed: adapt"),
        ("closed_abandon", "Closed: abandon"),
        ("feedback_raised", "Feedback items raised"),
        ("feedback_resolved", "Feedback items resolved"),
        ("open_over_60_days", "Open more than 60 days"),
    ]
    rows = []
    for part in included:
        cycles = part["snapshot"]["cycles"]
        rows.append([_area(part), *(number(cycles[key]) for key, _ in keys), number(cycles["median_days_to_resolve"])])
    total = ["Total"]
    for index in range(1, len(keys) + 1):
        values = [row[index].value for row in rows if row[index].value is not None]
        total.append(number(sum(values)) if values else number(None))
    total.append("")
    return Section(
        id="cycles",
        title="Improvement cycles",
        intro="PDSA cycles started and closed by decision, and practice–policy feedback items, in the quarter.",
        tables=[
            Table(
                caption="PDSA cycles and the feedback loop",
                headers=["Area", *(label for _, label in keys), "Median days to resolve (days)"],
                rows=rows,
                total=total,
                sheet="Cycles",
            )
        ],
    )


def _definition(measure: dict) -> dict:
    """A snapshot measure's frozen definition with its published figures (baseline, the latest
    value's numerator and denominator, the series)."""
    published = {key: measure[key] for key in ("baseline", "baseline_points", "numerator", "denominator", "series")}
    return {**measure["definition"], **published}


def _protected_value(reg, key: tuple, value, definition: dict, *, numerator=None, denominator=None) -> Ref | Cell:
    """A measure's value: through the register when the measure counts people, as it is otherwise."""
    proportion = bool(definition.get("is_proportion"))
    if value is None:
        return Cell("—", None)
    if not definition["counts_people"]:
        return number(value, "%" if proportion else "")
    if proportion:
        return Ref(reg.percent(key, value, numerator=numerator, denominator=denominator), "%")
    if float(value).is_integer():
        return Ref(reg.people(key, int(value)))
    # A median of counts of people: a small one is hidden like the counts themselves.
    if reg.protect and is_small(value, reg.threshold):
        return Cell("[c]", "[c]")
    return number(round(value, 1))


def measures_section(included: list[dict], reg, note: str) -> Section:
    rows = []
    for part in included:
        for measure in part["snapshot"]["measures"]:
            definition = _definition(measure)
            signals = "; ".join(f"{s['name']} ({s['tone']})" for s in measure["signals"]) or "None"
            value = _protected_value(
                reg,
                (part["area"]["id"], "measure", measure["id"], "latest"),
                measure["latest_value"],
                definition,
                numerator=definition.get("numerator"),
                denominator=definition.get("denominator"),
            )
            rows.append(
                [
                    _area(part),
                    measure["name"],
                    value,
                    "%" if definition.get("is_proportion") else measure["unit"],
                    "Yes" if definition["counts_people"] else "No",
                    measure["latest_label"] or "—",
                    measure["signal_label"],
                    signals,
                ]
            )
    section = Section(
        id="measures",
        title="Measures",
        intro="Each measure's latest value on the figures date, and the chart rules met by a point in the quarter. "
        "Programme-wide measures are drawn across the areas that use them, each with its table.",
        tables=[
            Table(
                caption="Measures and their signals",
                headers=[
                    "Area",
                    "Measure",
                    "Latest value",
                    "Unit",
                    "Counts people",
                    "Period",
                    "Signal",
                    "Signals in the quarter",
                ],
                rows=rows,
                note=note,
                sheet="Measures",
            )
        ],
    )
    section.charts = shared_measure_charts(included, reg, note)
    return section


def _shared(included: list[dict]) -> dict:
    """Each programme-wide measure the included areas use: (part, snapshot row, definition) by shared id."""
    found: dict = {}
    for part in included:
        for measure in part["snapshot"]["measures"]:
            definition = _definition(measure)
            if definition.get("shared_id"):
                found.setdefault(definition["shared_id"], []).append((part, measure, definition))
    return found


def _point_hidden(reg, value, denominator, definition: dict) -> bool:
    if not reg.protect or value is None or not definition["counts_people"]:
        return False
    if definition.get("is_proportion"):
        return denominator is None or denominator < reg.threshold
    return float(value).is_integer() and is_small(int(value), reg.threshold)


def _chart_and_table(uses: list, reg) -> tuple:
    first = uses[0][2]
    unit = "%" if first.get("is_proportion") else (first.get("unit") or "")
    series, periods, cells = [], set(), {}
    withheld = False
    for part, _, definition in uses:
        points = []
        for point in definition.get("series", []):
            period, value, denominator = date.fromisoformat(point["period"]), point["value"], point["denominator"]
            hidden = _point_hidden(reg, value, denominator, definition)
            withheld |= hidden
            points.append((period, None if hidden else value))
            periods.add(period)
            cells[(_area(part), period)] = Cell("[c]", "[c]") if hidden else number(value)
        series.append(Series(_area(part), points))
    caption = (
        f"{first.get('frequency', '').capitalize()} values in each area that uses this programme-wide measure, "
        f"up to the figures date. {first.get('direction', '')}."
    )
    if withheld:
        caption += f" Values about fewer than {reg.threshold} people are left out of the chart and marked [c]."
    chart = line_chart(
        title=first.get("shared_name") or first["name"],
        caption=caption,
        series=series,
        x_label="Period",
        y_label=f"Value ({unit})" if unit else "Value",
        unit="%" if unit == "%" else "",
    )
    ordered = sorted(periods)
    frequency = first.get("frequency") or "monthly"
    table = Table(
        caption=f"{chart.title}: values by period" + (f" ({unit})" if unit else ""),
        headers=["Period", *(_area(part) for part, _, _ in uses)],
        rows=[
            [period_label(frequency, p), *(cells.get((_area(part), p), Cell("—", None)) for part, _, _ in uses)]
            for p in ordered
        ],
        sheet=f"Chart {chart.title}"[:31],
    )
    return chart, table


def _signals_table(title: str, uses: list, reg, note: str) -> Table:
    rows = []
    for part, measure, definition in uses:
        prefix = (part["area"]["id"], "measure", measure["id"])
        denominator = definition.get("denominator")
        baseline = _protected_value(
            reg, (*prefix, "baseline"), definition.get("baseline"), definition, denominator=denominator
        )
        latest = _protected_value(
            reg,
            (*prefix, "latest"),
            measure["latest_value"],
            definition,
            numerator=definition.get("numerator"),
            denominator=denominator,
        )
        rows.append([_area(part), baseline, latest, measure["latest_label"] or "—", measure["signal_label"]])
    return Table(
        caption=f"{title}: baseline and latest signal",
        headers=["Area", "Baseline (median)", "Latest value", "Period", "Signal in the quarter"],
        rows=rows,
        note=note,
        sheet=f"Signals {title}"[:31],
    )


def shared_measure_charts(included: list[dict], reg, note: str = "") -> list[tuple]:
    """A chart of each programme-wide measure across the areas, with its numbers, and a table of each
    area's baseline and latest signal."""
    charts = []
    for uses in _shared(included).values():
        chart, values = _chart_and_table(uses, reg)
        charts.append((chart, [_signals_table(chart.title, uses, reg, note), values]))
    return charts


def engagement_section(included: list[dict], reg, note: str) -> Section:
    if not included:
        return Section(id="engagement", title="Stakeholder engagement")
    levels = [(row["level"], row["label"]) for row in included[0]["snapshot"]["engagement"]["levels"]]
    by_area = {p["area"]["id"]: {r["level"]: r for r in p["snapshot"]["engagement"]["levels"]} for p in included}
    people_rows, activity_rows, columns = [], [], {p["area"]["id"]: [] for p in included}
    for level, label in levels:
        keys = []
        for part in included:
            area_id = part["area"]["id"]
            row = by_area[area_id].get(level, {})
            keys.append(reg.people((area_id, "engagement", level, "participants"), row.get("participants", 0)))
            columns[area_id].append(keys[-1])
        total = reg.total(("all", "engagement", level, "participants"), keys)
        people_rows.append([label, *(Ref(k) for k in keys), Ref(total)])
        counts = [number(by_area[p["area"]["id"]].get(level, {}).get("engagements", 0)) for p in included]
        activity_rows.append([label, *counts, number(sum(c.value for c in counts))])
    area_totals = [
        reg.total((p["area"]["id"], "engagement", "participants"), columns[p["area"]["id"]]) for p in included
    ]
    grand = reg.total(("all", "engagement", "participants"), area_totals)
    reg.relate([("all", "engagement", level, "participants") for level, _ in levels], grand)
    activity_total = ["Total"] + [
        number(sum(row[i].value for row in activity_rows)) for i in range(1, len(included) + 2)
    ]
    headers = ["Level of the system", *(_area(p) for p in included), "Total"]
    return Section(
        id="engagement",
        title="Stakeholder engagement",
        intro="Engagement with each level of the local system in the quarter: activities (shown as they are) and "
        "the people who took part.",
        tables=[
            Table(
                caption="Participants by level of the system",
                headers=headers,
                rows=people_rows,
                total=["Total", *(Ref(k) for k in area_totals), Ref(grand)],
                note=note,
                sheet="Engagement participants",
            ),
            Table(
                caption="Engagement activities by level of the system",
                headers=headers,
                rows=activity_rows,
                total=activity_total,
                sheet="Engagement activities",
            ),
        ],
    )


def community_section(included: list[dict], reg, note: str) -> Section:
    rows, attendances = [], []
    for part in included:
        community = part["snapshot"]["community"]
        key = reg.people((part["area"]["id"], "community", "attendances"), community["attendances"])
        attendances.append(key)
        rows.append(
            [_area(part), number(community["events_attended"]), Ref(key), number(community["examples_published"])]
        )
    examples = [row[3].value for row in rows]
    return Section(
        id="community",
        title="Community of Practice",
        intro="Participation in Community of Practice events held in the quarter, and practice examples published.",
        tables=[
            Table(
                caption="Community of Practice participation",
                headers=["Area", "Events attended", "Attendances", "Practice examples published"],
                rows=rows,
                total=[
                    "Total",
                    "",
                    Ref(reg.total(("all", "community", "attendances"), attendances)),
                    number(sum(examples)),
                ],
                note=note,
                sheet="Community",
            )
        ],
    )


__all__ = ["answered", "pct"]
