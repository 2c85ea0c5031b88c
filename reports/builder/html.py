"""The report as a standalone web page, and its body for showing inside the portal's layout."""

from __future__ import annotations

from django.template.loader import render_to_string

from .report import Report

BODY_START = "<!-- report-body-start -->"
BODY_END = "<!-- report-body-end -->"


def render_html(report: Report) -> str:
    """The report as a standalone web page (its body is what the portal shows inside its layout)."""
    return render_to_string("reports/report/document.html", {"report": report, "pdf": False})


def body_of(document: str) -> str:
    """The report's body from a stored HTML document (between the markers it was written with)."""
    start = document.find(BODY_START)
    end = document.find(BODY_END)
    if start < 0 or end < start:
        return ""
    return document[start + len(BODY_START) : end]
