"""The evidence library: the works the programme draws on."""

from django.core.exceptions import PermissionDenied
from django.views.generic import DetailView, FormView, ListView

from areas.access import CommunityMixin
from core.views import PAGE_SIZE, RecordFromUrl

from .. import rules, selectors, services
from ..forms import ReferenceForm
from ..models import Reference, Tag
from ._helpers import CommunityFormMixin, CommunityPage


class ReferenceListView(CommunityMixin, ListView):
    template_name = "community/reference_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "references"

    def get_queryset(self):
        self.q = self.request.GET.get("q", "").strip()[:200]
        self.tag = Tag.objects.filter(slug=self.request.GET.get("tag", "")).first()
        return selectors.references(q=self.q, tag=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.q, tag=self.tag, **kwargs)


class ReferenceDetailView(CommunityPage, DetailView):
    template_name = "community/reference_detail.html"
    context_object_name = "reference"
    reference = RecordFromUrl(
        Reference, queryset=lambda view: Reference.objects.select_related("added_by").prefetch_related("tags")
    )

    def get_object(self, queryset=None):
        return self.reference

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=rules.can_edit_reference(self.access, self.object), **kwargs)


class ReferenceCreateView(CommunityFormMixin, CommunityMixin, FormView):
    form_class = ReferenceForm
    template_name = "community/reference_form.html"
    success_message = "“{obj}” added to the evidence library."

    def perform(self, form):
        return services.reference_save(actor=self.request.user, **form.service_values())


class ReferenceUpdateView(CommunityFormMixin, CommunityPage, FormView):
    form_class = ReferenceForm
    template_name = "community/reference_form.html"
    success_message = "“{obj.title}” saved."
    reference = RecordFromUrl(Reference, queryset=lambda view: Reference.objects.all())

    def check_permission(self):
        if not rules.can_edit_reference(self.access, self.reference):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Reference.objects.get(pk=self.reference.pk)}

    def perform(self, form):
        return services.reference_save(
            actor=self.request.user,
            reference=self.reference,
            expected_version=form.cleaned_data["version"],
            **form.service_values(),
        )
