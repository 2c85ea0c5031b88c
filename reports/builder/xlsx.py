"""The report's data annex as an XLSX workbook for analysts: one table a sheet, its header row frozen,
numbers stored as numbers (units in the headers), a "Notes" sheet with the symbols, and every piece
of text stored as text, so nothing typed by a user can become a formula."""

from __future__ import annotations

import io
import re

from core.dates import datetime_label

from .report import Cell, Report

_BAD_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


def sheet_value(value):
    """What a cell stores: numbers as numbers, everything else as its text."""
    if isinstance(value, Cell):
        value = value.value if value.value is not None else value.text
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    return "" if value is None else str(value)


def write_row(sheet, values, *, font=None) -> None:
    """Append a row; text cells are typed as strings, so "=1+1" stays the text "=1+1"."""
    sheet.append([sheet_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if font is not None:
            cell.font = font


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARACTERS.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def table_sheet(workbook, name: str, headers: list[str], rows: list[list], *, total=None, bold=None, widths=None):
    """One table on its own sheet: the header row (frozen), the rows, then the total row if any."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(name)
    write_row(sheet, headers, font=bold)
    for row in rows:
        write_row(sheet, row)
    if total:
        write_row(sheet, total, font=bold)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [28] + [16] * (len(headers) - 1), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def render_xlsx(report: Report) -> bytes:
    """The data annex: an About sheet listing the tables, the key messages, one sheet per table of
    the report, the Notes (symbols) and the Definitions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    taken = {"about", "notes", "definitions", "key messages"}
    write_row(about, [report.title], font=Font(bold=True, size=14))
    write_row(about, [report.subtitle])
    status = "DRAFT: not published" if report.draft else "Published"
    write_row(about, [f"Version {report.version}, generated {datetime_label(report.generated_at)}. {status}."])
    for line in report.summary:
        write_row(about, [line])
    write_row(about, [])
    write_row(about, ["Sheet", "Table"], font=bold)
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 90

    page = report.key_messages
    if page is not None:
        rows = [["Key message", m] for m in page.messages]
        rows += [["Theme across the areas", t] for t in page.themes]
        rows += [["Risk", r] for r in page.risks]
        rows += [["Ask of the Scottish Government", a] for a in page.asks]
        rows.append(["Sign-off", page.signed_off or "Not signed off: a draft."])
        table_sheet(workbook, "Key messages", ["Part", "Text"], rows, bold=bold, widths=[32, 110])
        write_row(about, ["Key messages", "The quarter's key messages, themes, risks and asks"])

    for table in report.tables:
        if not table.sheet:
            continue
        name = sheet_name(table.sheet, taken)
        table_sheet(workbook, name, table.headers, table.rows, total=table.total, bold=bold)
        write_row(about, [name, table.caption])

    table_sheet(workbook, "Notes", ["Symbol", "Meaning"], [list(n) for n in report.notes], bold=bold, widths=[12, 110])
    table_sheet(
        workbook,
        "Definitions",
        ["Term", "Definition"],
        [list(d) for d in report.definitions],
        bold=bold,
        widths=[24, 100],
    )
    for name in ("Notes", "Definitions"):
        write_row(about, [name, "Symbols used in the tables" if name == "Notes" else "What the terms mean"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
