"""The CELCIS review (national): every programme area's return and position for a chosen quarter,
with completeness and timeliness over recent quarters."""

from django.utils import timezone
from django.views.generic import TemplateView

from areas.access import NationalMixin
from areas.models import LocalArea
from core.quarters import Quarter, parse_slug, quarter_slug, recent_quarters

from .. import selectors
from ..forms import ReviewFilterForm

COMPLETENESS_QUARTERS = 8


class ReviewView(NationalMixin, TemplateView):
    """Every programme area's return and position for a chosen quarter, with completeness over time."""

    template_name = "reports/review.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        default = Quarter.of(today).previous()
        form = ReviewFilterForm(self.request.GET or None, initial={"quarter": quarter_slug(default)})
        quarter, status, sort = default, "", "area"
        if form.is_valid():
            if form.cleaned_data["quarter"]:
                quarter = parse_slug(form.cleaned_data["quarter"])
            status = form.cleaned_data["status"]
            sort = form.cleaned_data["sort"] or "area"
        areas = LocalArea.objects.in_programme().order_by("name")
        rows = selectors.review_rows(quarter, areas, today=today)
        shown = selectors.sort_rows([row for row in rows if not status or row.status == status], sort)
        history = selectors.completeness(recent_quarters(today, COMPLETENESS_QUARTERS), len(rows))  # newest first
        return super().get_context_data(
            form=form,
            filter_form=form,
            quarter=quarter,
            quarter_slug=quarter_slug(quarter),
            rows=shown,
            total=len(rows),
            completeness=history,
            sort=sort,
            **kwargs,
        )
