"""The stage pages, about the area's programme or about a subject (see `subject`): the current
stage with its timeline, proposing and deciding a change, the checklist, and the history."""

from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView, UpdateView

from areas.access import AreaMixin, Permission
from areas.history import history_page
from core import freshness
from core.dates import day_label
from core.views import ActionView, RecordFromUrl, ServiceFormMixin, form_data

from .. import selectors, services
from ..forms import ActivityProgressForm, StageChangeForm, StageDecisionForm, StageTargetsForm
from ..models import ActivityProgress, StageActivity, StageChange, StageChangeStatus, StageTarget, subject_filter
from .subject import StageSubjectMixin

# Stands for the CSRF token in a drawn page kept for everyone; each request puts its own in.
CSRF_PLACEHOLDER = "stages-csrf-token-placeholder"

PROGRESS_FIELDS = ("status", "target_on", "started_on", "completed_on", "notes", "evidence_link")


def with_links(view, stages: list[dict]) -> list[dict]:
    """Give each checklist row its links (update the activity, confirm evidence for it): two
    reverse() calls for the page rather than one or more a row."""
    marker = 987654321
    update = view.stage_url("activity", marker)
    evidence = view.stage_url("evidence", marker)
    for stage in stages:
        for row in stage["rows"]:
            row.update_url = update.replace(str(marker), str(row.activity.pk))
            row.evidence_url = evidence.replace(str(marker), str(row.activity.pk))
    return stages


class StagesOverviewView(StageSubjectMixin, TemplateView):
    """The current stage, any proposal waiting, the timeline and progress per stage (and, for a
    subject, its checklist on the same page).

    Everything below the page's navigation is drawn from the area's records only, so it is rendered
    once per change of them, per reader's rights and per day (spans and lateness count days). Its
    forms' CSRF token is a placeholder, filled in on each request."""

    template_name = "stages/overview.html"

    def get_context_data(self, **kwargs):
        can_edit, can_lead = self.access.can_edit_area(self.area), self.access.can_lead_area(self.area)
        today = timezone.localdate()
        about = f"{self.subject._meta.label_lower}.{self.subject.pk}" if self.subject is not None else "programme"
        key = f"stages:overview:{self.area.pk}:{about}:{int(can_edit)}{int(can_lead)}:{today.isoformat()}"
        drawn = freshness.cached(key, [self.area.pk], lambda: self._drawn(can_edit, can_lead))
        body = drawn["body"]
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, get_token(self.request))
        shown = {name: drawn[name] for name in ("current", "proposal", "timeline", "progress", "stages")}
        # Rendered by our template, which escaped every value; the token is Django's own.
        return super().get_context_data(overview_body=mark_safe(body), **shown, **kwargs)  # noqa: S308

    def _drawn(self, can_edit: bool, can_lead: bool) -> dict:
        if self.subject is not None:
            stages, progress = selectors.checklist_by_stage(self.area, self.subject)
            with_links(self, stages)
        else:  # the programme's checklist has a page of its own
            stages, progress = None, selectors.stage_progress(self.area)
        # What the page shows, kept with it: the figures a return reports are read from these too.
        shown = {
            "current": selectors.current_stage(self.area, self.subject),
            "proposal": selectors.pending_proposal(self.area, self.subject),
            "timeline": list(selectors.stage_timeline(self.area, self.subject)),
            "progress": progress,
            "stages": stages,
        }
        context = {
            "view": self,
            "area": self.area,
            "subject": self.subject,
            "stage_pages": self.pages,
            "can_edit_area": can_edit,
            "can_lead_area": can_lead,
            "csrf_token": CSRF_PLACEHOLDER,
            **shown,
        }
        return {**shown, "body": render_to_string("stages/_overview_body.html", context)}


class StageChangeCreateView(StageSubjectMixin, ServiceFormMixin, FormView):
    """Members propose a change; leads and CELCIS record it confirmed."""

    permission = Permission.WRITE
    form_class = StageChangeForm
    template_name = "stages/change_form.html"

    def get_initial(self):
        return {"entered_on": timezone.localdate()}

    def get_form_kwargs(self):
        # The form checks the change against the current stage, so every mistake shows in one round.
        return {**super().get_form_kwargs(), "area": self.area, "subject": self.subject}

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=selectors.current_stage(self.area, self.subject), **kwargs)

    def perform(self, form):
        return services.stage_change_record(
            area=self.area, actor=self.request.user, subject=self.subject, **form.cleaned_data
        )

    def get_success_message(self, change) -> str:
        if change.status == StageChangeStatus.CONFIRMED:
            return f"{self.subject or self.area} is now in {change.get_stage_display().lower()}."
        return "Stage change proposed. An area lead or CELCIS will confirm or decline it."

    def get_success_url(self):
        return self.stage_url("stage")


