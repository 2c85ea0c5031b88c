"""Report runs: the list, requesting a build, a run's page and progress, trying a failed build
again, publishing a national report, and reading or downloading its files (always through the
access check, never from a public URL).

Who sees what: CELCIS every run; national viewers published national reports; an area's leads
their area's reports. Runs are not area records (a national report has no area), so they are
fetched by pk and then checked against that rule.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.defaultfilters import date as format_day
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from areas.access import NationalMixin, access_for
from areas.models import LocalArea
from core.quarters import Quarter, parse_slug, quarter_slug
from core.views import PAGE_SIZE, ActionView, RecordFromUrl, ServiceFormMixin

from .. import selectors, services
from ..builder import body_of, draft_key_messages
from ..builder.export import export_rows, render_csv, render_export_xlsx
from ..builder.report import notes
from ..forms import FiguresExportForm, KeyMessagesForm, RunRequestForm
from ..models import FILE_TYPES, DownloadKind, FileKind, KeyMessages, ReportFile, ReportRun, ReportScope, RunStatus
from ..services.runs import key_messages_save


class ReportsAccessMixin(AccessMixin):
    """The reports pages: CELCIS, national viewers, area leads and area viewers; 404 for everyone else.

    `requesting = True` limits the page to people who may build a report (403 for the others).
    """

    requesting = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def check_access(self) -> None:
        if not selectors.can_see_reports(self.access):
            raise Http404("Not found")
        if self.requesting and not self.can_request_any():
            raise PermissionDenied

    def can_request_any(self) -> bool:
        return self.access.is_celcis or any(self.access.can_lead_area(a) for a in self.access.own_areas)


def _queue(request, run: ReportRun) -> str:
    """Send the run to the task queue: the success message, or "" once the person is told why not."""
    try:
        services.report_run_queue(run)
    except services.QueueUnavailable:
        messages.error(
            request,
            "The report could not be started: the task queue is not answering. Nothing was built; "
            "try again in a few minutes, and tell the portal's administrators if it keeps happening.",
        )
        return ""
    run.refresh_from_db(fields=["status"])  # built in-process when no broker is configured
    if run.status == RunStatus.DONE:
        return f"{run.title}, version {run.number}, is ready."
    if run.status == RunStatus.FAILED:
        return ""  # the run page says why, beside "Status: Failed"
    return f"{run.title}, version {run.number}, is being built."


class RunListView(ReportsAccessMixin, ListView):
    template_name = "reports/run_list.html"
    context_object_name = "runs"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.visible_runs(self.access).order_by("-quarter_start", "scope", "area__name", "-number")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_request=self.can_request_any(), **kwargs)


class RunCreateView(ReportsAccessMixin, ServiceFormMixin, FormView):
    template_name = "reports/run_form.html"
    form_class = RunRequestForm
    requesting = True

    def get_form_kwargs(self):
        if self.access.is_celcis:
            areas = LocalArea.objects.in_programme().order_by("name")
        else:
            led = [a.pk for a in self.access.own_areas if self.access.can_lead_area(a)]
            areas = LocalArea.objects.filter(pk__in=led).order_by("name")
        return {**super().get_form_kwargs(), "areas": areas, "national_allowed": self.access.is_celcis}

    def get_initial(self):
        return {"quarter": quarter_slug(Quarter.of(timezone.localdate()).previous()), "scope": ReportScope.NATIONAL}

    def perform(self, form):
        quarter = parse_slug(form.cleaned_data["quarter"])
        if form.cleaned_data["scope"] == ReportScope.NATIONAL and not form.cleaned_data["build_anyway"]:
            missing = selectors.areas_without_accepted_return(quarter)
            if missing:
                unfinished = (
                    f"{quarter} has not ended yet (it ends {format_day(quarter.end)}), so no return for it can be "
                    "submitted before then. "
                    if quarter.end >= timezone.localdate()
                    else ""
                )
                raise ValidationError(
                    {
                        "build_anyway": f"{unfinished}The return for {quarter} is not accepted yet for: "
                        f"{', '.join(missing)}. The report would leave them out. Tick the box to build it anyway, "
                        "or wait for them."
                    }
                )
        run = services.report_run_request(
            actor=self.request.user, scope=form.cleaned_data["scope"], quarter=quarter, area=form.cleaned_data["area"]
        )
        self.queued = _queue(self.request, run)
        return run

    def get_success_message(self, obj) -> str:
        return self.queued

    def get_success_url(self) -> str:
        return self.saved.get_absolute_url()


class RunPageMixin(ReportsAccessMixin):
    """A page about the run in the URL: 404 unless this person may see it (403 for an area report
    of an area they may see but do not lead). `celcis_only = True` limits the page to CELCIS."""

    # Every run by pk: whether this person may see it is `check_access`'s rule, applied at once.
    run = RecordFromUrl(
        ReportRun, queryset=lambda view: ReportRun.objects.all(), select_related=("area", "requested_by")
    )
    celcis_only = False

    def check_access(self) -> None:
        if not selectors.can_see_run(self.access, self.run):
            if not self.run.is_national and self.access.can_see_area(self.run.area):
                raise PermissionDenied
            raise Http404("Not found")
        if self.celcis_only and not self.access.is_celcis:
            raise PermissionDenied

    def can_rebuild(self) -> bool:
        return services.can_request(self.access, self.run.scope, self.run.area)

    def get_success_url(self) -> str:
        return self.run.get_absolute_url()


class RunDetailView(RunPageMixin, TemplateView):
    template_name = "reports/run_detail.html"

    def get_context_data(self, **kwargs):
        run = self.run
        files = {f.kind: f for f in ReportFile.objects.filter(run=run)}
        key_messages = KeyMessages.objects.filter(run=run).select_related("signed_off_by").first()
        return super().get_context_data(
            key_messages=key_messages,
            run=run,
            files=files,
            pdf=files.get(FileKind.PDF),
            xlsx=files.get(FileKind.XLSX),
            html=files.get(FileKind.HTML),
            can_rebuild=self.can_rebuild(),
            can_publish=self.access.is_celcis and run.is_national and run.status == RunStatus.DONE,
            signed_off=bool(key_messages and key_messages.is_signed_off),
            downloads=selectors.downloads_for(run) if self.access.is_celcis else None,
            history=selectors.run_history(run),
            status_url=reverse("reports:run_status", kwargs={"pk": run.pk}),
            looks_lost=services.run_looks_lost(run),
            **kwargs,
        )


class RunStatusView(RunPageMixin, View):
    """The run's state as JSON, for the run page to poll while it works."""

    def get(self, request, *args, **kwargs):
        run = self.run  # read only: a lost build is marked failed by the periodic task, never by a visit
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "percent": run.percent_done,
                "parts_done": run.parts_done,
                "parts_total": run.parts_total,
                "finished": run.is_finished,
                "error": run.error,
                "looks_lost": services.run_looks_lost(run),
            }
        )


