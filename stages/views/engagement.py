"""The stakeholder engagement log: who the area has heard from, at every level of the system."""

from django.urls import reverse
from django.views.generic import CreateView, ListView, UpdateView

from areas.access import AreaMixin, AreaScopedMixin, Permission
from core.views import AreaRecordMixin, FilteredListMixin, RecordFromUrl, ServiceFormMixin, edit_kwargs, form_data

from .. import selectors, services
from ..forms import EngagementFilterForm, EngagementForm
from ..models import StakeholderEngagement


class EngagementListView(FilteredListMixin, AreaScopedMixin, ListView):
    template_name = "stages/engagement_list.html"
    model = StakeholderEngagement  # in the model's order: latest first
    context_object_name = "engagements"
    filter_form_class = EngagementFilterForm
    filter_lookups = {"level": "level", "kind": "kind", "start": "held_on__gte", "end": "held_on__lte"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=selectors.engagement_summary(self.area), **kwargs)


class EngagementFormMixin(ServiceFormMixin):
    # First in each view's bases, so its `permission` wins over the area mixin's default.
    permission = Permission.WRITE
    form_class = EngagementForm
    template_name = "stages/engagement_form.html"

    def get_success_url(self):
        return reverse("stages:engagement_list", kwargs={"area_slug": self.area.slug})


class EngagementCreateView(EngagementFormMixin, AreaMixin, CreateView):
    success_message = "Engagement recorded."

    def perform(self, form):
        data = form_data(form, EngagementForm.Meta.fields)
        return services.engagement_save(area=self.area, actor=self.request.user, data=data)


class EngagementUpdateView(EngagementFormMixin, AreaRecordMixin, UpdateView):
    engagement = RecordFromUrl(StakeholderEngagement)
    success_message = "Engagement saved."

    def perform(self, form):
        return services.engagement_save(area=self.area, engagement=self.engagement, **edit_kwargs(self, form))
