import csv
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from areas.access import AreaMixin, NationalMixin, Permission
from areas.models import LocalArea
from core.locking import StaleEdit

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

PAGE_SIZE = 25
PREVIEW_ROWS = 200  # rows shown on an upload's preview page; the counts cover every row
STALE_MESSAGE = "Last saved by {who} at {when:%H:%M on %d %b %Y}."


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or at the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _stale(form, instance) -> None:
    latest = instance.history.select_related("history_user").first()
    who = STALE_MESSAGE.format(who=latest.history_user or "the system", when=latest.history_date) if latest else ""
    form.add_stale_error(who)


class MeasureListView(AreaMixin, TemplateView):
    """The area's measures with each one's latest value, direction and signals."""

    template_name = "measures/list.html"

    def get_context_data(self, **kwargs):
        filter_form = MeasureFilterForm(self.request.GET or None)
        measures = selectors.area_measures(self.area)
        wanted_signals = ""
        if filter_form.is_valid():
            if filter_form.cleaned_data["measure_type"]:
                measures = measures.filter(measure_type=filter_form.cleaned_data["measure_type"])
            wanted_signals = filter_form.cleaned_data["signals"]
        found = selectors.summaries(measures)
        if wanted_signals:
            found = [s for s in found if s.has_signal == (wanted_signals == "yes")]
        page = Paginator(found, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter_form=filter_form,
            page_obj=page,
            summaries=page.object_list,
            filtered=bool(self.request.GET.get("measure_type") or wanted_signals),
            total=len(found),
            can_adopt=selectors.shared_measures().exclude(adoptions__area=self.area).exists(),
            **kwargs,
        )


class MeasureCreateView(AreaMixin, FormView):
    permission = Permission.WRITE
    form_class = MeasureForm
    template_name = "measures/measure_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            measure = services.measure_create(area=self.area, actor=self.request.user, data=data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{measure}” added. Enter its data to see the charts.")
        return redirect("measures:data", area_slug=self.area.slug, pk=measure.pk)


class MeasureAdoptView(AreaMixin, FormView):
    """The area takes up one of the programme-wide measures CELCIS defines."""

    permission = Permission.WRITE
    form_class = AdoptForm
    template_name = "measures/adopt.html"

    def available(self):
        return SharedMeasure.objects.exclude(adoptions__area=self.area).order_by("name")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "available": self.available()}

    def form_valid(self, form):
        try:
            measure = services.measure_adopt(area=self.area, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.area} has adopted “{measure}”.")
        return redirect("measures:detail", area_slug=self.area.slug, pk=measure.pk)


class MeasureMixin(AreaMixin):
    """Loads the measure named in the URL from this area only (404 for any other)."""

    @cached_property
    def measure(self) -> Measure:
        measure = get_object_or_404(Measure.objects.select_related("shared"), pk=self.kwargs["pk"], area=self.area)
        measure.area = self.area  # already loaded and checked: saves a query
        return measure

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.measure, **kwargs)


class MeasureDetailView(MeasureMixin, TemplateView):
    """The measure's run chart and XmR chart, with every signal explained in words."""

    template_name = "measures/detail.html"

    def get_context_data(self, **kwargs):
        charts, annotations = selectors.charts_for(self.measure)
        baseline_changes = self.measure.baseline_changes.select_related("changed_by")[:5]
        return super().get_context_data(
            charts=charts, annotations=annotations, baseline_changes=baseline_changes, **kwargs
        )


