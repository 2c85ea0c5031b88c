"""The register of innovations: the list, adding and editing an innovation, its status, its
summary page and its history."""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from areas.access import AreaMixin, AreaScopedMixin, Permission
from core import freshness
from core.views import FilteredListMixin, ServiceFormMixin, edit_kwargs, service_kwargs
from stages import selectors as stage_selectors

from .. import selectors, services
from ..filter_forms import InnovationFilterForm
from ..forms import InnovationCreateForm, InnovationForm, InnovationStatusForm
from ..models import EssentialFunction, Innovation, InnovationStatus
from ..sections import innovation_sections
from .records import InnovationMixin, InnovationPageFormMixin


class InnovationListView(FilteredListMixin, AreaScopedMixin, ListView):
    """The area's register: every innovation with its status, stage, usability and fidelity."""

    template_name = "innovations/innovation_list.html"
    model = Innovation  # in the model's order: by name
    context_object_name = "innovations"
    filter_form_class = InnovationFilterForm
    filter_lookups = {"q": "name__icontains", "status": "status", "origin": "origin"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.summaries(self.area, list(context["innovations"]))
        return context


class InnovationCreateView(AreaMixin, ServiceFormMixin, CreateView):
    permission = Permission.WRITE
    form_class = InnovationCreateForm
    template_name = "innovations/innovation_form.html"
    success_message = "{obj} added to the register."

    def get_form_kwargs(self):
        # The register the new name must be unique in, so a duplicate is named with the other errors.
        return {**super().get_form_kwargs(), "area": self.area}

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        return services.innovation_create(area=self.area, actor=self.request.user, data=data)

    def get_success_url(self):
        return reverse("innovations:detail", kwargs={"area_slug": self.area.slug, "pk": self.saved.pk})


class InnovationDetailView(InnovationMixin, DetailView):
    """One innovation at a glance, linking to each of its pages."""

    template_name = "innovations/innovation_detail.html"
    page = "summary"

    def get_context_data(self, **kwargs):
        innovation = self.innovation
        today = timezone.localdate().isoformat()  # fidelity checks fall due, stages last: by the day

        def figures() -> dict:
            slice_rows, slice_totals = selectors.slice_rows(innovation)
            return {
                "summary": selectors.summaries(self.area, [innovation])[0],
                "slice_rows": slice_rows,
                "slice_totals": slice_totals,
                "functions": list(EssentialFunction.objects.filter(innovation=innovation)),
                "chosen_in": list(innovation.chosen_in.all()),
                "progress": stage_selectors.progress_for(self.area, innovation),
            }

        # Everything here is the area's own records: kept until one of them changes.
        cached = freshness.cached(f"innovations:summary:{innovation.pk}:{today}", [self.area.pk], figures)
        return super().get_context_data(
            **cached,
            sections=innovation_sections(innovation, self.access),
            **kwargs,
        )


class InnovationUpdateView(InnovationPageFormMixin, InnovationMixin, UpdateView):
    form_class = InnovationForm
    template_name = "innovations/innovation_form.html"
    page = "summary"

    def perform(self, form):
        return services.innovation_update(innovation=self.innovation, **edit_kwargs(self, form))

    def get_success_message(self, innovation) -> str:
        return f"{innovation.name} saved."


class InnovationStatusView(InnovationPageFormMixin, InnovationMixin, FormView):
    """Members change the status: being explored, selected, not selected, in use, discontinued."""

    form_class = InnovationStatusForm
    template_name = "innovations/status_form.html"
    page = "summary"

    def get_initial(self):
        return {"status": self.innovation.status, "status_changed_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.innovation_status_change(
            innovation=self.innovation,
            changed_on=data["status_changed_on"],
            reason=data["status_reason"],
            **service_kwargs(self, form, ("status",)),
        )

    def get_success_message(self, innovation) -> str:
        return f"{innovation} is now {InnovationStatus(innovation.status).label.lower()}."


class InnovationHistoryView(InnovationMixin, TemplateView):
    """Who changed the innovation and everything that belongs to it, and when."""

    template_name = "innovations/history.html"
    page = "history"

    def get_context_data(self, **kwargs):
        page, entries = selectors.innovation_history(self.innovation, self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=entries, **kwargs)
