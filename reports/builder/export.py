"""The long-format export of accepted return figures for analysts: one row per figure (area ×
quarter × section × figure × value × unit × protected?), as CSV and XLSX.

Exact for CELCIS; for national viewers every figure goes through one disclosure-control register
for the whole export (`reports.suppression.Register`), with the sums the export lets a reader make
(a team's local members over its partner organisations, participants over levels, an innovation
over its slices) declared, so no hidden figure can be worked out from the others.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from core.quarters import Quarter

from ..snapshot import upgrade
from ..suppression import Register
from .report import Cell, Ref, resolve_cell
from .xlsx import table_sheet

HEADERS = ["Area", "Quarter", "Section", "Figure", "Value", "Unit", "Protected"]
# What a spreadsheet would run as a formula or command if a text cell started with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    area: str
    quarter: str
    section: str
    figure: str
    value: object  # a Ref to the register, a Cell, or plain text
    unit: str = ""


class _Collector:
    """Walks one accepted return's frozen figures, adding rows and registering figures about people."""

    def __init__(self, reg: Register):
        self.reg, self.rows = reg, []

    def add(self, section, figure, value, unit=""):
        self.rows.append(Row(self.area, self.quarter, section, figure, value, unit))

    def thing(self, section, figure, value, unit=""):
        self.add(section, figure, Cell("" if value is None else str(value), value), unit)

    def walk(self, quarterly_return) -> None:
        snapshot = upgrade(quarterly_return.snapshot) or {}
        self.area, self.quarter = quarterly_return.area.name, Quarter.of(quarterly_return.quarter_start).label
        self.key = (quarterly_return.area_id, quarterly_return.quarter_start.isoformat())
        if not snapshot.get("stages"):
            return
        self._stages(snapshot["stages"])
        self._teams(snapshot["teams"])
        self._innovations(snapshot["innovations"])
        self._drivers(snapshot["drivers"])
        for key, value in snapshot["cycles"].items():
            self.thing(
                "Improvement cycles", key.replace("_", " ").capitalize(), value, "days" if "median" in key else ""
            )
        self._measures(snapshot["measures"])
        self._engagement(snapshot["engagement"])
        community = snapshot["community"]
        self.thing("Community of Practice", "Events attended", community["events_attended"])
        self.add(
            "Community of Practice",
            "Attendances",
            Ref(self.reg.people((*self.key, "attendances"), community["attendances"])),
            "people",
        )
        self.thing("Community of Practice", "Practice examples published", community["examples_published"])

    def _stages(self, stages):
        self.add("Stages", "Programme stage", stages["programme"]["label"])
        for row in stages["programme"]["progress"]:
            self.thing("Stages", f"{row['label']}: activities done", row["percent"], "%")
        self.thing("Stages", "Stage changes in the quarter", len(stages["changes"]))
        self.thing("Stages", "Activities completed in the quarter", stages["activities_completed_count"])

    def _teams(self, teams):
        members, ftes = [], []
        for row in teams["by_organisation"]:  # local partners, CELCIS apart
            people = self.reg.people((*self.key, row["organisation"], "members"), row["members"])
            time = self.reg.time((*self.key, row["organisation"], "fte"), Decimal(row["fte"]), group=people)
            self.add("Teams", f"{row['label']}: team members", Ref(people), "people")
            self.add("Teams", f"{row['label']}: dedicated time", Ref(time), "FTE")
            members.append(people)
            ftes.append(time)
        if teams["celcis"]["members"]:
            people = self.reg.people((*self.key, "celcis", "members"), teams["celcis"]["members"])
            time = self.reg.time((*self.key, "celcis", "fte"), Decimal(teams["celcis"]["fte"]), group=people)
            self.add("Teams", "CELCIS staff: team members", Ref(people), "people")
            self.add("Teams", "CELCIS staff: dedicated time", Ref(time), "FTE")
        if members:
            self.add(
                "Teams",
                "Local partners: team members",
                Ref(self.reg.total((*self.key, "local", "members"), members)),
                "people",
            )
            self.add(
                "Teams", "Local partners: dedicated time", Ref(self.reg.total((*self.key, "local", "fte"), ftes)), "FTE"
            )
        for key in ("meetings_held", "actions_opened", "actions_closed", "actions_overdue"):
            self.thing("Teams", key.replace("_", " ").capitalize(), teams[key])

    def _practitioners(self, section, label, prefix, item):
        keys = []
        for name, words in (
            ("intended", "practitioners intended"),
            ("trained", "trained"),
            ("at_fidelity", "at fidelity"),
        ):
            keys.append(self.reg.people((*prefix, name), item.get(name)))
            self.add(section, f"{label}: {words}", Ref(keys[-1]), "people")
        self.reg.squeeze(keys[2], keys[1], keys[0])
        return keys

    def _innovations(self, innovations):
        for innovation in innovations:
            prefix = (*self.key, "innovation", innovation["id"])
            name = innovation["name"]
            self.thing("Innovations", f"{name}: usability criteria met", innovation["usability_met"], "of 4")
            keys = self._practitioners("Innovations", name, prefix, innovation)
            if "check_overdue" in innovation:
                self.add(
                    "Innovations",
                    f"{name}: fidelity check overdue",
                    Ref(self.reg.people((*prefix, "overdue"), innovation["check_overdue"])),
                    "people",
                )
            percent = self.reg.percent(
                (*prefix, "percent"), innovation["percent_at_fidelity"], numerator=keys[2], denominator=keys[0]
            )
            self.add("Innovations", f"{name}: proportion at fidelity", Ref(percent), "%")
            slices = [
                self._practitioners("Innovations", f"{name}, slice {one['name']}", (*prefix, "slice", index), one)
                for index, one in enumerate(innovation["slices"])
            ]
            for position, key in enumerate(keys):
                parts = [s[position] for s in slices]
                values = [self.reg.value(k) for k in parts]
                if parts and None not in values and sum(values) == self.reg.value(key):
                    self.reg.relate(parts, key)

    def _drivers(self, drivers):
        self.thing("Drivers", "Assessed on", drivers["assessed_on"])
        self.thing("Drivers", "Overall score", drivers["overall"], "%")
        if drivers["overall_answered"] is not None:
            answered, total = drivers["overall_answered"], drivers["overall_total"]
            self.thing("Drivers", "Overall score: items answered", answered, f"of {total} items")
        for row in drivers["drivers"]:
            self.thing("Drivers", f"{row['name']} score", row["percent"], "%")
            if row["answered"] is not None:
                self.thing(
                    "Drivers", f"{row['name']} score: items answered", row["answered"], f"of {row['total']} items"
                )

    def _measures(self, measures):
        for measure in measures:
            definition = measure["definition"]
            value, unit = measure["latest_value"], measure["unit"]
            figure = f"{measure['name']} ({measure['latest_label'] or 'no value'})"
            if value is None or not definition["counts_people"]:
                self.thing("Measures", figure, value, unit)
            elif definition.get("is_proportion"):
                # A percentage of people is withheld when its denominator is small (or not known).
                key = (*self.key, "measure", measure["id"])
                self.add(
                    "Measures", figure, Ref(self.reg.percent(key, value, denominator=measure["denominator"])), unit
                )
            elif float(value).is_integer():
                self.add(
                    "Measures", figure, Ref(self.reg.people((*self.key, "measure", measure["id"]), int(value))), unit
                )
            else:
                self.thing("Measures", figure, value, unit)

    def _engagement(self, engagement):
        keys = []
        for row in engagement["levels"]:
            self.thing("Engagement", f"{row['label']}: activities", row["engagements"])
            keys.append(self.reg.people((*self.key, "engagement", row["level"]), row["participants"]))
            self.add("Engagement", f"{row['label']}: participants", Ref(keys[-1]), "people")
        self.thing("Engagement", "All levels: activities", engagement["engagements"])
        self.add(
            "Engagement", "All levels: participants", Ref(self.reg.total((*self.key, "engagement"), keys)), "people"
        )


