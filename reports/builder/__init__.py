"""What a quarterly report says, and its three outputs: an HTML page, a PDF and an XLSX data annex.

A run's parts (one per area, see `parts.area_part`) become a `Report`: a first page of key messages,
then sections of tables, charts and narrative shared by all three outputs (`html`, `pdf`, `xlsx`), so
they always agree. Every figure about people goes into one `reports.suppression.Register` for the
whole report: in a national report it applies disclosure control across every table at once (a figure
hidden anywhere is hidden everywhere, totals across tables included); an area's own report, which
stays within the area and CELCIS, registers the same figures and shows them exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from core.dates import day_label

from ..models import ReportRun, ReturnStatus
from ..suppression import Register, footnote
from . import frameworks, narrative, sections, trends
from .html import BODY_END, BODY_START, body_of, render_html
from .parts import area_part, current
from .pdf import join_pieces, plan, render_pdf, render_piece
from .report import DEFINITIONS, Cell, Report, Section, Table, finalise, notes
from .xlsx import render_xlsx

__all__ = [
    "BODY_END",
    "BODY_START",
    "Cell",
    "Report",
    "Section",
    "Table",
    "area_part",
    "body_of",
    "build_report",
    "draft_key_messages",
    "join_pieces",
    "plan",
    "render_html",
    "render_outputs",
    "render_pdf",
    "render_piece",
    "render_xlsx",
]


def draft_key_messages(parts: list[dict], national: bool) -> list[str]:
    """The portal's draft key messages for a run's parts (see `narrative.draft_key_messages`)."""
    return narrative.draft_key_messages(current(parts), national)


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


def is_draft(run: ReportRun, parts: list[dict]) -> bool:
    """A national report is a draft until it is published; an area report until it is built from the
    area's accepted return."""
    if run.is_national:
        return not run.published
    return not (parts and parts[0]["return"]["status"] == ReturnStatus.ACCEPTED and parts[0]["included"])


def build_report(run: ReportRun, parts: list[dict], key_messages=None, generated_at=None) -> Report:
    """The report from the run's parts (plain dictionaries from `area_part`) and CELCIS's key messages;
    `generated_at` when the report's pieces are rendered apart and must all show the same moment."""
    parts = current(parts)
    national = run.is_national
    threshold = settings.SMALL_NUMBER_THRESHOLD
    register = Register(threshold=threshold, protect=national)
    note = footnote(threshold) if national else ""
    included = [p for p in parts if p["included"] and p["snapshot"]]
    report_sections = [sections.returns_section(parts, national)]
    if included:
        report_sections += [
            narrative.support_and_risks_section(included),
            sections.stages_section(included),
            sections.teams_section(included, register, note),
            sections.innovations_section(included, register, note),
            *filter(None, [trends.trends_section(included, register, note)]),
            frameworks.drivers_section(included),
            frameworks.cycles_section(included),
            frameworks.measures_section(included, register, note),
            frameworks.engagement_section(included, register, note),
            frameworks.community_section(included, register, note),
            narrative.narrative_section(included),
        ]
    generated = key_messages.generated if key_messages is not None else narrative.draft_key_messages(parts, national)
    quarter = run.quarter
    draft = is_draft(run, parts)
    report = Report(
        title=run.title,
        subtitle=f"{day_label(quarter.start)} to {day_label(quarter.end)}",
        quarter=quarter.label,
        version=run.number,
        generated_at=timezone.localtime(generated_at) if generated_at else timezone.localtime(),
        national=national,
        threshold=threshold,
        summary=_summary(parts, included, national, threshold),
        sections=report_sections,
        definitions=DEFINITIONS,
        draft=draft,
        key_messages=narrative.key_messages_page(generated, key_messages),
        notes=notes(threshold, national, draft),
    )
    return finalise(report, register)


def render_outputs(run: ReportRun, parts, key_messages=None) -> dict[str, bytes]:
    """All three outputs of a run, made in memory (nothing is written anywhere here).

    The renderers are looked up here at call time, so a test can replace one (`reports.builder.render_xlsx`).
    """
    report = build_report(run, [part.data for part in parts], key_messages)
    return {
        "html": render_html(report).encode(),
        "pdf": render_pdf(report),
        "xlsx": render_xlsx(report),
    }