class RunRetryView(RunPageMixin, ActionView):
    """Build a failed run again, as a new version."""

    def check_access(self) -> None:
        super().check_access()
        if not self.can_rebuild():
            raise PermissionDenied

    def perform(self) -> str:
        self.retried = services.report_run_retry(run=self.run, actor=self.request.user)
        return _queue(self.request, self.retried)

    def get_success_url(self) -> str:
        return self.retried.get_absolute_url()

    def get_failure_url(self) -> str:
        return self.run.get_absolute_url()


class RunPublishView(RunPageMixin, ActionView):
    """CELCIS publishes this version of the national report (a confirmation page, then the POST)."""

    confirm_template = "reports/run_publish.html"
    celcis_only = True

    def get_context_data(self, **kwargs):
        current = (
            ReportRun.objects.filter(scope=ReportScope.NATIONAL, quarter_start=self.run.quarter_start, published=True)
            .exclude(pk=self.run.pk)
            .first()
        )
        return super().get_context_data(run=self.run, current=current, **kwargs)

    def perform(self) -> str:
        services.report_run_publish(run=self.run, actor=self.request.user)
        return f"Version {self.run.number} published. National viewers can now read it."

    def get_failure_url(self) -> str:
        return self.run.get_absolute_url()


def _stored_file(run: ReportRun, kind: str) -> ReportFile:
    if run.status != RunStatus.DONE:
        raise Http404("The report has not been built")
    found = ReportFile.objects.filter(run=run, kind=kind).first()
    if found is None:
        raise Http404("No such file")
    return found


class RunReportView(RunPageMixin, TemplateView):
    """The report as a web page inside the portal (its stored HTML output)."""

    template_name = "reports/run_report.html"

    def get_context_data(self, **kwargs):
        stored = _stored_file(self.run, FileKind.HTML)
        with stored.file.open("rb") as handle:
            document = handle.read().decode()
        if self.request.method == "GET":  # a HEAD reads nothing, so it is no download
            services.report_download_record(run=self.run, kind=FileKind.HTML, user=self.request.user)
        # The body was written by our own templates, with every value escaped when it was rendered.
        return super().get_context_data(run=self.run, body=body_of(document), **kwargs)


