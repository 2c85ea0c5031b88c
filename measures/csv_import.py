"""Reading and checking a CSV file of measure values, row by row, before anything is saved.

Columns (header row required, any order, case ignored): measure, period, value, numerator,
denominator, note. The measure column may be left out when the person chooses the measure the
whole file is for. Periods are written 2025-04-01 or 01/04/2025.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from . import periods
from .interpretation import format_number
from .validation import ValueEntry, entry_problems, entry_value

COLUMNS = ["measure", "period", "value", "numerator", "denominator", "note"]
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
# Browsers name a CSV file's type in several ways (Excel on Windows makes it "vnd.ms-excel"; a
# machine that knows no program for .csv sends "octet-stream"). The content is checked anyway: it
# must decode as UTF-8 text with no NUL bytes, and parse as CSV with known columns.
CSV_CONTENT_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "text/x-csv",
    "application/vnd.ms-excel",
    "application/octet-stream",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class FileProblem(ValueError):
    """The file as a whole cannot be read: wrong type, too big, not UTF-8 text, no header."""


def decode_upload(raw: bytes) -> str:
    """The file's text, refusing anything that is not UTF-8 text."""
    if b"\x00" in raw:
        raise FileProblem("This file is not a text file. Save the spreadsheet as “CSV UTF-8” and upload that.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            "This file is not UTF-8 text. In Excel choose File › Save as › “CSV UTF-8 (comma delimited)”."
        ) from None


def _header_name(text: str) -> str:
    return text.strip().lower().replace(" ", "_")


def read_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-empty rows, each with its line number in the file (the header is 1)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [_header_name(name) for name in next(reader)]
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    except csv.Error as error:
        raise FileProblem(f"The file could not be read as CSV: {error}.") from None
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise FileProblem(
            f"Unknown column{'s' if len(unknown) > 1 else ''} {', '.join(f'“{n}”' for n in unknown)}: "
            f"the columns are {', '.join(COLUMNS)}."
        )
    if "period" not in header:
        raise FileProblem("The file has no period column. The first row must name the columns, e.g. period,value.")
    if len(set(header)) != len(header):
        raise FileProblem("A column is named twice in the first row.")
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
            padded = cells + [""] * (len(header) - len(cells))
            rows.append((reader.line_num, {name: padded[i].strip() for i, name in enumerate(header)}))
    except csv.Error as error:
        raise FileProblem(f"Line {reader.line_num} could not be read as CSV: {error}.") from None
    return header, rows


def _parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 -- a calendar date, no time
        except ValueError:
            continue
    return None


def _parse_decimal(text: str) -> Decimal | None:
    cleaned = text.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_count(text: str) -> int | None:
    number = _parse_decimal(text)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


@dataclass
class CheckedRow:
    line: int
    cells: dict[str, str]
    measure: object | None = None
    entry: ValueEntry | None = None
    errors: list[str] = field(default_factory=list)
    outcome: str = ""
    shown_value: str = ""

    @property
    def measure_text(self) -> str:
        return self.measure.name if self.measure is not None else self.cells.get("measure", "")

    @property
    def value_text(self) -> str:
        """The figure that would be charted, or what the row gave when it cannot be worked out."""
        return self.shown_value or self.cells.get("value", "")


@dataclass
class MeasureTally:
    measure: object
    new: int = 0
    replaced: int = 0
    unchanged: int = 0


