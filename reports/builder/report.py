"""What a report is made of: tables, charts and narrative in sections, the same for all three outputs.

Sections are built with references (`Ref`) to figures kept in one `reports.suppression.Register` for
the whole output; once every section is built, `finalise` resolves the register and turns each
reference into a `Cell`: the text a reader sees ("12", "<5", "[c]", "64%") and the value the XLSX
annex stores (a number, or the symbol when the figure is hidden). So a figure hidden in one table is
hidden in every table, and in every output, that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from charts import Chart
from core.dates import day_label

from ..suppression import PERCENT, TIME, Register


@dataclass(frozen=True)
class Ref:
    """A figure of the register, placed in a table before the register is resolved."""

    key: tuple
    unit: str = ""  # shown after the number in HTML and PDF ("%"); the XLSX header carries it instead


@dataclass(frozen=True)
class Cell:
    """A table cell: `text` for HTML and PDF, `value` for the XLSX annex (a number where it is one)."""

    text: str
    value: object = None

    def __str__(self) -> str:
        return self.text


def number(value, unit: str = "") -> Cell:
    """A figure that protects nobody (a count of things, a score, days): shown as it is."""
    if value is None:
        return Cell("—", None)
    if isinstance(value, float):
        value = int(value) if value.is_integer() else round(value, 1)
    return Cell(f"{value}{unit}", value)


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list]
    total: list | None = None
    note: str = ""
    sheet: str = ""  # the XLSX sheet's name; empty: the table is not in the annex
    # Columns only the annex carries (numbers a printed cell shows in words, such as items answered).
    annex_only: tuple[int, ...] = ()

    def printed(self, row: list) -> list:
        return [cell for index, cell in enumerate(row) if index not in self.annex_only]

    @property
    def printed_headers(self) -> list[str]:
        return self.printed(self.headers)

    @property
    def printed_rows(self) -> list[list]:
        return [self.printed(row) for row in self.rows]

    @property
    def printed_total(self) -> list | None:
        return self.printed(self.total) if self.total else None


@dataclass
class Section:
    id: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: list[tuple[Chart, list[Table]]] = field(default_factory=list)  # each chart with its tables
    narratives: list[dict] = field(default_factory=list)
    points: list[str] = field(default_factory=list)  # a list of short statements (key messages)


@dataclass
class KeyMessagesPage:
    """The first page: key messages, cross-area themes, risks and asks of the Scottish Government."""

    messages: list[str]
    themes: list[str]
    risks: list[str]
    asks: list[str]
    signed_off: str  # "Signed off by … on …", or "" while it is a draft
    generated: bool  # True while the messages are the portal's draft list, not yet edited by CELCIS


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
    draft: bool = True
    key_messages: KeyMessagesPage | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # symbols and what they mean

    @property
    def tables(self) -> list[Table]:
        """Every table of the report, charts' tables included, in reading order."""
        found = []
        for section in self.sections:
            found += [table for _, tables in section.charts for table in tables]
            found += section.tables
        return found


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
    ("Local partners", "The council, health board, education, police, third sector and others in the area."),
    ("CELCIS time", "Time given by CELCIS staff to the area's teams; reported apart from local partners' time."),
    ("Overdue action", "An action still open on the figures date whose due date had passed."),
    ("Usability criteria", "The four criteria of a usable innovation; the count is how many are met."),
    ("At fidelity", "Practitioners whose latest fidelity check on or before the figures date met the threshold."),
    (
        "Driver score",
        "Points won ÷ (2 × items answered), as a percentage: in place 2, partly 1, not in place 0; always shown "
        "with how many items were answered.",
    ),
    ("Signal", "A run chart or XmR chart rule met by a point in the quarter (shift, trend, limits…)."),
    ("Baseline", "The centre line (median) of the points that fix a measure's run chart."),
    ("Figures date", "The quarter's last day, or the day the figures were taken if that was earlier."),
]


def notes(threshold: int, protect: bool, draft: bool = False) -> list[tuple[str, str]]:
    """The symbols used in the report and the annex."""
    found = [("—", "No figure: nothing was recorded, or it does not apply.")]
    if protect:
        found += [
            (f"<{threshold}", f"A count of people from 1 to {threshold - 1}, hidden so that nobody can be identified."),
            (
                "[c]",
                "Withheld for confidentiality: a figure that would let a hidden count be worked out (from a total, "
                f"another table or a percentage), the time of fewer than {threshold} people, or a percentage of "
                f"fewer than {threshold} people.",
            ),
        ]
    if draft:
        found.append(("DRAFT", "On every page of a version that has not been published."))
    return found


def _format(value, kind: str, unit: str) -> str:
    if isinstance(value, Decimal) and kind == TIME:
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{round(value, 1):g}{unit}"
    return f"{value}{unit}"


def resolve_cell(register: Register, ref: Ref) -> Cell:
    """The cell a reference becomes once the register is resolved."""
    figure = register.figures[ref.key]
    if figure.value is None:
        return Cell("—", None)
    label = register.label(ref.key)
    if label is None and figure.kind == PERCENT and register.is_hidden(ref.key):
        label = "[c]"
    if label is not None:
        return Cell(label, label)
    value = figure.value
    stored = float(value) if isinstance(value, Decimal) else value
    if isinstance(stored, float) and not isinstance(value, Decimal):
        stored = round(stored, 1)
    return Cell(_format(value, figure.kind, ref.unit), stored)


def finalise(report: Report, register: Register) -> Report:
    """Resolve the register and put every figure's cell in place of its reference."""
    register.resolve()

    def cells(row):
        return [resolve_cell(register, c) if isinstance(c, Ref) else c for c in row]

    for table in report.tables:
        table.rows = [cells(row) for row in table.rows]
        if table.total:
            table.total = cells(table.total)
    return report


def pct(value) -> str:
    """A percentage for a sentence, or a dash when there is none."""
    return "—" if value is None else f"{value}%"


def day(iso: str | None) -> str:
    """An ISO date from a part as '26 Nov 2026', or a dash."""
    return day_label(date.fromisoformat(iso)) if iso else "—"
