"""Pages for an area's measures (list, charts, definition, baseline, data entry, history, CSV upload)
and the national comparison of programme-wide measures.

Every area page resolves the area through the access policy and loads the measure from that area only,
so another area's id answers 404. Writes validate the form, call one service, and redirect with a message.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from areas.access import AreaMixin, NationalMixin, Permission
from areas.models import LocalArea
from core import freshness
from core.views import (
    ActionView,
    AreaListView,
    AreaRecordMixin,
    RecordFromUrl,
    ServiceFormMixin,
    form_data,
)

from . import csv_import, periods, selectors, services
from .forms import (
    AdoptedMeasureForm,
    AdoptForm,
    BaselineForm,
    MeasureFilterForm,
    MeasureForm,
    NationalMeasureForm,
    SharedMeasureForm,
    UploadForm,
    ValueGridForm,
)
from .models import DEFINITION_FIELDS, DataUpload, Measure, MeasureValue, SharedMeasure, UploadStatus

PREVIEW_ROWS = 200  # rows shown on an upload's preview page; the counts cover every row


class MeasureRecordMixin(AreaRecordMixin):
    """For pages under /areas/<slug>/measures/<pk>/: `self.measure`, from this area only."""

    measure = RecordFromUrl(Measure, select_related=("area", "shared"))

    def get_success_url(self):
        return reverse("measures:detail", kwargs={"area_slug": self.area.slug, "pk": self.measure.pk})


class MeasureFormMixin(ServiceFormMixin, MeasureRecordMixin):
    """A form page that changes the measure, then shows its charts."""

    permission = Permission.WRITE


class MeasureListView(AreaListView):
    """The area's measures with each one's latest value, direction and signals."""

    template_name = "measures/list.html"
    context_object_name = "summaries"
    filter_form_class = MeasureFilterForm
    area_rows = staticmethod(selectors.area_measures)

    def filter_rows(self, rows, filters):
        return rows.filter(measure_type=filters["measure_type"]) if filters["measure_type"] else rows

    def get_queryset(self):
        found = selectors.glances(super().get_queryset())
        # Signals come from each measure's values, so that filter narrows the summaries.
        wanted = self.filter_form.cleaned_data["signals"] if self.filter_form.is_valid() else ""
        return [summary for summary in found if summary.has_signal == (wanted == "yes")] if wanted else found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            total=context["paginator"].count,
            can_adopt=selectors.shared_measures().exclude(adoptions__area=self.area).exists(),
        )
        return context


class MeasureCreateView(ServiceFormMixin, AreaMixin, FormView):
    """Add one of the area's own measures; its data comes next."""

    permission = Permission.WRITE
    form_class = MeasureForm
    template_name = "measures/measure_form.html"

    def perform(self, form):
        return services.measure_create(area=self.area, actor=self.request.user, data=form_data(form, form.Meta.fields))

    def get_success_message(self, measure):
        return f"“{measure}” added. Enter its data to see the charts."

    def get_success_url(self):
        return reverse("measures:data", kwargs={"area_slug": self.area.slug, "pk": self.saved.pk})


class MeasureAdoptView(ServiceFormMixin, AreaMixin, FormView):
    """The area takes up one of the programme-wide measures CELCIS defines."""

    permission = Permission.WRITE
    form_class = AdoptForm
    template_name = "measures/adopt.html"

    def get_form_kwargs(self):
        available = SharedMeasure.objects.exclude(adoptions__area=self.area).order_by("name")
        return {**super().get_form_kwargs(), "available": available}

    def perform(self, form):
        return services.measure_adopt(area=self.area, actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, measure):
        return f"{self.area} has adopted “{measure}”."

    def get_success_url(self):
        return reverse("measures:detail", kwargs={"area_slug": self.area.slug, "pk": self.saved.pk})


class MeasureDetailView(MeasureRecordMixin, TemplateView):
    """The measure's run chart and XmR chart, with every signal explained in words."""

    template_name = "measures/detail.html"

    def get_context_data(self, **kwargs):
        charts, annotations = selectors.charts_for(self.measure)
        baseline_changes = self.measure.baseline_changes.select_related("changed_by")[:5]
        return super().get_context_data(
            charts=charts, annotations=annotations, baseline_changes=baseline_changes, **kwargs
        )


class MeasureUpdateView(MeasureFormMixin, UpdateView):
    """Edit an area's own measure, or an adopted measure's target; clashing edits are caught."""

    template_name = "measures/measure_form.html"

    def get_form_class(self):
        return AdoptedMeasureForm if self.measure.is_adopted else MeasureForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not self.measure.is_adopted:
            kwargs["value_count"] = MeasureValue.objects.filter(measure=self.measure).count()
        return kwargs

    def perform(self, form):
        return services.measure_update(
            # The form has written the typed values onto self.measure: the service starts from the stored one.
            measure=Measure.objects.select_related("area").get(pk=self.measure.pk),
            actor=self.request.user,
            data={name: form.cleaned_data[name] for name in form.fields if name != "version"},
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self, measure):
        return f"“{measure.name}” saved."


