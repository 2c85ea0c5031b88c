from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from areas.access import AreaMixin, NationalMixin, Permission
from areas.history import history_entries
from areas.models import LocalArea
from core.locking import StaleEdit

from . import selectors, services
from .forms import (
    ActivityProgressForm,
    EngagementFilterForm,
    EngagementForm,
    ReadinessCheckForm,
    StageActivityForm,
    StageChangeForm,
    StageDecisionForm,
)
from .models import (
    STAGE_ORDER,
    ActivityProgress,
    ReadinessAnswer,
    ReadinessCheck,
    ReadinessQuestion,
    Stage,
    StageActivity,
    StageChange,
    StageChangeStatus,
    StakeholderEngagement,
)

PAGE_SIZE = 25
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


class StagesOverviewView(AreaMixin, TemplateView):
    """The area's current stage, any proposal waiting, the timeline and progress per stage."""

    template_name = "stages/overview.html"

    def get_context_data(self, **kwargs):
        rows = selectors.checklist(self.area)
        return super().get_context_data(
            current=selectors.current_stage(self.area),
            proposal=selectors.pending_proposal(self.area),
            timeline=selectors.stage_timeline(self.area),
            progress=selectors.progress_for(self.area, rows=rows),
            **kwargs,
        )


class StageChangeCreateView(AreaMixin, FormView):
    """Members propose a change; leads and CELCIS record it confirmed."""

    permission = Permission.WRITE
    form_class = StageChangeForm
    template_name = "stages/change_form.html"

    def get_initial(self):
        return {"entered_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=selectors.current_stage(self.area), **kwargs)

    def form_valid(self, form):
        try:
            change = services.stage_change_record(area=self.area, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        if change.status == StageChangeStatus.CONFIRMED:
            messages.success(self.request, f"{self.area} is now in {change.get_stage_display().lower()}.")
        else:
            messages.success(self.request, "Stage change proposed. An area lead or CELCIS will confirm or decline it.")
        return redirect("stages:overview", area_slug=self.area.slug)


class StageChangeDecideView(AreaMixin, FormView):
    permission = Permission.LEAD
    form_class = StageDecisionForm
    template_name = "stages/change_decide.html"

    @cached_property
    def change(self):
        return get_object_or_404(
            StageChange.objects.select_related("recorded_by"),
            pk=self.kwargs["pk"],
            area=self.area,
            status=StageChangeStatus.PROPOSED,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(change=self.change, current=selectors.current_stage(self.area), **kwargs)

    def form_valid(self, form):
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.stage_change_decide(
                change=self.change, actor=self.request.user, confirm=confirm, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Stage change confirmed." if confirm else "Stage change declined.")
        return redirect("stages:overview", area_slug=self.area.slug)


class ChecklistView(AreaMixin, TemplateView):
    """Every stage's activities with the area's status, dates and evidence."""

    template_name = "stages/checklist.html"

    def get_context_data(self, **kwargs):
        rows = selectors.checklist(self.area)
        progress = {p.stage: p for p in selectors.progress_for(self.area, rows=rows)}
        stages = [
            {"value": stage, "label": Stage(stage).label, "rows": rows[stage], "progress": progress[stage]}
            for stage in STAGE_ORDER
        ]
        return super().get_context_data(stages=stages, **kwargs)


class ActivityProgressUpdateView(AreaMixin, UpdateView):
    """Update one checklist activity; two people saving at once cannot overwrite each other."""

    permission = Permission.WRITE
    form_class = ActivityProgressForm
    template_name = "stages/activity_progress_form.html"

    @cached_property
    def activity(self):
        return get_object_or_404(StageActivity, pk=self.kwargs["activity_pk"])

    def get_object(self, queryset=None):
        record = ActivityProgress.objects.filter(
            area=self.area, activity=self.activity, subject_content_type__isnull=True
        ).first()
        if record is None:
            if self.activity.is_retired:
                raise Http404("Retired activity")
            record = ActivityProgress(area=self.area, activity=self.activity)
        return record

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.activity, **kwargs)

    def form_valid(self, form):
        data = {
            name: form.cleaned_data[name] for name in ("status", "started_on", "completed_on", "notes", "evidence_link")
        }
        try:
            services.activity_progress_save(
                area=self.area,
                actor=self.request.user,
                activity=self.activity,
                expected_version=form.cleaned_data.get("version"),
                **data,
            )
        except StaleEdit:
            # The record may not have existed when the form was opened: compare with it as it is now.
            self.object = form.instance = self.get_object()
            _stale(form, self.object)
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{self.activity}” saved.")
        return redirect(
            reverse("stages:checklist", kwargs={"area_slug": self.area.slug}) + f"#stage-{self.activity.stage}"
        )


class StagesHistoryView(AreaMixin, TemplateView):
    """Who changed the area's stages and checklist, and when."""

    template_name = "stages/history.html"

    def get_context_data(self, **kwargs):
        changes = history_entries(
            StageChange.history.filter(area_id=self.area.pk),
            describe=lambda r: f"Stage change: {r.get_stage_display()}",
        )
        checklist = history_entries(
            ActivityProgress.history.filter(area_id=self.area.pk).select_related("activity"),
            describe=lambda r: f"Activity: {r.activity}",
        )
        entries = sorted(changes + checklist, key=lambda e: e.when, reverse=True)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, **kwargs)


# --- Stakeholder engagement ---------------------------------------------------------------------


class EngagementListView(AreaMixin, ListView):
    template_name = "stages/engagement_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "engagements"

    def get_queryset(self):
        self.filter_form = EngagementFilterForm(self.request.GET or None)
        engagements = StakeholderEngagement.objects.filter(area=self.area)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["level"]:
                engagements = engagements.filter(level=data["level"])
            if data["kind"]:
                engagements = engagements.filter(kind=data["kind"])
            if data["start"]:
                engagements = engagements.filter(held_on__gte=data["start"])
            if data["end"]:
                engagements = engagements.filter(held_on__lte=data["end"])
        return engagements.order_by("-held_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, summary=selectors.engagement_summary(self.area), **kwargs
        )


class EngagementCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = EngagementForm
    template_name = "stages/engagement_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.engagement_save(area=self.area, actor=self.request.user, data=data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Engagement recorded.")
        return redirect("stages:engagement_list", area_slug=self.area.slug)


class EngagementUpdateView(AreaMixin, UpdateView):
    permission = Permission.WRITE
    form_class = EngagementForm
    template_name = "stages/engagement_form.html"

    def get_object(self, queryset=None):
        return get_object_or_404(StakeholderEngagement, pk=self.kwargs["pk"], area=self.area)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.engagement_save(
                area=self.area,
                actor=self.request.user,
                data=data,
                engagement=StakeholderEngagement.objects.get(pk=self.object.pk),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            _stale(form, self.object)
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Engagement saved.")
        return redirect("stages:engagement_list", area_slug=self.area.slug)


# --- Readiness for change ------------------------------------------------------------------------


class ReadinessListView(AreaMixin, TemplateView):
    """Every readiness check side by side: questions as rows, checks (newest first) as columns."""

    template_name = "stages/readiness_list.html"

    def get_context_data(self, **kwargs):
        checks = list(ReadinessCheck.objects.filter(area=self.area).order_by("-checked_on", "-pk")[:8])
        answers = ReadinessAnswer.objects.filter(readiness_check__in=checks).select_related("question")
        scores = {(a.readiness_check_id, a.question_id): a.score for a in answers}
        questions = {a.question_id: a.question for a in answers}
        for question in ReadinessQuestion.objects.filter(retired_on__isnull=True):
            questions.setdefault(question.pk, question)
        rows = [
            {"question": q, "scores": [scores.get((c.pk, q.pk)) for c in checks]}
            for q in sorted(questions.values(), key=lambda q: (q.order, q.pk))
        ]
        for check in checks:
            values = [scores[key] for key in scores if key[0] == check.pk]
            check.mean = round(sum(values) / len(values), 1) if values else None
        total = ReadinessCheck.objects.filter(area=self.area).count()
        return super().get_context_data(checks=checks, rows=rows, total=total, **kwargs)


class ReadinessCreateView(AreaMixin, FormView):
    permission = Permission.WRITE
    form_class = ReadinessCheckForm
    template_name = "stages/readiness_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "questions": list(ReadinessQuestion.objects.filter(retired_on__isnull=True)),
        }

    def get_initial(self):
        return {"checked_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            check = services.readiness_check_record(
                area=self.area,
                actor=self.request.user,
                checked_on=form.cleaned_data["checked_on"],
                participants=form.cleaned_data["participants"],
                notes=form.cleaned_data["notes"],
                scores=form.scores(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Readiness check recorded.")
        return redirect("stages:readiness_detail", area_slug=self.area.slug, pk=check.pk)


class ReadinessDetailView(AreaMixin, DetailView):
    template_name = "stages/readiness_detail.html"
    context_object_name = "check"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ReadinessCheck.objects.select_related("recorded_by"), pk=self.kwargs["pk"], area=self.area
        )

    def get_context_data(self, **kwargs):
        answers = list(self.object.answers.select_related("question"))
        mean = round(sum(a.score for a in answers) / len(answers), 1) if answers else None
        return super().get_context_data(answers=answers, mean=mean, **kwargs)


# --- National -------------------------------------------------------------------------------------


class NationalStagesView(NationalMixin, TemplateView):
    """Every programme area side by side: current stage, proportion done and duration per stage."""

    template_name = "stages/national.html"

    def get_context_data(self, **kwargs):
        rows = selectors.national_stage_overview(LocalArea.objects.in_programme().order_by("name"))
        stages = [{"value": s, "label": Stage(s).label} for s in STAGE_ORDER]
        return super().get_context_data(rows=rows, stages=stages, **kwargs)


class CatalogueView(NationalMixin, TemplateView):
    """The stage-based activity catalogue; CELCIS edits it."""

    template_name = "stages/catalogue.html"

    def get_context_data(self, **kwargs):
        activities = list(StageActivity.objects.all())
        stages = [
            {"value": s, "label": Stage(s).label, "activities": [a for a in activities if a.stage == s]}
            for s in STAGE_ORDER
        ]
        return super().get_context_data(stages=stages, **kwargs)


class ActivityCreateView(NationalMixin, CreateView):
    write = True
    form_class = StageActivityForm
    template_name = "stages/activity_form.html"

    def get_initial(self):
        return {"stage": self.request.GET.get("stage", Stage.EXPLORATION)}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.activity_save(actor=self.request.user, data=data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Activity added to the catalogue.")
        return redirect("stages:catalogue")


class ActivityUpdateView(NationalMixin, UpdateView):
    write = True
    form_class = StageActivityForm
    template_name = "stages/activity_form.html"
    model = StageActivity

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.activity_save(
                actor=self.request.user, data=data, activity=StageActivity.objects.get(pk=self.object.pk)
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Activity saved.")
        return redirect("stages:catalogue")
