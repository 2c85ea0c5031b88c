"""The evidence library: the works the programme draws on."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import DetailView, FormView, ListView

from areas.access import CommunityMixin
from core.locking import StaleEdit

from .. import rules, selectors, services
from ..forms import ReferenceForm
from ..models import Reference, Tag
from ._helpers import PAGE_SIZE, CommunityPage, apply_errors, stale


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


class ReferenceDetailView(CommunityMixin, DetailView):
    template_name = "community/reference_detail.html"
    context_object_name = "reference"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Reference.objects.select_related("added_by").prefetch_related("tags"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=rules.can_edit_reference(self.access, self.object), **kwargs)


class ReferenceCreateView(CommunityMixin, FormView):
    write = True
    form_class = ReferenceForm
    template_name = "community/reference_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            reference = services.reference_save(
                actor=self.request.user, data=data, tags=form.chosen_tags(), topics=form.cleaned_data["topics"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{reference}” added to the evidence library.")
        return redirect(reference)


class ReferenceUpdateView(CommunityPage, FormView):
    write = True
    form_class = ReferenceForm
    template_name = "community/reference_form.html"

    @cached_property
    def reference(self):
        return get_object_or_404(Reference, pk=self.kwargs["pk"])

    def check_permission(self):
        if not rules.can_edit_reference(self.access, self.reference):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Reference.objects.get(pk=self.reference.pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(reference=self.reference, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.reference_save(
                actor=self.request.user,
                data=data,
                tags=form.chosen_tags(),
                topics=form.cleaned_data["topics"],
                reference=self.reference,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.reference)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{form.cleaned_data['title']}” saved.")
        return redirect("community:reference_detail", pk=self.reference.pk)