class MeasureBaselineView(MeasureFormMixin, FormView):
    """Fix, move or release the baseline: an explicit change with a reason, kept on record."""

    form_class = BaselineForm
    template_name = "measures/baseline_form.html"
    success_message = "Baseline changed and recorded. The charts now use it."

    def get_initial(self):
        return {"baseline_points": self.measure.baseline_points}

    def get_context_data(self, **kwargs):
        points = MeasureValue.objects.filter(measure=self.measure).count()
        changes = self.measure.baseline_changes.select_related("changed_by")
        return super().get_context_data(recorded_points=points, baseline_changes=changes, **kwargs)

    def perform(self, form):
        return services.measure_baseline_change(measure=self.measure, actor=self.request.user, **form.cleaned_data)


class MeasureDataView(MeasureFormMixin, FormView):
    """Enter or correct a financial year of values at once: one row per period."""

    form_class = ValueGridForm
    template_name = "measures/data_grid.html"

    @cached_property
    def this_year(self) -> int:
        return periods.financial_year(timezone.localdate())

    @cached_property
    def year(self) -> int:
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            return self.this_year
        return min(max(year, periods.EARLIEST.year), self.this_year)

    def get_form_kwargs(self):
        rows = selectors.grid_rows(self.measure, self.year)
        return {**super().get_form_kwargs(), "measure": self.measure, "rows": rows}

    def get_context_data(self, **kwargs):
        years = selectors.recorded_years(self.measure)
        if self.year not in years:
            years = sorted({*years, self.year})
        return super().get_context_data(
            year=self.year,
            year_label=periods.financial_year_label(self.year),
            years=[{"year": y, "label": periods.financial_year_label(y)} for y in years],
            earlier_year={"year": years[0] - 1, "label": periods.financial_year_label(years[0] - 1)}
            if years[0] > periods.EARLIEST.year
            else None,
            **kwargs,
        )

    def perform(self, form):
        try:
            saved = services.measure_values_save(
                measure=self.measure,
                actor=self.request.user,
                entries=form.entries(),
                expected_data_version=form.cleaned_data["data_version"],
            )
        except ValidationError as error:
            raise form.row_errors(error) from None
        if not saved.changed:
            messages.info(self.request, f"Nothing had changed in {self.year_label}, so nothing was saved.")
        return saved

    @property
    def year_label(self) -> str:
        return periods.financial_year_label(self.year)

    def get_success_message(self, saved):
        if not saved.changed:
            return ""
        return f"{self.year_label} saved: {saved.created} added, {saved.updated} changed, {saved.deleted} removed."


class MeasureHistoryView(MeasureRecordMixin, TemplateView):
    """Who changed the measure, its baseline and its values, and when."""

    template_name = "measures/history.html"

    def get_context_data(self, **kwargs):
        page, entries = selectors.measure_history(self.measure, self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=entries, **kwargs)


class MeasureExportView(MeasureRecordMixin, View):
    """The measure's values as CSV, in the same columns the upload reads."""

    def get(self, request, *args, **kwargs):
        measure = self.measure
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}-{self.area.slug}.csv"'
        writer = csv.writer(response)
        writer.writerow(csv_import.COLUMNS)
        rows = MeasureValue.objects.filter(measure=measure).order_by("period_start")
        values = rows.values_list("period_start", "value", "numerator", "denominator", "note")
        writer.writerows(csv_import.export_rows(measure, values))
        return response


# --- CSV upload -------------------------------------------------------------------------------


class UploadView(ServiceFormMixin, AreaMixin, FormView):
    """Upload a CSV file of many periods or measures; the next page previews it, row by row."""

    permission = Permission.WRITE
    template_name = "measures/upload_form.html"

    def get_form(self, form_class=None):
        return UploadForm(**self.get_form_kwargs(), area=self.area)

    def get_initial(self):
        return {"measure": self.request.GET.get("measure")}

    def get_context_data(self, **kwargs):
        measures = selectors.area_measures(self.area)
        return super().get_context_data(
            measures=measures, uploads=selectors.recent_uploads(self.area), columns=csv_import.COLUMNS, **kwargs
        )

    def perform(self, form):
        try:
            return services.data_upload_create(
                area=self.area,
                actor=self.request.user,
                file=form.cleaned_data["file"],
                measure=form.cleaned_data["measure"],
            )
        except csv_import.FileProblem as problem:
            raise ValidationError({"file": str(problem)}) from None

    def get_success_url(self):
        return reverse("measures:upload_detail", kwargs={"area_slug": self.area.slug, "pk": self.saved.pk})


class RowsNowInvalid(Exception):
    """Rows that were valid at the preview no longer are: the preview shows them again."""

    def __init__(self, check):
        super().__init__("Some rows now have errors.")
        self.check = check


