"""The practice–policy feedback loop: barriers raised from practice, where they went, what came back."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from areas.access import AreaMixin
from core.kept import KeptPageMixin
from core.views import AreaFormMixin, AreaListView, AreaRecordMixin, RecordFromUrl, form_data, record_link

from .. import selectors, services
from ..forms import FeedbackFilterForm, FeedbackForm
from ..models import FEEDBACK_FIELDS, FeedbackItem


class FeedbackListView(KeptPageMixin, AreaListView):
    """The area's feedback loop: open items first, oldest first, with the figures above (the figures
    and the table kept until the area's records change)."""

    template_name = "cycles/feedback_list.html"
    context_object_name = "items"
    filter_form_class = FeedbackFilterForm
    area_rows = staticmethod(selectors.feedback_for_area)
    kept_name = "cycles:feedback"

    @cached_property
    def today(self):
        return timezone.localdate()

    def filter_rows(self, rows, filters):
        return selectors.filter_feedback(rows, filters, self.today)

    def kept_variant(self) -> str:
        return str(int(self.access.can_edit_area(self.area)))

    def drawn(self, rows, count):
        cutoff = selectors.overdue_cutoff(self.today)
        detail = record_link("cycles:feedback_detail", self.area.slug)
        for item in rows:
            item.age = (item.done_on or item.resolved_on or self.today) - item.raised_on
            item.overdue = item.is_open and item.raised_on < cutoff
            item.detail_url = detail(item.pk)
        figures = selectors.feedback_figures(self.area, self.today)
        context = {
            "area": self.area,
            "can_edit_area": self.access.can_edit_area(self.area),
            "figures": figures,
            "overdue_after": selectors.figures.OVERDUE_AFTER_DAYS,
        }
        table = {**context, "items": rows, "count": count, "filtered": self.filtered}
        return {
            "figures": figures,  # read by the return's figure checks (cycles.reporting)
            "figures_html": render_to_string("cycles/_feedback_figures.html", context),
            "table_html": render_to_string("cycles/_feedback_table.html", table),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(overdue_after=selectors.figures.OVERDUE_AFTER_DAYS, **kwargs)


class FeedbackRecordMixin(AreaRecordMixin):
    """For pages under /areas/<slug>/feedback/<pk>/: `self.item`, from this area only."""

    item = RecordFromUrl(FeedbackItem, select_related=("area", "cycle", "created_by"))


class FeedbackFormMixin(AreaFormMixin):
    """Raise or edit a barrier; then its page (the generic views' default: its URL)."""

    form_class = FeedbackForm
    template_name = "cycles/feedback_form.html"


class FeedbackCreateView(FeedbackFormMixin, AreaMixin, CreateView):
    def get_initial(self):
        initial = {"raised_on": timezone.localdate(), "status": "open"}
        cycle = self.request.GET.get("cycle", "")
        if cycle.isdigit():
            initial["cycle"] = int(cycle)
        return initial

    def perform(self, form):
        return services.feedback_create(area=self.area, actor=self.request.user, data=form_data(form, FEEDBACK_FIELDS))

    def get_success_message(self, item):
        return f"Barrier “{item}” recorded."


class FeedbackDetailView(FeedbackRecordMixin, DetailView):
    template_name = "cycles/feedback_detail.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        item = self.item
        return super().get_context_data(
            age=((item.done_on or item.resolved_on or today) - item.raised_on).days,
            overdue=item.is_open and item.raised_on < selectors.overdue_cutoff(today),
            overdue_after=selectors.figures.OVERDUE_AFTER_DAYS,
            entries=selectors.feedback_history(item),
            **kwargs,
        )


class FeedbackUpdateView(FeedbackFormMixin, FeedbackRecordMixin, UpdateView):
    """Route the barrier, record the response and close the loop; clashing saves are caught."""

    context_object_name = "item"

    def perform(self, form):
        return services.feedback_update(
            item=self.item,
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            data=form_data(form, FEEDBACK_FIELDS),
        )

    def get_success_message(self, item):
        return f"Barrier “{item}” saved."
