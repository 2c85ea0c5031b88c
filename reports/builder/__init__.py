"""What a quarterly report says, and its three outputs: an HTML page, a PDF and an XLSX data annex.

A run's parts (one per area, see `parts.area_part`) become a `Report`: sections of plain tables,
charts and narrative (`sections`), shared by all three outputs (`html`, `pdf`, `xlsx`) so they
always agree. In a national report every count goes through the small-numbers rule
(reports.suppression) before it reaches a table; an area's own report, which stays within the area
and CELCIS, shows exact counts.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from ..models import ReportRun
from ..suppression import footnote
from . import sections
from .html import BODY_END, BODY_START, body_of, render_html
from .parts import area_part
from .pdf import render_pdf
from .report import DEFINITIONS, Counts, Report, Section, Table
from .xlsx import render_xlsx

__all__ = [
    "BODY_END",
    "BODY_START",
    "Report",
    "Section",
    "Table",
    "area_part",
    "body_of",
    "build_report",
    "render_html",
    "render_outputs",
    "render_pdf",
    "render_xlsx",
]


def _summary(parts: list[dict], included: list[dict], national: bool, threshold: int) -> list[str]:
    """The lines under the title: where the figures come from and which areas are missing."""
    if not national:
        return [f"Figures from the {parts[0]['source']}."] if parts else []
    missing = [p["area"]["name"] for p in parts if not p["included"]]
    plural = "s" if len(included) != 1 else ""
    summary = [f"Built from {len(included)} accepted return{plural} of {len(parts)} programme areas."]
    if missing:
        summary.append("Returns missing or not yet accepted, so not in this report: " + ", ".join(missing) + ".")
    summary.append(footnote(threshold))
    return summary


def build_report(run: ReportRun, parts: list[dict]) -> Report:
    """The report's sections from the run's parts (plain dictionaries from `area_part`)."""
    national = run.is_national
    threshold = settings.SMALL_NUMBER_THRESHOLD
    counts = Counts(suppress=national, threshold=threshold)
    included = [p for p in parts if p["included"] and p["snapshot"]]
    report_sections = [sections.returns_section(parts, national)]
    if included:
        report_sections += [
            sections.stages_section(included, counts),
            sections.teams_section(included, counts),
            sections.innovations_section(included, counts),
            sections.drivers_section(included),
            sections.cycles_section(included, counts),
            sections.measures_section(included, counts),
            sections.engagement_section(included, counts),
            sections.community_section(included, counts),
            sections.narrative_section(included),
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
        summary=_summary(parts, included, national, threshold),
        sections=report_sections,
        definitions=DEFINITIONS,
    )


def render_outputs(run: ReportRun, parts) -> dict[str, bytes]:
    """All three outputs of a run, made in memory (nothing is written anywhere here).

    The renderers are looked up here at call time, so a test can replace one (`reports.builder.render_xlsx`).
    """
    report = build_report(run, [part.data for part in parts])
    return {
        "html": render_html(report).encode(),
        "pdf": render_pdf(report),
        "xlsx": render_xlsx(report),
    }