class UploadDetailView(AreaRecordMixin, ActionView):
    """Preview an upload row by row; Save writes every row, or none if any is wrong."""

    # Only those who may save it see the preview (AreaMixin's READ would otherwise shadow ActionView's WRITE).
    permission = Permission.WRITE
    confirm_template = "measures/upload_detail.html"
    upload = RecordFromUrl(DataUpload, select_related=("area", "uploaded_by", "measure"))

    def get_context_data(self, check=None, **kwargs):
        upload = self.upload
        if check is None and upload.status == UploadStatus.CHECKED:
            check = services.data_upload_check(upload)
        shown, errors_title = [], ""
        if check is not None:
            shown = check.error_rows if check.error_rows else check.rows
            bad, total = len(check.error_rows), len(check.rows)
            errors_title = f"{bad} of {total} row{'s' if total != 1 else ''} {'has' if bad == 1 else 'have'} errors"
        return super().get_context_data(
            check=check,
            errors_title=errors_title,
            shown_rows=shown[:PREVIEW_ROWS],
            hidden_rows=max(0, len(shown) - PREVIEW_ROWS),
            **kwargs,
        )

    def perform(self) -> str:
        try:
            count = services.data_upload_save(upload=self.upload, actor=self.request.user)
        except services.UploadNotValid as invalid:
            raise RowsNowInvalid(invalid.check) from None
        return f"{count} row{'s' if count != 1 else ''} from {self.upload.file_name} saved."

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except RowsNowInvalid as invalid:
            # Unlike other actions, the preview comes back: it shows which rows are now wrong.
            messages.error(
                request, "Some rows now have errors, so nothing was saved. Correct the file and upload it again."
            )
            return self.render_to_response(self.get_context_data(check=invalid.check))

    def get_success_url(self):
        if self.upload.measure_id:
            return reverse("measures:detail", kwargs={"area_slug": self.area.slug, "pk": self.upload.measure_id})
        return reverse("measures:list", kwargs={"area_slug": self.area.slug})


# --- National ---------------------------------------------------------------------------------


class NationalMeasuresView(NationalMixin, TemplateView):
    """A programme-wide measure compared across the programme areas, and the list of definitions."""

    template_name = "measures/national.html"

    def get_context_data(self, **kwargs):
        shared = list(selectors.shared_measures())
        form = NationalMeasureForm(self.request.GET or None, queryset=SharedMeasure.objects.order_by("name", "pk"))
        selected = form.cleaned_data["measure"] if form.is_valid() else (shared[0] if shared else None)
        if selected is not None and not form.is_bound:
            form = NationalMeasureForm(initial={"measure": selected.pk}, queryset=form.fields["measure"].queryset)
        comparison_html = ""
        if selected is not None:
            comparison_html = mark_safe(self.comparison(selected))  # noqa: S308 -- rendered by our template
        return super().get_context_data(
            shared_measures=shared, form=form, selected=selected, comparison_html=comparison_html, **kwargs
        )

    @staticmethod
    def comparison(selected) -> str:
        """The measure in every programme area with its chart, drawn once per measure and day until a
        record of any programme area (or of the programme) changes."""
        areas = LocalArea.objects.in_programme().order_by("name")

        def draw() -> str:
            comparison, chart = selectors.national_comparison(selected, areas)
            context = {"selected": selected, "comparison": comparison, "chart": chart}
            return render_to_string("measures/_national_comparison.html", context)

        key = f"measures:national:{selected.pk}:{timezone.localdate().isoformat()}"
        return freshness.cached(key, [area.pk for area in areas], draw)


class SharedMeasureFormMixin(ServiceFormMixin, NationalMixin):
    """CELCIS writes a programme-wide definition; then the national comparison shows it."""

    write = True
    form_class = SharedMeasureForm
    template_name = "measures/shared_form.html"

    def get_success_url(self):
        return reverse("measures:national") + f"?measure={self.saved.pk}"


class SharedMeasureCreateView(SharedMeasureFormMixin, FormView):
    def perform(self, form):
        return services.shared_measure_save(actor=self.request.user, data=form_data(form, DEFINITION_FIELDS))

    def get_success_message(self, shared):
        return f"“{shared}” added. Areas can now adopt it."


class SharedMeasureUpdateView(SharedMeasureFormMixin, UpdateView):
    """CELCIS edits a programme-wide definition; every adoption takes the new wording."""

    model = SharedMeasure

    def get_form_kwargs(self):
        count = MeasureValue.objects.filter(measure__shared=self.object).count()
        return {**super().get_form_kwargs(), "value_count": count}

    def get_context_data(self, **kwargs):
        return super().get_context_data(adoptions=self.object.adoptions.select_related("area"), **kwargs)

    def perform(self, form):
        return services.shared_measure_save(
            actor=self.request.user,
            data=form_data(form, DEFINITION_FIELDS),
            # The form has written the typed values onto self.object: the service starts from the stored one.
            shared=SharedMeasure.objects.get(pk=self.object.pk),
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self, shared):
        return f"“{shared.name}” saved for every area that adopted it."
