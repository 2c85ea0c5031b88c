"""Fidelity and scale-up: the instrument, practitioners and their checks (and when the next are due),
the dated figures of practitioners intended and trained, the quarters derived from them against the
full-implementation criterion, and the slices of the system."""

from django.contrib import messages
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from charts import ReferenceLine, Series, line_chart
from core.dates import day_label
from core.kept import KeptPageMixin
from core.views import ActionView, FilteredListMixin, RecordFromUrl, form_data, service_kwargs

from .. import selectors, services
from ..fidelity import FULL_IMPLEMENTATION
from ..filter_forms import CheckFilterForm, PractitionerFilterForm
from ..forms import (
    FidelityCheckForm,
    FidelityItemForm,
    PractitionerFiguresForm,
    PractitionerForm,
    SliceForm,
)
from ..models import FidelityCheck, FidelityItem, Practitioner, PractitionerFigures, SystemSlice
from .records import InnovationChangeMixin, InnovationMixin, InnovationPageFormMixin, preselected, with_urls

CHECK_FIELDS = ("practitioner", "checked_on", "assessor", "notes")


def fidelity_chart(innovation, rows):
    """The proportion of intended practitioners at fidelity, quarter by quarter, against 50%."""
    points = [(row.quarter.label, row.percent) for row in rows]
    reached = [row.quarter.label for row in rows if row.full_implementation]
    recorded = [p for p in points if p[1] is not None]
    if not recorded:
        caption = "No quarter has a number of intended practitioners yet, so no proportion can be shown."
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
    """The fidelity instrument, threshold and validity period; intended / trained / at fidelity /
    check overdue per quarter, derived from the dated figures and the checks; the figures as recorded."""

    template_name = "innovations/fidelity.html"
    page = "fidelity"

    def draw(self, can_edit: bool) -> dict:
        """The quarters' figures with their chart, the checks due today, the figures as recorded, the
        latest checks and the instrument: worked out from every check, and rendered."""
        innovation = self.innovation
        rows = selectors.fidelity_by_quarter(innovation)
        due = selectors.checks_due(innovation)
        checks = FidelityCheck.objects.filter(innovation=innovation)
        figures = {
            "chart": fidelity_chart(innovation, rows) if rows else None,
            "overdue_count": sum(1 for row in due if row.due.overdue),
            "due_soon_count": sum(1 for row in due if row.due.due_soon),
        }
        context = {
            **figures,
            "area": self.area,
            "innovation": innovation,
            "page": self.page,
            "can_edit_area": can_edit,
            "rows": list(reversed(rows)),
            "items": with_urls(self, selectors.instrument(innovation), edit_url="item_update"),
            "recent_checks": with_urls(self, checks.select_related("practitioner")[:5], detail_url="check_detail"),
            "checks_count": checks.count(),
            "figure_records": with_urls(self, selectors.figure_records(innovation), edit_url="figures_update"),
            "has_slices": SystemSlice.objects.filter(innovation=innovation).exists(),
        }
        return {
            **figures,
            "html": render_to_string("innovations/_fidelity_body.html", context),
            "instrument_html": render_to_string("innovations/_fidelity_instrument.html", context),
        }

    def get_context_data(self, **kwargs):
        # Once a day, and again whenever the area's records change.
        return super().get_context_data(**self.drawn("fidelity", self.draw), **kwargs)


class InnovationFormMixin(InnovationPageFormMixin):
    """A form on one of the innovation's fidelity or scale-up pages, leading to `success_page`."""

    success_page = "fidelity"
    # The form offers only this innovation's functions, slices or practitioners, so it takes the innovation.
    offers_choices = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.offers_choices:
            kwargs["innovation"] = self.innovation
        return kwargs

    def changing(self):
        """The record this page changes, or None on a page that adds one."""
        record = getattr(self, "object", None)
        return record if record is not None and record.pk else None


# --- The instrument ------------------------------------------------------------------------------


class FidelityItemFormMixin(InnovationFormMixin):
    form_class = FidelityItemForm
    template_name = "innovations/item_form.html"
    page = "fidelity"

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        return services.fidelity_item_save(
            innovation=self.innovation,
            actor=self.request.user,
            data=data,
            item=self.changing(),
            expected_version=form.cleaned_data["version"],
        )


class FidelityItemCreateView(FidelityItemFormMixin, InnovationMixin, CreateView):
    success_message = "Item added to the fidelity instrument."


class FidelityItemUpdateView(FidelityItemFormMixin, InnovationMixin, UpdateView):
    item = RecordFromUrl(FidelityItem, "item_pk", parent="innovation")
    success_message = "Item saved."


