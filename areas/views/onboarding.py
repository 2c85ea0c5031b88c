"""CELCIS brings a council into the programme in one guided form."""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import UpdateView

from core.quarters import Quarter
from core.views import ServiceFormMixin

from .. import onboarding
from ..access import AreaMixin, Permission
from ..forms import AreaOnboardForm
from ..models import LocalArea


class AreaOnboardView(ServiceFormMixin, AreaMixin, UpdateView):
    """Confirm the area's details and name its first lead; the rest follows from one save."""

    permission = Permission.CELCIS
    form_class = AreaOnboardForm
    template_name = "areas/onboard.html"

    def get_object(self, queryset=None):
        return self.area

    def get_initial(self):
        return {"date_joined": self.area.date_joined or timezone.localdate()}

    def get_context_data(self, **kwargs):
        quarter = Quarter.of(timezone.localdate())
        from reports.services import due_date_for

        return super().get_context_data(quarter=quarter, due_on=due_date_for(quarter), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return onboarding.area_onboard(
            area=LocalArea.objects.get(pk=self.area.pk),
            actor=self.request.user,
            details={name: data[name] for name in form.Meta.fields},
            expected_version=data["version"],
            lead_email=data["lead_email"],
            lead_first_name=data["lead_first_name"],
            lead_last_name=data["lead_last_name"],
        )

    def get_success_message(self, area):
        return (
            f"{area.name} is in the programme: its lead has been invited, its stage record starts at "
            "Exploration and its quarterly return is open."
        )

    def get_success_url(self):
        return reverse("areas:overview", kwargs={"area_slug": self.area.slug})
