"""An area's drivers over time: each driver's score across its assessments, and who changed what."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from areas.access import AreaMixin
from areas.history import history_page
from core import freshness
from core.dates import day_label

from .. import selectors
from ..charting import trend_charts
from ..forms import ProgressFilterForm
from ..models import Assessment, ItemScore


class ProgressView(AreaMixin, TemplateView):
    """Each driver's score across the area's assessments, as charts with their numbers, and what
    moved since the last assessment."""

    template_name = "drivers/progress.html"

    def get_context_data(self, **kwargs):
        choices = selectors.subject_choices(self.area)
        value = self.request.GET.get("about") or selectors.default_subject_value(self.area)
        subject = selectors.subject_for(self.area, value)
        if subject is False:
            raise Http404("No such innovation in this area")
        about_label = dict(choices).get(value, "The programme as a whole")

        def progress() -> dict:
            trend = selectors.trend(self.area, subject)
            latest_report = selectors.assessment_report(trend.latest) if trend.previous else None
            return {
                "trend": trend,
                "charts": trend_charts(trend, about=about_label),
                "moved": trend.moved(),
                "moved_items": latest_report.moved_items if latest_report else [],
            }

        # Scored and drawn once until the area's records (or the programme's item sets) change.
        shown = freshness.cached(f"drivers:progress:{self.area.pk}:{value}", [self.area.pk], progress)
        return super().get_context_data(
            **shown,
            choices=choices,
            about=value,
            about_label=about_label,
            filter_form=ProgressFilterForm(initial={"about": value}, choices=choices),
            **kwargs,
        )


class DriversHistoryView(AreaMixin, TemplateView):
    """Who changed the area's drivers assessments and answers, and when."""

    template_name = "drivers/history.html"

    def get_context_data(self, **kwargs):
        page, entries = history_page(
            [
                (
                    Assessment.history.filter(area_id=self.area.pk).select_related(
                        "facilitator", "item_set", "corrects", "completed_by", "created_by"
                    ),
                    lambda r: f"Assessment of {day_label(r.assessed_on)}",
                ),
                (
                    ItemScore.history.filter(area_id=self.area.pk).select_related("item", "assessment"),
                    lambda r: f"Item: {r.item}",
                ),
            ],
            self.request.GET.get("page"),
            cache_key=f"drivers:history:{self.area.pk}",
            area_ids=[self.area.pk],
        )
        return super().get_context_data(page_obj=page, entries=entries, **kwargs)
