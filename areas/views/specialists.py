"""CELCIS assigns its staff as specialists supporting areas (on the area's members page)."""

from django.urls import reverse
from django.views.generic import FormView

from core.views import ActionView, AreaRecordMixin, RecordFromUrl, ServiceFormMixin

from .. import services
from ..access import AreaMixin, Permission
from ..forms import SpecialistForm
from ..models import SpecialistAssignment


class SpecialistAddView(ServiceFormMixin, AreaMixin, FormView):
    permission = Permission.CELCIS
    form_class = SpecialistForm
    template_name = "areas/specialist_add.html"

    def perform(self, form):
        return services.specialist_assign(area=self.area, user=form.cleaned_data["user"], actor=self.request.user)

    def get_success_message(self, assignment):
        return f"{assignment.user} now supports {self.area} as CELCIS specialist."

    def get_success_url(self):
        return reverse("areas:members", kwargs={"area_slug": self.area.slug})


class SpecialistEndView(AreaRecordMixin, ActionView):
    """Asks for confirmation on GET; ends the specialist's support of the area on POST."""

    permission = Permission.CELCIS
    confirm_template = "areas/specialist_end.html"
    assignment = RecordFromUrl(
        SpecialistAssignment,
        select_related=("user", "area"),
        queryset=lambda view: SpecialistAssignment.objects.active().filter(area=view.area),
    )

    def perform(self):
        services.specialist_end(assignment=self.assignment, actor=self.request.user)
        return f"{self.assignment.user} no longer supports {self.area} as CELCIS specialist."

    def get_success_url(self):
        return reverse("areas:members", kwargs={"area_slug": self.area.slug})

    get_failure_url = get_success_url
