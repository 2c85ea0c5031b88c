"""Fidelity and scale-up: the instrument, practitioners and their checks, the figures per quarter
against the full-implementation criterion, and the slices of the system."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from areas.access import Permission, area_view
from charts import ReferenceLine, Series, line_chart
from core.quarters import Quarter

from .. import selectors, services
from ..fidelity import FULL_IMPLEMENTATION
from ..forms import (
    CheckFilterForm,
    FidelityCheckForm,
    FidelityItemForm,
    PractitionerFilterForm,
    PractitionerForm,
    QuarterlyFiguresForm,
    SliceForm,
)
from ..models import FidelityCheck, FidelityItem, Practitioner, QuarterlyFigures, SystemSlice
from .common import PAGE_SIZE, InnovationMixin, apply_errors, get_innovation


def fidelity_chart(innovation, rows):
    """The proportion of intended practitioners at fidelity, quarter by quarter, against 50%."""
    points = [(row.figures.quarter.label, row.figures.percent) for row in rows]
    reached = [row.figures.quarter.label for row in rows if row.figures.full_implementation]
    recorded = [p for p in points if p[1] is not None]
    if not recorded:
        caption = "No quarter has a recorded number of intended practitioners yet, so no proportion can be shown."
    elif reached:
        caption = (
            f"At least half of the intended practitioners were at fidelity in {len(reached)} of "
            f"{len(recorded)} quarters with figures, first in {reached[0]}: the full-implementation criterion."
        )
    else:
        caption = (
            f"The proportion at fidelity has not yet reached the full-implementation criterion of half of the "
            f"intended practitioners; the latest is {recorded[-1][1]}% in {recorded[-1][0]}."
        )
    return line_chart(
        title=f"{innovation}: intended practitioners at fidelity",
        caption=caption,
        series=[Series(label="At fidelity", points=points)],
        x_label="Quarter",
        y_label="Intended practitioners at fidelity (%)",
        unit="%",
        y_limits=(0, 105),
        reference_lines=[ReferenceLine(value=100 * FULL_IMPLEMENTATION, label="Full implementation: 50%")],
    )


class FidelityView(InnovationMixin, TemplateView):
    """The fidelity instrument and threshold, and intended / trained / at fidelity per quarter."""

    template_name = "innovations/fidelity.html"
    page = "fidelity"

    def get_context_data(self, **kwargs):
        rows = selectors.fidelity_by_quarter(self.innovation)
        recent_checks = list(
            FidelityCheck.objects.filter(innovation=self.innovation).select_related("practitioner")[:5]
        )
        return super().get_context_data(
            items=selectors.instrument(self.innovation),
            rows=list(reversed(rows)),
            chart=fidelity_chart(self.innovation, rows) if rows else None,
            recent_checks=recent_checks,
            checks_count=FidelityCheck.objects.filter(innovation=self.innovation).count(),
            **kwargs,
        )


# --- The instrument ------------------------------------------------------------------------------


class ItemCreateView(InnovationMixin, CreateView):
    permission = Permission.WRITE
    form_class = FidelityItemForm
    template_name = "innovations/item_form.html"
    page = "fidelity"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "innovation": self.innovation}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.fidelity_item_save(innovation=self.innovation, actor=self.request.user, data=data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Item added to the fidelity instrument.")
        return redirect("innovations:fidelity", area_slug=self.area.slug, pk=self.innovation.pk)


class ItemUpdateView(InnovationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = FidelityItemForm
    template_name = "innovations/item_form.html"
    page = "fidelity"

    def get_object(self, queryset=None):
        return get_object_or_404(FidelityItem, pk=self.kwargs["item_pk"], area=self.area, innovation=self.innovation)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "innovation": self.innovation}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.fidelity_item_save(
                innovation=self.innovation,
                actor=self.request.user,
                data=data,
                item=FidelityItem.objects.get(pk=self.object.pk),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Item saved.")
        return redirect("innovations:fidelity", area_slug=self.area.slug, pk=self.innovation.pk)


@require_POST
@area_view(Permission.WRITE)
def items_from_functions(request, area, pk):
    """Build the fidelity instrument from the essential functions: an item for each uncovered one."""
    innovation = get_innovation(area, pk)
    created = services.fidelity_items_from_functions(innovation=innovation, actor=request.user)
    if created:
        messages.success(request, f"{len(created)} item{'s' if len(created) != 1 else ''} added, one per function.")
    else:
        messages.info(request, "Every essential function already has an item in the instrument.")
    return redirect("innovations:fidelity", area_slug=area.slug, pk=innovation.pk)


# --- Practitioners and checks --------------------------------------------------------------------


class PractitionerListView(InnovationMixin, ListView):
    """The innovation's practitioners by code, each with their latest check."""

    template_name = "innovations/practitioner_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "practitioners"
    page = "practitioners"

    def get_queryset(self):
        self.filter_form = PractitionerFilterForm(self.request.GET or None, innovation=self.innovation)
        practitioners = selectors.practitioners_with_latest_check(self.innovation)
        if self.filter_form.is_valid():
            if code := self.filter_form.cleaned_data["code"]:
                practitioners = practitioners.filter(code__icontains=code.strip())
            if chosen := self.filter_form.cleaned_data["slice"]:
                practitioners = practitioners.filter(slice=chosen)
        return practitioners.order_by("code", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class PractitionerCreateView(InnovationMixin, CreateView):
    permission = Permission.WRITE
    form_class = PractitionerForm
    template_name = "innovations/practitioner_form.html"
    page = "practitioners"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "innovation": self.innovation}

    def form_valid(self, form):
        try:
            practitioner = services.practitioner_save(
                innovation=self.innovation,
                actor=self.request.user,
                code=form.cleaned_data["code"],
                system_slice=form.cleaned_data["slice"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Practitioner {practitioner} added.")
        return redirect("innovations:practitioner_list", area_slug=self.area.slug, pk=self.innovation.pk)


class PractitionerUpdateView(InnovationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = PractitionerForm
    template_name = "innovations/practitioner_form.html"
    page = "practitioners"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Practitioner, pk=self.kwargs["practitioner_pk"], area=self.area, innovation=self.innovation
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "innovation": self.innovation}

    def form_valid(self, form):
        try:
            services.practitioner_save(
                innovation=self.innovation,
                actor=self.request.user,
                code=form.cleaned_data["code"],
                system_slice=form.cleaned_data["slice"],
                left_on=form.cleaned_data["left_on"],
                practitioner=Practitioner.objects.get(pk=self.object.pk),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Practitioner {form.cleaned_data['code']} saved.")
        return redirect("innovations:practitioner_list", area_slug=self.area.slug, pk=self.innovation.pk)


class CheckListView(InnovationMixin, ListView):
    template_name = "innovations/check_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "checks"
    page = "fidelity"

    def get_queryset(self):
        self.filter_form = CheckFilterForm(self.request.GET or None)
        checks = FidelityCheck.objects.filter(area=self.area, innovation=self.innovation).select_related("practitioner")
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["practitioner"]:
                checks = checks.filter(practitioner__code__icontains=data["practitioner"].strip())
            if data["result"]:
                checks = checks.filter(meets_fidelity=data["result"] == "meets")
            if data["start"]:
                checks = checks.filter(checked_on__gte=data["start"])
            if data["end"]:
                checks = checks.filter(checked_on__lte=data["end"])
        return checks.order_by("-checked_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class CheckCreateView(InnovationMixin, FormView):
    permission = Permission.WRITE
    form_class = FidelityCheckForm
    template_name = "innovations/check_form.html"
    page = "fidelity"

    @cached_property
    def items(self):
        return selectors.active_items(self.innovation)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "innovation": self.innovation, "items": self.items}

    def get_initial(self):
        initial = {"checked_on": timezone.localdate()}
        code = self.request.GET.get("practitioner")
        if code and code.isdigit():
            initial["practitioner"] = code
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            check = services.fidelity_check_record(
                innovation=self.innovation,
                actor=self.request.user,
                practitioner=data["practitioner"],
                checked_on=data["checked_on"],
                assessor=data["assessor"],
                notes=data["notes"],
                results=form.results(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        verdict = "meets fidelity" if check.meets_fidelity else "is below the threshold"
        score = floatformat(check.score_percent, -1)
        messages.success(self.request, f"Check recorded: {check.practitioner} {verdict} ({score}%).")
        return redirect("innovations:check_detail", area_slug=self.area.slug, pk=self.innovation.pk, check_pk=check.pk)


class CheckDetailView(InnovationMixin, DetailView):
    template_name = "innovations/check_detail.html"
    context_object_name = "check"
    page = "fidelity"

    def get_object(self, queryset=None):
        return get_object_or_404(
            FidelityCheck.objects.select_related("practitioner", "recorded_by"),
            pk=self.kwargs["check_pk"],
            area=self.area,
            innovation=self.innovation,
        )

    def get_context_data(self, **kwargs):
        results = list(self.object.results.select_related("item__function"))
        return super().get_context_data(results=results, **kwargs)


# --- Figures per quarter -------------------------------------------------------------------------


class QuarterFormMixin(InnovationMixin):
    permission = Permission.WRITE
    form_class = QuarterlyFiguresForm
    template_name = "innovations/quarter_form.html"
    page = "fidelity"
    record = None

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.quarterly_figures_save(
                innovation=self.innovation,
                actor=self.request.user,
                quarter=data["quarter"],
                intended=data["practitioners_intended"],
                trained=data["practitioners_trained"],
                notes=data["notes"],
                figures=self.record,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Figures for {data['quarter']} saved.")
        return redirect("innovations:fidelity", area_slug=self.area.slug, pk=self.innovation.pk)


class QuarterCreateView(QuarterFormMixin, FormView):
    def get_initial(self):
        return {"quarter": Quarter.of(timezone.localdate()).label}


class QuarterUpdateView(QuarterFormMixin, FormView):
    @cached_property
    def record(self):
        return get_object_or_404(
            QuarterlyFigures, pk=self.kwargs["figures_pk"], area=self.area, innovation=self.innovation
        )

    def get_initial(self):
        return {
            "quarter": Quarter.of(self.record.quarter_start).label,
            "practitioners_intended": self.record.practitioners_intended,
            "practitioners_trained": self.record.practitioners_trained,
            "notes": self.record.notes,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, **kwargs)


# --- Slices of the system ------------------------------------------------------------------------


class SliceListView(InnovationMixin, TemplateView):
    """Scale-up through slices of the system, the first being the transformation zone, with sums."""

    template_name = "innovations/slice_list.html"
    page = "slices"

    def get_context_data(self, **kwargs):
        rows, totals = selectors.slice_rows(self.innovation)
        return super().get_context_data(rows=rows, totals=totals, **kwargs)


class SliceCreateView(InnovationMixin, CreateView):
    permission = Permission.WRITE
    form_class = SliceForm
    template_name = "innovations/slice_form.html"
    page = "slices"

    def get_context_data(self, **kwargs):
        zone = SystemSlice.objects.filter(innovation=self.innovation).first()
        return super().get_context_data(zone=zone, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.slice_save(innovation=self.innovation, actor=self.request.user, data=data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Slice “{data['name']}” recorded.")
        return redirect("innovations:slice_list", area_slug=self.area.slug, pk=self.innovation.pk)


class SliceUpdateView(InnovationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = SliceForm
    template_name = "innovations/slice_form.html"
    page = "slices"

    def get_object(self, queryset=None):
        return get_object_or_404(SystemSlice, pk=self.kwargs["slice_pk"], area=self.area, innovation=self.innovation)

    def get_context_data(self, **kwargs):
        zone = SystemSlice.objects.filter(innovation=self.innovation).first()
        return super().get_context_data(zone=zone, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.slice_save(
                innovation=self.innovation,
                actor=self.request.user,
                data=data,
                system_slice=SystemSlice.objects.get(pk=self.object.pk),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Slice “{data['name']}” saved.")
        return redirect("innovations:slice_list", area_slug=self.area.slug, pk=self.innovation.pk)
