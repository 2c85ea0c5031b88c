"""Pages for quarterly returns (an area's), the CELCIS review (national) and report runs."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView

from areas.access import AreaMixin, NationalMixin, Permission, access_for
from areas.history import history_entries
from areas.models import LocalArea, Role
from core.locking import StaleEdit
from core.quarters import Quarter, parse_slug, quarter_slug, quarters_between

from . import selectors, services
from .builder import body_of
from .forms import AcceptForm, NarrativeForm, ReasonForm, ReviewFilterForm, RunRequestForm, SendBackForm
from .models import FILE_TYPES, FileKind, QuarterlyReturn, ReportFile, ReportRun, ReportScope, ReturnStatus, RunStatus
from .snapshot import build_snapshot, figures_date

PAGE_SIZE = 25


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- An area's returns ------------------------------------------------------------------------------------


class ReturnListView(AreaMixin, TemplateView):
    """The area's returns, newest first. The current quarter's return opens on the first visit."""

    template_name = "reports/return_list.html"

    def get_context_data(self, **kwargs):
        current = Quarter.of(timezone.localdate())
        if self.area.in_programme:
            services.return_open(area=self.area, quarter=current, actor=self.request.user)
        paginator = Paginator(selectors.returns_for_area(self.area), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        today = timezone.localdate()
        for quarterly_return in page:
            quarterly_return.area = self.area
            quarterly_return.is_overdue = quarterly_return.is_editable and today > quarterly_return.due_on
        return super().get_context_data(page_obj=page, returns=page.object_list, current=current, **kwargs)


class ReturnMixin(AreaMixin):
    """Loads the return named by the quarter in the URL, from this area only (404 otherwise)."""

    @cached_property
    def quarterly_return(self) -> QuarterlyReturn:
        try:
            quarter = parse_slug(self.kwargs["quarter"])
        except ValueError:
            raise Http404("No such quarter") from None
        quarterly_return = get_object_or_404(
            QuarterlyReturn.objects.select_related("submitted_by", "reviewed_by", "updated_by"),
            area=self.area,
            quarter_start=quarter.start,
        )
        quarterly_return.area = self.area
        return quarterly_return

    def get_context_data(self, **kwargs):
        r = self.quarterly_return
        return super().get_context_data(
            quarterly_return=r,
            is_lead=self.access.area_role(self.area) == Role.AREA_LEAD,
            is_celcis=self.access.is_celcis,
            **kwargs,
        )


class ReturnDetailView(ReturnMixin, TemplateView):
    template_name = "reports/return_detail.html"

    def get_context_data(self, **kwargs):
        r = self.quarterly_return
        frozen = r.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED) and r.snapshot
        snapshot = r.snapshot if frozen else build_snapshot(self.area, r.quarter)
        history = history_entries(r.history.all(), describe=lambda record: "Return")
        return super().get_context_data(
            snapshot=snapshot,
            frozen=frozen,
            figures_date=figures_date(r.quarter),
            on_time=bool(r.first_submitted_at and timezone.localdate(r.first_submitted_at) <= r.due_on),
            sections=selectors.narrative_sections(r),
            events=selectors.return_events(r),
            history=history,
            **kwargs,
        )


class ReturnEditView(ReturnMixin, FormView):
    """Write the narrative; every save keeps a draft, and two people's saves never overwrite each other."""

    permission = Permission.WRITE
    template_name = "reports/return_edit.html"
    form_class = NarrativeForm

    def get(self, request, *args, **kwargs):
        if not self.quarterly_return.is_editable:
            messages.info(request, "This return cannot be changed now: " + self._locked_reason())
            return redirect(self.quarterly_return.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.quarterly_return.is_editable:
            if self.saving_as_you_go:
                message = "Not saved: " + self._locked_reason()
                return JsonResponse({"saved": False, "locked": True, "message": message}, status=409)
            messages.error(request, "Your changes were not saved: " + self._locked_reason())
            return redirect(self.quarterly_return.get_absolute_url())
        return super().post(request, *args, **kwargs)

    @cached_property
    def saving_as_you_go(self) -> bool:
        """static/js/autosave.js posts the form in the background as people type and wants JSON back."""
        return self.request.headers.get("X-Requested-With") == "fetch"

    def form_invalid(self, form):
        if self.saving_as_you_go:
            first = next(iter(e for errors in form.errors.values() for e in errors), "")
            return JsonResponse({"saved": False, "message": f"Not saved. {first}"}, status=400)
        return super().form_invalid(form)

    def _locked_reason(self) -> str:
        if self.quarterly_return.status == ReturnStatus.SUBMITTED:
            return "it has been submitted and is with CELCIS."
        return "it has been accepted. CELCIS can reopen it if it needs to change."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.quarterly_return}

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=selectors.narrative_sections(self.quarterly_return), **kwargs)

    def form_valid(self, form):
        try:
            services.return_save_narrative(
                quarterly_return=self.quarterly_return,
                actor=self.request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or self.quarterly_return.version,
            )
        except StaleEdit:
            if self.saving_as_you_go:
                current = QuarterlyReturn.objects.get(pk=self.quarterly_return.pk)
                message = (
                    "Not saved: someone else saved this narrative after you opened it. Your words are still on "
                    "this page. Open the saved narrative in a new tab to compare, then choose Save draft to keep yours."
                )
                return JsonResponse(
                    {"saved": False, "clash": True, "message": message, "version": current.version}, status=409
                )
            form.add_stale_error()
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        saved = f"Draft saved at {timezone.localtime():%H:%M}."
        if self.saving_as_you_go:
            return JsonResponse({"saved": True, "version": self.quarterly_return.version, "message": saved})
        messages.success(self.request, saved)
        return redirect("reports:return_edit", area_slug=self.area.slug, quarter=self.quarterly_return.slug)