class ItemsFromFunctionsView(InnovationChangeMixin, InnovationMixin, ActionView):
    """Build the fidelity instrument from the essential functions: an item for each uncovered one."""

    success_page = "fidelity"

    def perform(self) -> str:
        created = services.fidelity_items_from_functions(innovation=self.innovation, actor=self.request.user)
        if not created:
            messages.info(self.request, "Every essential function already has an item in the instrument.")
            return ""
        return f"{len(created)} item{'s' if len(created) != 1 else ''} added, one per function."


# --- Practitioners and checks --------------------------------------------------------------------


class PractitionerListView(KeptPageMixin, FilteredListMixin, InnovationMixin, ListView):
    """The innovation's practitioners by code, each with their latest check (the page kept until the
    area's records change)."""

    template_name = "innovations/practitioner_list.html"
    context_object_name = "practitioners"
    page = "practitioners"
    filter_form_class = PractitionerFilterForm
    kept_name = "innovations:practitioners"

    def get_filter_form_kwargs(self):
        return {"innovation": self.innovation}

    def unfiltered_rows(self):
        return Practitioner.objects.filter(innovation=self.innovation).order_by("code", "pk")

    def page_rows(self, queryset):
        return selectors.with_latest_check(queryset)  # read for the page's rows only

    def kept_variant(self) -> str:
        return f"{self.innovation.pk}:{int(self.access.can_edit_area(self.area))}"

    def drawn(self, rows, count):
        context = {
            "area": self.area,
            "innovation": self.innovation,
            "can_edit_area": self.access.can_edit_area(self.area),
            "practitioners": with_urls(self, rows, edit_url="practitioner_update"),
            "asked_filters": bool(self.request.GET),  # the empty list says "no match" rather than "none yet"
        }
        return {"rows_html": render_to_string("innovations/_practitioner_rows.html", context)}

    def filter_rows(self, practitioners, filters):
        if code := filters["code"]:
            practitioners = practitioners.filter(code__icontains=code.strip())
        if chosen := filters["slice"]:
            practitioners = practitioners.filter(slice=chosen)
        return practitioners


class PractitionerFormMixin(InnovationFormMixin):
    form_class = PractitionerForm
    template_name = "innovations/practitioner_form.html"
    page = "practitioners"
    success_page = "practitioner_list"
    success_message = "Practitioner {obj} saved."

    def perform(self, form):
        practitioner = self.changing()
        # A new practitioner has not left; the create form has no leaving date.
        return services.practitioner_save(
            innovation=self.innovation,
            actor=self.request.user,
            code=form.cleaned_data["code"],
            system_slice=form.cleaned_data["slice"],
            practitioner=practitioner,
            **form_data(form, ["left_on"] if practitioner else []),
        )


class PractitionerCreateView(PractitionerFormMixin, InnovationMixin, CreateView):
    success_message = "Practitioner {obj} added."


class PractitionerUpdateView(PractitionerFormMixin, InnovationMixin, UpdateView):
    practitioner = RecordFromUrl(Practitioner, "practitioner_pk", parent="innovation")


class CheckListView(KeptPageMixin, FilteredListMixin, InnovationMixin, ListView):
    """The innovation's fidelity checks, newest first (the table kept until the area's records change)."""

    template_name = "innovations/check_list.html"
    context_object_name = "checks"
    page = "fidelity"
    filter_form_class = CheckFilterForm
    filter_lookups = {"start": "checked_on__gte", "end": "checked_on__lte"}
    kept_name = "innovations:checks"

    def kept_variant(self) -> str:
        return f"{self.innovation.pk}:{int(self.access.can_edit_area(self.area))}"

    def drawn(self, rows, count):
        context = {
            "area": self.area,
            "innovation": self.innovation,
            "can_edit_area": self.access.can_edit_area(self.area),
            "checks": with_urls(self, rows, detail_url="check_detail"),
            "count": count,
            "asked_filters": bool(self.request.GET),
        }
        return {"table_html": render_to_string("innovations/_check_table.html", context)}

    def unfiltered_rows(self):
        checks = FidelityCheck.objects.filter(area=self.area, innovation=self.innovation)
        return checks.select_related("practitioner").order_by("-checked_on", "-pk")

    def filter_rows(self, checks, filters):
        checks = super().filter_rows(checks, filters)
        if filters["practitioner"]:
            checks = checks.filter(practitioner__code__icontains=filters["practitioner"].strip())
        if filters["result"]:
            checks = checks.filter(meets_fidelity=filters["result"] == "meets")
        return checks