class MeasureUpdateView(MeasureMixin, UpdateView):
    """Edit an area's own measure, or an adopted measure's target; clashing edits are caught."""

    permission = Permission.WRITE
    template_name = "measures/measure_form.html"

    def get_object(self, queryset=None):
        return self.measure

    def get_form_class(self):
        return AdoptedMeasureForm if self.measure.is_adopted else MeasureForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not self.measure.is_adopted:
            kwargs["value_count"] = MeasureValue.objects.filter(measure=self.measure).count()
        return kwargs

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        try:
            services.measure_update(
                measure=Measure.objects.select_related("area").get(pk=self.measure.pk),
                actor=self.request.user,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            _stale(form, self.measure)
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{form.cleaned_data.get('name') or self.measure.name}” saved.")
        return redirect("measures:detail", area_slug=self.area.slug, pk=self.measure.pk)


class MeasureBaselineView(MeasureMixin, FormView):
    """Fix, move or release the baseline: an explicit change with a reason, kept on record."""

    permission = Permission.WRITE
    form_class = BaselineForm
    template_name = "measures/baseline_form.html"

    def get_initial(self):
        return {"baseline_points": self.measure.baseline_points}

    def get_context_data(self, **kwargs):
        points = MeasureValue.objects.filter(measure=self.measure).count()
        changes = self.measure.baseline_changes.select_related("changed_by")
        return super().get_context_data(recorded_points=points, baseline_changes=changes, **kwargs)

    def form_valid(self, form):
        try:
            services.measure_baseline_change(measure=self.measure, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Baseline changed and recorded. The charts now use it.")
        return redirect("measures:detail", area_slug=self.area.slug, pk=self.measure.pk)


class MeasureDataView(MeasureMixin, FormView):
    """Enter or correct a financial year of values at once: one row per period."""

    permission = Permission.WRITE
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

    def form_valid(self, form):
        try:
            saved = services.measure_values_save(
                measure=self.measure,
                actor=self.request.user,
                entries=form.entries(),
                expected_data_version=form.cleaned_data["data_version"],
            )
        except StaleEdit:
            form.add_error(
                None,
                "Someone else saved data for this measure after you opened this page, so your changes were not "
                "saved. Your figures are still in the form: check them against the charts (open them in a new "
                "tab), then save again.",
            )
            form.refresh_data_version(Measure.objects.values_list("data_version", flat=True).get(pk=self.measure.pk))
            return self.form_invalid(form)
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                for problem in problems:
                    try:
                        form.add_row_error(date.fromisoformat(key), problem)
                    except ValueError:
                        form.add_error(None, problem)
            return self.form_invalid(form)
        label = periods.financial_year_label(self.year)
        if saved.changed:
            messages.success(
                self.request,
                f"{label} saved: {saved.created} added, {saved.updated} changed, {saved.deleted} removed.",
            )
        else:
            messages.info(self.request, f"Nothing had changed in {label}, so nothing was saved.")
        return redirect("measures:detail", area_slug=self.area.slug, pk=self.measure.pk)


class MeasureHistoryView(MeasureMixin, TemplateView):
    """Who changed the measure, its baseline and its values, and when."""

    template_name = "measures/history.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.measure_history(self.measure), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, **kwargs)


def _csv_cell(text) -> str:
    """Stop a spreadsheet from reading a note as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class MeasureExportView(MeasureMixin, View):
    """The measure's values as CSV, in the same columns the upload reads."""

    def get(self, request, *args, **kwargs):
        measure = self.measure
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}-{self.area.slug}.csv"'
        writer = csv.writer(response)
        writer.writerow(csv_import.COLUMNS)
        rows = MeasureValue.objects.filter(measure=measure).order_by("period_start")
        for value in rows.values_list("period_start", "value", "numerator", "denominator", "note"):
            period, figure, numerator, denominator, note = value
            writer.writerow(
                [
                    _csv_cell(measure.name),
                    period.isoformat(),
                    "" if measure.is_proportion else format(figure.normalize(), "f"),
                    "" if numerator is None else numerator,
                    "" if denominator is None else denominator,
                    _csv_cell(note),
                ]
            )
        return response


# --- CSV upload -------------------------------------------------------------------------------


class UploadView(AreaMixin, FormView):
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

    def form_valid(self, form):
        try:
            upload = services.data_upload_create(
                area=self.area,
                actor=self.request.user,
                file=form.cleaned_data["file"],
                measure=form.cleaned_data["measure"],
            )
        except csv_import.FileProblem as problem:
            form.add_error("file", str(problem))
            return self.form_invalid(form)
        return redirect("measures:upload_detail", area_slug=self.area.slug, pk=upload.pk)


class UploadDetailView(AreaMixin, TemplateView):
    """Preview an upload row by row; Save writes every row, or none if any is wrong."""

    permission = Permission.WRITE
    template_name = "measures/upload_detail.html"

    @cached_property
    def upload(self) -> DataUpload:
        return get_object_or_404(
            DataUpload.objects.select_related("uploaded_by", "measure"), pk=self.kwargs["pk"], area=self.area
        )

    def get_context_data(self, check=None, **kwargs):
        upload = self.upload
        if check is None and upload.status == UploadStatus.CHECKED:
            check = services.data_upload_check(upload)
        shown = []
        if check is not None:
            shown = check.error_rows if check.error_rows else check.rows
        return super().get_context_data(
            upload=upload,
            check=check,
            shown_rows=shown[:PREVIEW_ROWS],
            hidden_rows=max(0, len(shown) - PREVIEW_ROWS),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            count = services.data_upload_save(upload=self.upload, actor=request.user)
        except services.UploadNotValid as invalid:
            messages.error(
                request, "Some rows now have errors, so nothing was saved. Correct the file and upload it again."
            )
            return self.render_to_response(self.get_context_data(check=invalid.check))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("measures:upload_detail", area_slug=self.area.slug, pk=self.upload.pk)
        messages.success(request, f"{count} row{'s' if count != 1 else ''} from {self.upload.file_name} saved.")
        if self.upload.measure_id:
            return redirect("measures:detail", area_slug=self.area.slug, pk=self.upload.measure_id)
        return redirect("measures:list", area_slug=self.area.slug)


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
        comparison, chart = [], None
        if selected is not None:
            areas = LocalArea.objects.in_programme().order_by("name")
            comparison, chart = selectors.national_comparison(selected, areas)
        return super().get_context_data(
            shared_measures=shared, form=form, selected=selected, comparison=comparison, chart=chart, **kwargs
        )


class SharedMeasureCreateView(NationalMixin, FormView):
    write = True
    form_class = SharedMeasureForm
    template_name = "measures/shared_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            shared = services.shared_measure_save(actor=self.request.user, data=data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{shared}” added. Areas can now adopt it.")
        return redirect(reverse("measures:national") + f"?measure={shared.pk}")


class SharedMeasureUpdateView(NationalMixin, UpdateView):
    """CELCIS edits a programme-wide definition; every adoption takes the new wording."""

    write = True
    form_class = SharedMeasureForm
    template_name = "measures/shared_form.html"
    model = SharedMeasure

    def get_form_kwargs(self):
        count = MeasureValue.objects.filter(measure__shared=self.object).count()
        return {**super().get_form_kwargs(), "value_count": count}

    def get_context_data(self, **kwargs):
        return super().get_context_data(adoptions=self.object.adoptions.select_related("area"), **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in DEFINITION_FIELDS}
        try:
            services.shared_measure_save(
                actor=self.request.user,
                data=data,
                shared=SharedMeasure.objects.get(pk=self.object.pk),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            _stale(form, self.object)
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{form.cleaned_data['name']}” saved for every area that adopted it.")
        return redirect(reverse("measures:national") + f"?measure={self.object.pk}")
