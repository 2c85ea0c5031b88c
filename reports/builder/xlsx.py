"""The report's data annex as an XLSX workbook: one sheet per framework and a definitions sheet."""

from __future__ import annotations

import io
import re

from django.utils.formats import date_format

from .report import Report

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell(value: str):
    """A number where the text is one (so the annex can be added up), the text otherwise."""
    text = value.rstrip("%") if value.endswith("%") and _NUMBER.match(value.rstrip("%")) else value
    if _NUMBER.match(text or ""):
        return float(text) if "." in text else int(text)
    return value


def _embolden_last_row(sheet, font) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = font


def _block(sheet, title: str, headers: list[str], rows: list[list[str]], *, bold, bold_headers: bool) -> None:
    """A blank line, the block's title in bold, its headers and its rows (numbers as numbers)."""
    sheet.append([])
    sheet.append([title])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append(headers)
    if bold_headers:
        _embolden_last_row(sheet, bold)
    for row in rows:
        sheet.append([_cell(v) for v in row])


def _section_sheet(workbook, section, bold, title_font) -> None:
    """Every table of the section, then the numbers behind each of its charts."""
    sheet = workbook.create_sheet(section.sheet[:31])
    sheet.append([section.title])
    sheet.cell(row=1, column=1).font = title_font
    if section.intro:
        sheet.append([section.intro])
    for table in section.tables:
        _block(sheet, table.caption, table.headers, table.rows, bold=bold, bold_headers=True)
        if table.total:
            sheet.append([_cell(v) for v in table.total])
            _embolden_last_row(sheet, bold)
        if table.note:
            sheet.append([table.note])
    for chart in section.charts:
        _block(sheet, chart.title, chart.headers, chart.rows, bold=bold, bold_headers=False)
    sheet.column_dimensions["A"].width = 28


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
        if section.sheet:
            _section_sheet(workbook, section, bold, Font(bold=True, size=13))
    definitions = workbook.create_sheet("Definitions")
    definitions.append(["Term", "Definition"])
    _embolden_last_row(definitions, bold)
    for term, meaning in report.definitions:
        definitions.append([term, meaning])
    definitions.column_dimensions["A"].width = 24
    definitions.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
