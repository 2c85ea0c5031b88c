"""A one-page summary of an area for its Child Protection Committee: the overview panels' figures
on one printable page (HTML with print styles) and as a PDF."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from ..access import AreaMixin
from ..models import Membership, Role
from ..panels import rendered_overview_panels

# The to-do panel is about a person's work, not the area's position.
NOT_IN_SUMMARY = {"todos"}


class AreaSummaryMixin(AreaMixin):
    """Anyone who may read the area (its area viewers included) reads its summary."""

    def summary_context(self) -> dict:
        panels = rendered_overview_panels(self.area, self.access, can_edit_area=False, skip=NOT_IN_SUMMARY)
        leads = (
            Membership.objects.active()
            .filter(area=self.area, role=Role.AREA_LEAD)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        return {
            "area": self.area,
            "panels": panels,
            "leads": list(leads),
            "generated_at": timezone.localtime(),
            "can_edit_area": False,  # a summary for a meeting offers no edits
        }


class AreaSummaryView(AreaSummaryMixin, TemplateView):
    template_name = "areas/summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | self.summary_context()


PDF_CACHE_SECONDS = 24 * 60 * 60


class AreaSummaryPdfView(AreaSummaryMixin, TemplateView):
    """The same summary as a PDF, made with WeasyPrint as the quarterly reports are."""

    def get(self, request, *args, **kwargs):
        from weasyprint import HTML

        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        document = render_to_string("areas/summary_document.html", self.summary_context() | {"pdf": True})
        # The PDF is made once per version of its page: kept under a digest of the HTML it is made from.
        key = "areas:summary-pdf:" + hashlib.sha256(document.encode()).hexdigest()
        pdf = cache.get(key)
        if pdf is None:
            pdf = HTML(string=document, base_url=str(settings.BASE_DIR)).write_pdf()
            cache.set(key, pdf, PDF_CACHE_SECONDS)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"{self.area.slug}-summary-{timezone.localdate().isoformat()}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