class ReturnSubmitView(ReturnMixin, TemplateView):
    """The area lead submits the return (a confirmation page, then the POST)."""

    permission = Permission.WRITE
    template_name = "reports/return_submit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        area = get_object_or_404(LocalArea, slug=kwargs["area_slug"])
        if self.access.can_see_area(area) and self.access.area_role(area) != Role.AREA_LEAD:
            raise PermissionDenied  # only the area's own lead submits; CELCIS reviews
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.return_submit(quarterly_return=self.quarterly_return, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.quarterly_return.get_absolute_url())
        messages.success(request, "Return submitted to CELCIS. Its figures are now frozen as they stand today.")
        return redirect(self.quarterly_return.get_absolute_url())


class ReturnReviewView(ReturnMixin, TemplateView):
    """CELCIS accepts a submitted return, or returns it with comments."""

    permission = Permission.CELCIS
    template_name = "reports/return_review.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("accept_form", AcceptForm())
        kwargs.setdefault("send_back_form", SendBackForm())
        return super().get_context_data(sections=selectors.narrative_sections(self.quarterly_return), **kwargs)

    def post(self, request, *args, **kwargs):
        r = self.quarterly_return
        try:
            if request.POST.get("decision") == "accept":
                form = AcceptForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(accept_form=form))
                services.return_accept(quarterly_return=r, actor=request.user, note=form.cleaned_data["note"])
                messages.success(request, f"{r.area}'s return for {r.quarter} accepted. It is now locked.")
            else:
                form = SendBackForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(send_back_form=form))
                services.return_send_back(
                    quarterly_return=r,
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                    section_comments=form.section_comments(),
                )
                messages.success(request, f"{r.area}'s return for {r.quarter} returned with your comments.")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(r.get_absolute_url())