class RunFileView(RunPageMixin, View):
    """Download one output, through the access check (never a public media URL); recorded."""

    def get(self, request, *args, **kwargs):
        if kwargs["kind"] not in FileKind.values:
            raise Http404("No such file")
        stored = _stored_file(self.run, kwargs["kind"])
        if request.method == "GET":  # a HEAD reads nothing, so it is no download
            services.report_download_record(run=self.run, kind=stored.kind, user=request.user)
        response = FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=stored.download_name,
            content_type=FILE_TYPES[stored.kind],
        )
        response["Cache-Control"] = "private, no-store"
        return response


class KeyMessagesEditView(RunPageMixin, ServiceFormMixin, UpdateView):
    """CELCIS edits a national report version's first page (key messages, themes, risks, asks) and
    signs it off; the version's outputs are made again with the new words."""

    template_name = "reports/key_messages_form.html"
    form_class = KeyMessagesForm
    celcis_only = True

    def check_access(self) -> None:
        super().check_access()
        if not self.run.is_national or self.run.status != RunStatus.DONE:
            raise Http404("Only a finished national report has key messages")

    def get_object(self, queryset=None):
        found = KeyMessages.objects.filter(run=self.run).select_related("signed_off_by").first()
        if found is not None:
            return found
        # A version built before key messages existed: drafted now, kept only when CELCIS saves.
        parts = [part.data for part in self.run.parts.order_by("area__name")]
        generated = draft_key_messages(parts, True)
        return KeyMessages(run=self.run, generated=generated, messages="\n".join(generated))

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=self.run, **kwargs)

    def perform(self, form):
        return key_messages_save(
            key_messages=self.object,
            actor=self.request.user,
            data=form.cleaned_data,
            expected_version=form.cleaned_data.get("version") or self.object.version,
        )

    def get_success_message(self, obj) -> str:
        if obj.is_signed_off:
            return "Key messages signed off. The report's files now carry them; you can publish this version."
        return "Key messages saved. Sign them off before publishing this version."


class FiguresExportView(NationalMixin, TemplateView):
    """Accepted return figures for analysts, one row per figure, as CSV or XLSX: exact for CELCIS,
    with disclosure control for national viewers."""

    template_name = "reports/figures_export.html"

    def get_context_data(self, **kwargs):
        form = FiguresExportForm(self.request.GET or None)
        first, last = form.quarters()
        query = f"?first={quarter_slug(first)}&last={quarter_slug(last)}"
        return super().get_context_data(
            form=form,
            first=first,
            last=last,
            counts=selectors.accepted_counts(first, last),
            csv_url=reverse("reports:figures_download", args=["csv"]) + query,
            xlsx_url=reverse("reports:figures_download", args=["xlsx"]) + query,
            exact=self.access.is_celcis,
            downloads=selectors.export_downloads() if self.access.is_celcis else None,
            **kwargs,
        )


class FiguresDownloadView(NationalMixin, View):
    """The export itself (recorded: who took which figures, exact or protected)."""

    def get(self, request, kind: str):
        if kind not in (DownloadKind.CSV, DownloadKind.XLSX):
            raise Http404("No such file")
        first, last = FiguresExportForm(request.GET or None).quarters()
        protect = not self.access.is_celcis
        rows = export_rows(
            selectors.accepted_returns(first, last), protect=protect, threshold=settings.SMALL_NUMBER_THRESHOLD
        )
        title = f"Accepted return figures, {first} to {last}, " + ("with disclosure control" if protect else "exact")
        if kind == DownloadKind.CSV:
            content, content_type = render_csv(rows), "text/csv; charset=utf-8"
        else:
            content = render_export_xlsx(rows, title=title, notes=notes(settings.SMALL_NUMBER_THRESHOLD, protect))
            content_type = FILE_TYPES[FileKind.XLSX]
        if request.method == "GET":  # a HEAD downloads nothing, so it is no download
            services.report_download_record(run=None, kind=kind, user=request.user, description=title)
        response = HttpResponse(content, content_type=content_type)
        name = f"return-figures-{quarter_slug(first)}-to-{quarter_slug(last)}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