@dataclass
class UploadCheck:
    rows: list[CheckedRow]

    @property
    def error_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.error_rows

    def entries_by_measure(self) -> dict[int, tuple[object, list[ValueEntry]]]:
        grouped: dict[int, tuple[object, list[ValueEntry]]] = {}
        for row in self.rows:
            grouped.setdefault(row.measure.pk, (row.measure, []))[1].append(row.entry)
        return grouped

    def tallies(self) -> list[MeasureTally]:
        tallies: dict[int, MeasureTally] = {}
        for row in self.rows:
            if row.errors or row.measure is None:
                continue
            tally = tallies.setdefault(row.measure.pk, MeasureTally(measure=row.measure))
            if row.outcome == "New":
                tally.new += 1
            elif row.outcome == "Unchanged":
                tally.unchanged += 1
            else:
                tally.replaced += 1
        return sorted(tallies.values(), key=lambda t: t.measure.name)


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_rows(rows, *, measures, default_measure=None, existing=None, today: date) -> UploadCheck:
    """Check every row against its measure's rules; nothing here writes anything.

    `measures` are the area's measures (rows may only name these); `existing` maps
    (measure id, period) → (value, numerator, denominator, note) already stored, to say what a row
    would replace.
    """
    by_name = {_normalise(m.name): m for m in measures}
    existing = existing or {}
    seen: dict[tuple[int, date], int] = {}
    checked = []
    for line, cells in rows:
        row = CheckedRow(line=line, cells=cells)
        checked.append(row)
        named = cells.get("measure", "")
        if named:
            row.measure = by_name.get(_normalise(named))
            if row.measure is None:
                row.errors.append(f"There is no measure called “{named}” in this area.")
            elif default_measure is not None and row.measure.pk != default_measure.pk:
                row.errors.append(f"This row is for “{named}”, but you chose to upload data for “{default_measure}”.")
        elif default_measure is not None:
            row.measure = default_measure
        else:
            row.errors.append("Name the measure in the measure column.")
        period = _parse_date(cells.get("period", ""))
        if period is None:
            text = cells.get("period", "")
            row.errors.append(
                f"“{text}” is not a date: write it as 2025-04-01 or 01/04/2025." if text else "Give the period."
            )
        numbers = {}
        for name, parse in (("value", _parse_decimal), ("numerator", _parse_count), ("denominator", _parse_count)):
            text = cells.get(name, "")
            numbers[name] = parse(text) if text else None
            if text and numbers[name] is None:
                kind = "a whole number" if name != "value" else "a number"
                row.errors.append(f"The {name} “{text}” is not {kind}.")
        if row.measure is None or period is None or row.errors:
            continue
        measure = row.measure
        if measure.is_proportion:
            numbers["value"] = None  # worked out from the numerator and denominator
        row.entry = ValueEntry(period=period, note=cells.get("note", ""), **numbers)
        row.errors.extend(entry_problems(measure, row.entry, today=today))
        key = (measure.pk, period)
        if key in seen:
            row.errors.append(
                f"{periods.period_label(measure.frequency, period)} for “{measure}” is also on line {seen[key]}."
            )
        else:
            seen[key] = line
        if row.errors:
            continue
        value = entry_value(measure, row.entry)
        row.shown_value = format_number(float(value), measure.display_unit)
        stored = existing.get(key)
        if stored is None:
            row.outcome = "New"
        elif stored == (value, row.entry.numerator, row.entry.denominator, row.entry.note):
            row.outcome = "Unchanged"
        else:
            row.outcome = f"Replaces {format_number(float(stored[0]), measure.display_unit)}"
    return UploadCheck(rows=checked)


def existing_values(value_rows) -> dict:
    """(measure id, period) → (value, numerator, denominator, note) from value_list rows in that order."""
    stored = defaultdict(tuple)
    for measure_id, period, value, numerator, denominator, note in value_rows:
        stored[(measure_id, period)] = (value, numerator, denominator, note)
    return dict(stored)


# --- Export: a measure's values in the columns the upload reads ------------------------------------


def _csv_cell(text) -> str:
    """Stop a spreadsheet from reading a note as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_rows(measure, value_rows):
    """CSV rows for `value_rows` of (period_start, value, numerator, denominator, note), in COLUMNS order."""
    for period, figure, numerator, denominator, note in value_rows:
        yield [
            _csv_cell(measure.name),
            period.isoformat(),
            "" if measure.is_proportion else format(figure.normalize(), "f"),
            "" if numerator is None else numerator,
            "" if denominator is None else denominator,
            _csv_cell(note),
        ]