class ReturnReopenView(ReturnMixin, FormView):
    permission = Permission.CELCIS
    template_name = "reports/return_reopen.html"
    form_class = ReasonForm

    def form_valid(self, form):
        try:
            services.return_reopen(
                quarterly_return=self.quarterly_return, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Return reopened and handed back to the area with your reason.")
        return redirect(self.quarterly_return.get_absolute_url())


# --- The CELCIS review ---------------------------------------------------------------------------------------

COMPLETENESS_QUARTERS = 8


class ReviewView(NationalMixin, TemplateView):
    """Every programme area's return and position for a chosen quarter, with completeness over time."""

    template_name = "reports/review.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        default = Quarter.of(today).previous()
        form = ReviewFilterForm(self.request.GET or None, initial={"quarter": quarter_slug(default)})
        quarter, status, sort = default, "", "area"
        if form.is_valid():
            if form.cleaned_data["quarter"]:
                quarter = parse_slug(form.cleaned_data["quarter"])
            status = form.cleaned_data["status"]
            sort = form.cleaned_data["sort"] or "area"
        areas = LocalArea.objects.in_programme().order_by("name")
        rows = selectors.review_rows(quarter, areas, today=today)
        shown = [row for row in rows if not status or row.status == status]
        shown = selectors.sort_rows(shown, sort)
        first = Quarter.of(today)
        for _ in range(COMPLETENESS_QUARTERS - 1):
            first = first.previous()
        history = list(reversed(selectors.completeness(quarters_between(first, Quarter.of(today)), len(rows))))
        return super().get_context_data(
            form=form,
            quarter=quarter,
            quarter_slug=quarter_slug(quarter),
            rows=shown,
            total=len(rows),
            completeness=history,
            sort=sort,
            **kwargs,
        )


# --- Report runs ---------------------------------------------------------------------------------------------


class ReportsAccessMixin(LoginRequiredMixin):
    """The reports pages: CELCIS, national viewers and area leads; 404 for everyone else."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        if not selectors.can_see_reports(self.access):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def can_request_any(self) -> bool:
        return self.access.is_celcis or any(self.access.can_lead_area(a) for a in self.access.own_areas)


class RunListView(ReportsAccessMixin, TemplateView):
    template_name = "reports/run_list.html"

    def get_context_data(self, **kwargs):
        runs = selectors.visible_runs(self.access).order_by("-quarter_start", "scope", "area__name", "-number")
        page = Paginator(runs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, runs=page.object_list, can_request=self.can_request_any(), **kwargs
        )


class RunCreateView(ReportsAccessMixin, FormView):
    template_name = "reports/run_form.html"
    form_class = RunRequestForm

    def get(self, request, *args, **kwargs):
        if not self.can_request_any():
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_request_any():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        if self.access.is_celcis:
            areas = LocalArea.objects.in_programme().order_by("name")
        else:
            led = [a.pk for a in self.access.own_areas if self.access.can_lead_area(a)]
            areas = LocalArea.objects.filter(pk__in=led).order_by("name")
        return {**super().get_form_kwargs(), "areas": areas, "national_allowed": self.access.is_celcis}

    def get_initial(self):
        return {"quarter": quarter_slug(Quarter.of(timezone.localdate()).previous()), "scope": ReportScope.NATIONAL}

    def form_valid(self, form):
        try:
            run = services.report_run_request(
                actor=self.request.user,
                scope=form.cleaned_data["scope"],
                quarter=parse_slug(form.cleaned_data["quarter"]),
                area=form.cleaned_data["area"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        return _queue_and_redirect(self.request, run)


def _queue_and_redirect(request, run: ReportRun):
    try:
        services.report_run_queue(run)
    except services.QueueUnavailable:
        messages.error(
            request,
            "The report could not be started: the task queue is not answering. Nothing was built; "
            "try again in a few minutes, and tell the portal's administrators if it keeps happening.",
        )
    else:
        messages.success(request, f"{run.title}, version {run.number}, is being built.")
    return redirect(run.get_absolute_url())


class RunMixin(ReportsAccessMixin):
    """Loads the run in the URL if this person may see it: 404 if not (403 for an area report of an
    area they may see but do not lead)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        self.run = get_object_or_404(ReportRun.objects.select_related("area", "requested_by"), pk=kwargs["pk"])
        if not selectors.can_see_run(self.access, self.run):
            if not self.run.is_national and self.access.can_see_area(self.run.area):
                raise PermissionDenied
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def can_rebuild(self) -> bool:
        return services.can_request(self.access, self.run.scope, self.run.area)


class RunDetailView(RunMixin, TemplateView):
    template_name = "reports/run_detail.html"

    def get_context_data(self, **kwargs):
        run = services.report_run_fail_if_lost(self.run)
        files = {f.kind: f for f in ReportFile.objects.filter(run=run)}
        return super().get_context_data(
            run=run,
            files=files,
            pdf=files.get(FileKind.PDF),
            xlsx=files.get(FileKind.XLSX),
            html=files.get(FileKind.HTML),
            can_rebuild=self.can_rebuild(),
            can_publish=self.access.is_celcis and run.is_national and run.status == RunStatus.DONE,
            downloads=selectors.downloads_for(run) if self.access.is_celcis else None,
            history=selectors.run_history(run),
            status_url=reverse("reports:run_status", kwargs={"pk": run.pk}),
            **kwargs,
        )


class RunStatusView(RunMixin, View):
    """The run's state as JSON, for the run page to poll while it works."""

    def get(self, request, *args, **kwargs):
        run = services.report_run_fail_if_lost(self.run)
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "percent": run.percent_done,
                "parts_done": run.parts_done,
                "parts_total": run.parts_total,
                "finished": run.is_finished,
                "error": run.error,
            }
        )


