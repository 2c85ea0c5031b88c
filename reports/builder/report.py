"""What a report is made of: tables, charts and narrative in sections, the same for all three outputs.

`Counts` shows a column of counts exactly (an area's own report) or through the small-numbers rule
(reports.suppression) for a national report, so no table reaches print without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format

from charts import Chart

from ..suppression import footnote, suppress_column, suppress_table


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


class Counts:
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

    @property
    def note(self) -> str:
        """The footnote a table of counts carries when the small-numbers rule applies."""
        return footnote(self.threshold) if self.suppress else ""


def pct(value) -> str:
    """A percentage for a table, or a dash when there is none."""
    return "—" if value is None else f"{value}%"


def day(iso: str | None) -> str:
    """An ISO date from a part as '26 Nov 2026', or a dash."""
    return date_format(date.fromisoformat(iso)) if iso else "—"


def columns(rows: list[list[str]], *extra: list[str]) -> list[list[str]]:
    """Each row with the matching cell of every extra column added to its end."""
    return [row + [column[i] for column in extra] for i, row in enumerate(rows)]
