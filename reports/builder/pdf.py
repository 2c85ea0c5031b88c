"""The report as a PDF, from the same HTML document as the web page (with page furniture)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string

from .report import Report


def render_pdf(report: Report) -> bytes:
    """The report as a PDF: contents with page numbers, the generation date on every page."""
    from weasyprint import HTML

    # WeasyPrint narrates every layout step at INFO level; workers log at INFO.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    document = render_to_string("reports/report/document.html", {"report": report, "pdf": True})
    return HTML(string=document, base_url=str(settings.BASE_DIR)).write_pdf()
