"""An innovation's own implementation stage, through the stages app with `subject=innovation`: the same
rules as the area's programme stage (a member proposes, a lead or CELCIS confirms)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, UpdateView

from areas.access import Permission
from areas.subjects import subject_filter
from core.locking import StaleEdit
from stages import selectors as stage_selectors
from stages import services as stage_services
from stages.forms import ActivityProgressForm, StageChangeForm, StageDecisionForm
from stages.models import STAGE_ORDER, ActivityProgress, Stage, StageActivity, StageChange, StageChangeStatus

from .common import InnovationMixin, apply_errors, stale


class InnovationStageView(InnovationMixin, TemplateView):
    """The innovation's stage, its timeline and its stage-based checklist with progress figures."""

    template_name = "innovations/stage.html"
    page = "stage"

    def get_context_data(self, **kwargs):
        rows = stage_selectors.checklist(self.area, self.innovation)
        progress = stage_selectors.progress_for(self.area, self.innovation, rows=rows)
        by_stage = {p.stage: p for p in progress}
        stages = [
            {"value": stage, "label": Stage(stage).label, "rows": rows[stage], "progress": by_stage[stage]}
            for stage in STAGE_ORDER
        ]
        return super().get_context_data(
            current=stage_selectors.current_stage(self.area, self.innovation),
            proposal=stage_selectors.pending_proposal(self.area, self.innovation),
            timeline=stage_selectors.stage_timeline(self.area, self.innovation),
            progress=progress,
            stages=stages,
            **kwargs,
        )


class InnovationStageChangeView(InnovationMixin, FormView):
    """Members propose the innovation's stage change; leads and CELCIS record it confirmed."""

    permission = Permission.WRITE
    form_class = StageChangeForm
    template_name = "innovations/stage_change_form.html"
    page = "stage"

    def get_initial(self):
        return {"entered_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=stage_selectors.current_stage(self.area, self.innovation), **kwargs)

    def form_valid(self, form):
        try:
            change = stage_services.stage_change_record(
                area=self.area, actor=self.request.user, subject=self.innovation, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if change.status == StageChangeStatus.CONFIRMED:
            messages.success(self.request, f"{self.innovation} is now in {change.get_stage_display().lower()}.")
        else:
            messages.success(self.request, "Stage change proposed. An area lead or CELCIS will confirm or decline it.")
        return redirect("innovations:stage", area_slug=self.area.slug, pk=self.innovation.pk)


class InnovationStageDecideView(InnovationMixin, FormView):
    permission = Permission.LEAD
    form_class = StageDecisionForm
    template_name = "innovations/stage_decide.html"
    page = "stage"

    @cached_property
    def change(self) -> StageChange:
        return get_object_or_404(
            StageChange.objects.filter(subject_filter(self.innovation)).select_related("recorded_by"),
            pk=self.kwargs["change_pk"],
            area=self.area,
            status=StageChangeStatus.PROPOSED,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            change=self.change, current=stage_selectors.current_stage(self.area, self.innovation), **kwargs
        )

    def form_valid(self, form):
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            stage_services.stage_change_decide(
                change=self.change, actor=self.request.user, confirm=confirm, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Stage change confirmed." if confirm else "Stage change declined.")
        return redirect("innovations:stage", area_slug=self.area.slug, pk=self.innovation.pk)


class InnovationActivityView(InnovationMixin, UpdateView):
    """Update one stage activity for this innovation; two people saving at once cannot clash."""

    permission = Permission.WRITE
    form_class = ActivityProgressForm
    template_name = "innovations/activity_form.html"
    page = "stage"

    @cached_property
    def activity(self) -> StageActivity:
        return get_object_or_404(StageActivity, pk=self.kwargs["activity_pk"])

    def get_object(self, queryset=None):
        record = ActivityProgress.objects.filter(
            subject_filter(self.innovation), area=self.area, activity=self.activity
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
            stage_services.activity_progress_save(
                area=self.area,
                actor=self.request.user,
                activity=self.activity,
                expected_version=form.cleaned_data.get("version"),
                subject=self.innovation,
                **data,
            )
        except StaleEdit:
            self.object = form.instance = self.get_object()
            stale(form, self.object)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{self.activity}” saved.")
        return redirect(
            reverse("innovations:stage", kwargs={"area_slug": self.area.slug, "pk": self.innovation.pk})
            + f"#stage-{self.activity.stage}"
        )