class StageChangeDecideView(StageSubjectMixin, ServiceFormMixin, FormView):
    """A lead or CELCIS confirms or declines a proposal about this page's subject."""

    permission = Permission.LEAD
    form_class = StageDecisionForm
    template_name = "stages/change_decide.html"

    @cached_property
    def change(self) -> StageChange:
        # Not a RecordFromUrl: the URL kwarg naming the change is the subject pages' to choose.
        proposals = StageChange.objects.filter(
            subject_filter(self.subject), area=self.area, status=StageChangeStatus.PROPOSED
        )
        return get_object_or_404(
            proposals.select_related("recorded_by"), pk=self.kwargs[self.pages.record_kwargs["decide"]]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            change=self.change, current=selectors.current_stage(self.area, self.subject), **kwargs
        )

    def perform(self, form):
        self.confirm = form.cleaned_data["decision"] == "confirm"
        return services.stage_change_decide(
            change=self.change, actor=self.request.user, confirm=self.confirm, note=form.cleaned_data["note"]
        )

    def get_success_message(self, change) -> str:
        return "Stage change confirmed." if self.confirm else "Stage change declined."

    def get_success_url(self):
        return self.stage_url("stage")


class ChecklistView(StageSubjectMixin, TemplateView):
    """Every stage's activities with the area's status, dates and evidence."""

    template_name = "stages/checklist.html"

    def get_context_data(self, **kwargs):
        stages, _progress = selectors.checklist_by_stage(self.area, self.subject)
        return super().get_context_data(stages=with_links(self, stages), **kwargs)


class ActivityProgressUpdateView(StageSubjectMixin, ServiceFormMixin, UpdateView):
    """Update one checklist activity; two people saving at once cannot overwrite each other."""

    permission = Permission.WRITE
    form_class = ActivityProgressForm
    template_name = "stages/activity_progress_form.html"
    # The catalogue is the programme's, shared by every area.
    activity = RecordFromUrl(StageActivity, "activity_pk", queryset=lambda view: StageActivity.objects.all())

    def get_object(self, queryset=None):
        record = ActivityProgress.objects.filter(
            subject_filter(self.subject), area=self.area, activity=self.activity
        ).first()
        if record is None:
            if self.activity.is_retired:
                raise Http404("Retired activity")
            record = ActivityProgress(area=self.area, activity=self.activity)
        return record

    def perform(self, form):
        return services.activity_progress_save(
            area=self.area,
            actor=self.request.user,
            activity=self.activity,
            expected_version=form.cleaned_data.get("version"),
            subject=self.subject,
            **form_data(form, PROGRESS_FIELDS),
        )

    def get_success_message(self, record) -> str:
        return f"“{self.activity}” saved."

    def get_success_url(self):
        return self.stage_url("activities") + f"#stage-{self.activity.stage}"


class ActivityEvidenceView(StageSubjectMixin, ActionView):
    """One button: mark an activity done with a portal record as its evidence and its date."""

    permission = Permission.WRITE
    activity = RecordFromUrl(StageActivity, "activity_pk", queryset=lambda view: StageActivity.objects.all())

    def perform(self) -> str:
        record = services.activity_evidence_confirm(
            area=self.area,
            actor=self.request.user,
            activity=self.activity,
            kind=self.request.POST.get("kind", ""),
            record_id=self.request.POST.get("record"),
            subject=self.subject,
        )
        return f"“{self.activity}” marked done on {day_label(record.completed_on)}."

    def get_success_url(self) -> str:
        return self.stage_url("activities") + f"#stage-{self.activity.stage}"


class StageTargetsView(StageSubjectMixin, ServiceFormMixin, FormView):
    """The dates the area plans to finish each stage (plan against actual on the stage page)."""

    permission = Permission.WRITE
    form_class = StageTargetsForm
    template_name = "stages/targets_form.html"
    success_message = "Stage target dates saved."

    def get_initial(self):
        targets = StageTarget.objects.filter(subject_filter(self.subject), area=self.area)
        return dict(targets.values_list("stage", "target_on"))

    def perform(self, form):
        return services.stage_targets_save(
            area=self.area, actor=self.request.user, targets=form.targets(), subject=self.subject
        )

    def get_success_url(self):
        return self.stage_url("stage")


class StagesHistoryView(AreaMixin, TemplateView):
    """Who changed the area's stages and checklist, and when."""

    template_name = "stages/history.html"

    def get_context_data(self, **kwargs):
        page, entries = history_page(
            [
                (
                    StageChange.history.filter(area_id=self.area.pk),
                    lambda r: f"Stage change: {r.get_stage_display()}",
                ),
                (
                    ActivityProgress.history.filter(area_id=self.area.pk).select_related("activity"),
                    lambda r: f"Activity: {r.activity}",
                ),
                (
                    StageTarget.history.filter(area_id=self.area.pk),
                    lambda r: f"Target for {r.get_stage_display().lower()}",
                ),
            ],
            self.request.GET.get("page"),
            cache_key=f"stages:history:{self.area.pk}",
            area_ids=[self.area.pk],
        )
        return super().get_context_data(page_obj=page, entries=entries, **kwargs)