class RunRetryView(RunMixin, View):
    """Build a failed run again, as a new version."""

    def post(self, request, *args, **kwargs):
        if not self.can_rebuild():
            raise PermissionDenied
        try:
            run = services.report_run_retry(run=self.run, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.run.get_absolute_url())
        return _queue_and_redirect(request, run)


class RunPublishView(RunMixin, TemplateView):
    """CELCIS publishes this version of the national report (a confirmation page, then the POST)."""

    template_name = "reports/run_publish.html"

    def get(self, request, *args, **kwargs):
        if not self.access.is_celcis:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        current = (
            ReportRun.objects.filter(scope=ReportScope.NATIONAL, quarter_start=self.run.quarter_start, published=True)
            .exclude(pk=self.run.pk)
            .first()
        )
        return super().get_context_data(run=self.run, current=current, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.access.is_celcis:
            raise PermissionDenied
        try:
            services.report_run_publish(run=self.run, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.run.get_absolute_url())
        messages.success(request, f"Version {self.run.number} published. National viewers can now read it.")
        return redirect(self.run.get_absolute_url())


def _stored_file(run: ReportRun, kind: str) -> ReportFile:
    if run.status != RunStatus.DONE:
        raise Http404("The report has not been built")
    found = ReportFile.objects.filter(run=run, kind=kind).first()
    if found is None:
        raise Http404("No such file")
    return found


class RunReportView(RunMixin, TemplateView):
    """The report as a web page inside the portal (its stored HTML output)."""

    template_name = "reports/run_report.html"

    def get_context_data(self, **kwargs):
        stored = _stored_file(self.run, FileKind.HTML)
        with stored.file.open("rb") as handle:
            document = handle.read().decode()
        services.report_download_record(run=self.run, kind=FileKind.HTML, user=self.request.user)
        # The body was written by our own templates, with every value escaped when it was rendered.
        return super().get_context_data(run=self.run, body=body_of(document), **kwargs)


class RunFileView(RunMixin, View):
    """Download one output, through the access check (never a public media URL); recorded."""

    def get(self, request, *args, **kwargs):
        if kwargs["kind"] not in FileKind.values:
            raise Http404("No such file")
        stored = _stored_file(self.run, kwargs["kind"])
        services.report_download_record(run=self.run, kind=stored.kind, user=request.user)
        response = FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=stored.download_name,
            content_type=FILE_TYPES[stored.kind],
        )
        response["Cache-Control"] = "private, no-store"
        return response