def export_rows(returns, *, protect: bool, threshold: int) -> list[list]:
    """Every figure of the accepted returns as rows of HEADERS (cells: `Cell` or text)."""
    returns = list(returns)
    reg = Register(threshold=threshold, protect=protect)
    collector = _Collector(reg)
    for quarterly_return in returns:
        collector.walk(quarterly_return)
    reg.resolve()
    rows = []
    for row in collector.rows:
        if isinstance(row.value, Ref):
            cell, hidden = resolve_cell(reg, row.value), reg.is_hidden(row.value.key)
        else:
            cell = row.value if isinstance(row.value, Cell) else Cell(str(row.value), str(row.value))
            hidden = False
        rows.append([row.area, row.quarter, row.section, row.figure, cell, row.unit, "Yes" if hidden else "No"])
    return rows


def csv_safe(value) -> str:
    """A CSV field that no spreadsheet will run: text starting with =, +, -, @, tab or CR gets a "'"."""
    if isinstance(value, Cell):
        value = value.value if isinstance(value.value, (int, float)) else value.text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # the mark tells Excel the file is UTF-8


def render_export_xlsx(rows: list[list], *, title: str, notes: list[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    table_sheet(workbook, "Figures", HEADERS, rows, bold=bold, widths=[20, 12, 22, 60, 12, 14, 10])
    table_sheet(
        workbook, "Notes", ["Symbol", "Meaning"], [[title, ""], *[list(n) for n in notes]], bold=bold, widths=[30, 110]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