class CheckCreateView(InnovationFormMixin, InnovationMixin, FormView):
    form_class = FidelityCheckForm
    template_name = "innovations/check_form.html"
    page = "fidelity"

    @cached_property
    def items(self):
        return selectors.active_items(self.innovation)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": self.items}

    def get_initial(self):
        return preselected(self, "practitioner", "practitioner", checked_on=timezone.localdate())

    def perform(self, form):
        return services.fidelity_check_record(
            innovation=self.innovation, results=form.results(), **service_kwargs(self, form, CHECK_FIELDS)
        )

    def get_success_message(self, check) -> str:
        verdict = "meets fidelity" if check.meets_fidelity else "is below the threshold"
        return f"Check recorded: {check.practitioner} {verdict} ({floatformat(check.score_percent, -1)}%)."

    def get_success_url(self):
        kwargs = {"area_slug": self.area.slug, "pk": self.innovation.pk, "check_pk": self.saved.pk}
        return reverse("innovations:check_detail", kwargs=kwargs)


class CheckDetailView(InnovationMixin, DetailView):
    template_name = "innovations/check_detail.html"
    page = "fidelity"
    check = RecordFromUrl(
        FidelityCheck, "check_pk", parent="innovation", select_related=("practitioner", "recorded_by")
    )

    def get_context_data(self, **kwargs):
        results = list(self.check.results.select_related("item__function"))
        return super().get_context_data(results=results, **kwargs)


# --- When checks are due -------------------------------------------------------------------------


class ChecksDueView(InnovationMixin, TemplateView):
    """Each practitioner still using the innovation with their latest check and when the next is due:
    overdue first."""

    template_name = "innovations/checks_due.html"
    page = "fidelity"

    def draw(self, can_edit: bool) -> dict:
        rows = selectors.checks_due(self.innovation)
        counts = {
            "overdue_count": sum(1 for row in rows if row.due.overdue),
            "due_soon_count": sum(1 for row in rows if row.due.due_soon),
        }
        context = {"area": self.area, "innovation": self.innovation, "page": self.page, "can_edit_area": can_edit}
        html = render_to_string("innovations/_checks_due_body.html", {**context, **counts, "due_rows": rows})
        return {**counts, "html": html}

    def get_context_data(self, **kwargs):
        # Once a day (what is overdue changes with the date), and again whenever the area's records change.
        return super().get_context_data(**self.drawn("checks_due", self.draw), **kwargs)


# --- Practitioners intended and trained: dated figures -------------------------------------------


class FiguresFormMixin(InnovationFormMixin):
    form_class = PractitionerFiguresForm
    template_name = "innovations/figures_form.html"
    page = "fidelity"

    def get_success_message(self, obj) -> str:
        return f"Figures saved: they hold from {day_label(obj.effective_on)} until the next change."

    def get_context_data(self, **kwargs):
        has_slices = SystemSlice.objects.filter(innovation=self.innovation).exists()
        return super().get_context_data(has_slices=has_slices, **kwargs)

    def perform(self, form):
        return services.practitioner_figures_save(
            innovation=self.innovation,
            actor=self.request.user,
            data=form_data(form, PractitionerFiguresForm.Meta.fields),
            figures=self.changing(),
            expected_version=form.cleaned_data["version"],
        )


class FiguresCreateView(FiguresFormMixin, InnovationMixin, CreateView):
    def get_initial(self):
        return preselected(self, "slice", "slice", effective_on=timezone.localdate())


class FiguresUpdateView(FiguresFormMixin, InnovationMixin, UpdateView):
    figures = RecordFromUrl(PractitionerFigures, "figures_pk", parent="innovation", select_related=("slice",))


# --- Slices of the system ------------------------------------------------------------------------


class SliceListView(InnovationMixin, TemplateView):
    """Scale-up through slices of the system, the first being the transformation zone, with sums."""

    template_name = "innovations/slice_list.html"
    page = "slices"

    def get_context_data(self, **kwargs):
        rows, totals = selectors.slice_rows(self.innovation)
        return super().get_context_data(rows=rows, totals=totals, **kwargs)


class SliceFormMixin(InnovationFormMixin):
    form_class = SliceForm
    template_name = "innovations/slice_form.html"
    page = "slices"
    success_page = "slice_list"
    offers_choices = False

    def get_context_data(self, **kwargs):
        zone = SystemSlice.objects.filter(innovation=self.innovation).first()
        return super().get_context_data(zone=zone, **kwargs)

    def perform(self, form):
        names = [*SliceForm.Meta.fields, "practitioners_intended", "practitioners_trained"]
        return services.slice_save(
            innovation=self.innovation,
            actor=self.request.user,
            data=form_data(form, names),
            system_slice=self.changing(),
            expected_version=form.cleaned_data["version"],
        )


class SliceCreateView(SliceFormMixin, InnovationMixin, CreateView):
    success_message = "Slice “{obj.name}” recorded."


class SliceUpdateView(SliceFormMixin, InnovationMixin, UpdateView):
    system_slice = RecordFromUrl(SystemSlice, "slice_pk", parent="innovation")
    success_message = "Slice “{obj.name}” saved."
