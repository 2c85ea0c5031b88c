"""The area's drivers assessments: the list, starting one, its details, scoring it (saved as you go),
completing and correcting it, and turning a gap into an action."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import FormView, ListView, TemplateView

from areas.access import AreaMixin, AreaScopedMixin, Permission
from core import autosave, freshness
from core.dates import time_label
from core.views import (
    ActionView,
    AreaRecordMixin,
    AutosaveFormMixin,
    FilteredListMixin,
    RecordFromUrl,
    ServiceFormMixin,
    error_text,
)

from .. import selectors, services
from ..forms import AssessmentFilterForm, AssessmentForm, CompleteForm, GapActionForm, ScoreForm
from ..models import Assessment, Item, ItemScore
from ..scoring import score_label


def _score_url(assessment) -> str:
    return reverse("drivers:assessment_score", kwargs={"area_slug": assessment.area.slug, "pk": assessment.pk})


class AssessmentMixin(AreaRecordMixin):
    """The assessment named in the URL, from this area only (404 for any other)."""

    assessment = RecordFromUrl(
        Assessment, select_related=("area", "item_set", "facilitator", "created_by", "completed_by", "corrects")
    )

    def locked_redirect(self):
        messages.info(self.request, services.locked_message(self.assessment))
        return redirect(self.assessment.get_absolute_url())


class DraftMixin(AssessmentMixin):
    """A page that changes a draft: once completed the assessment is locked, so it says so instead."""

    permission = Permission.WRITE

    def get(self, request, *args, **kwargs):
        if not self.assessment.is_draft:
            return self.locked_redirect()
        return super().get(request, *args, **kwargs)


class DriversHomeView(FilteredListMixin, AreaScopedMixin, ListView):
    """The area's assessments, newest first, with the latest scores and any draft in progress."""

    model = Assessment
    template_name = "drivers/assessment_list.html"
    context_object_name = "assessments"
    filter_form_class = AssessmentFilterForm

    def get_queryset(self):
        assessments = super().get_queryset().select_related("area", "item_set", "facilitator")
        return assessments.prefetch_related("subject").order_by("-assessed_on", "-pk")

    def filter_rows(self, rows, filters):
        return rows.filter(status=filters["status"]) if filters["status"] else rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["assessments"])
        # The page's scores and the latest-scores panel, kept until a record of the area changes (and
        # for the day: the panel says when the latest assessment is over six months old).
        can_edit = self.access.can_edit_area(self.area)
        shown = ",".join(str(assessment.pk) for assessment in page)
        key = f"drivers:list:{self.area.pk}:{int(can_edit)}:{timezone.localdate().isoformat()}:{shown}"
        scores, panel = freshness.cached(
            key,
            [self.area.pk],
            lambda: (selectors.scores_by_assessment(page), selectors.overview_panel(self.area, self.access)),
        )
        for assessment in page:
            assessment.figures = scores[assessment.pk]
        return {
            **context,
            "assessments": page,
            "drafts": [a for a in page if a.is_draft],
            "item_set": selectors.current_item_set(),
            "panel": panel,
        }


class DriversAssessmentCreateView(ServiceFormMixin, AreaMixin, FormView):
    permission = Permission.WRITE
    form_class = AssessmentForm
    template_name = "drivers/assessment_form.html"
    success_message = "Assessment started. Score each item; your answers are saved as a draft."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        initial = {"assessed_on": timezone.localdate()}
        if self.access.is_celcis:
            initial["facilitator"] = self.request.user.pk
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(item_set=selectors.current_item_set(), **kwargs)

    def perform(self, form):
        return services.assessment_create(area=self.area, actor=self.request.user, **form.details())

    def get_success_url(self):
        return _score_url(self.saved)


class AssessmentUpdateView(ServiceFormMixin, DraftMixin, FormView):
    """Change a draft's details; a completed assessment is locked."""

    form_class = AssessmentForm
    template_name = "drivers/assessment_form.html"
    success_message = "Assessment details saved."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area, "current_facilitator": self.assessment.facilitator_id}

    def get_initial(self):
        return AssessmentForm.initial_for(self.assessment)

    def perform(self, form):
        return services.assessment_update(
            assessment=self.assessment,
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.details(),
        )

    def get_success_url(self):
        return _score_url(self.assessment)


def _draft_clash(assessment) -> JsonResponse:
    """core.autosave's clash answer, in this page's words ("Your answers", not "Your work")."""
    # CORE-CANDIDATE: a way to name what stays on the page in core.autosave.clash; the drivers page
    # has always said "Your answers are still on this page" (a test pins it), so that sentence is swapped.
    response = autosave.clash(assessment, version=assessment.version, latest=selectors.draft_last_saved(assessment))
    body = json.loads(response.content)
    body["message"] = body["message"].replace("Your work is still", "Your answers are still")
    return JsonResponse(body, status=response.status_code)


class AssessmentScoreView(AutosaveFormMixin, DraftMixin, FormView):
    """Score every item of a draft. One form; with JavaScript it saves itself as you go (core.autosave's
    JSON), without it the Save draft button does the same."""

    form_class = ScoreForm
    template_name = "drivers/assessment_score.html"

    @cached_property
    def items(self) -> list[Item]:
        return list(self.assessment.item_set.items.select_related("driver").order_by("order", "pk"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": self.items}

    def get_initial(self):
        return ScoreForm.initial_for(self.assessment)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        groups = selectors.items_by_group(self.items, row=form.item_row)
        return {**context, "groups": groups, "answered": form.answered(), "total": len(self.items)}

    def perform(self, form):
        answers = form.answers()
        self.answered = sum(1 for answer in answers.values() if answer.score is not None)
        self.total = len(answers)
        return services.assessment_save_draft(
            assessment=self.assessment,
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            answers=answers,
        )

    def saved_message(self) -> str:
        return f"Draft saved at {time_label(timezone.now())}. {self.answered} of {self.total} items answered."

    def get_success_message(self, assessment) -> str:
        return "" if "complete" in self.request.POST else self.saved_message()

    def get_success_url(self):
        if "complete" in self.request.POST:
            return reverse("drivers:assessment_complete", kwargs=self.kwargs)
        return _score_url(self.assessment)

    def autosave_saved(self, assessment):
        return autosave.saved(
            version=assessment.version, message=self.saved_message(), answered=self.answered, total=self.total
        )

    def autosave_clash(self, instance):
        return _draft_clash(instance)

    def autosave_refusal(self, error):
        if isinstance(error, services.AssessmentLocked):
            return autosave.locked(f"Not saved. {error_text(error)}")
        return None


class AssessmentDetailView(AssessmentMixin, TemplateView):
    """One assessment: scores per driver, group and overall, each item with its evidence, what moved
    since the previous assessment, and the actions taken on its gaps."""

    template_name = "drivers/assessment_detail.html"

    def get_context_data(self, **kwargs):
        correction = None
        if not self.assessment.is_draft:
            correction = self.assessment.corrections.order_by("-pk").first()
        assessment = self.assessment
        can_edit = self.access.can_edit_area(self.area)
        actions_enabled = selectors.actions_enabled()

        def drawn() -> tuple:
            report = selectors.assessment_report(assessment, with_actions=True)
            context = {
                "area": self.area,
                "assessment": assessment,
                "report": report,
                "actions_enabled": actions_enabled,
                "can_edit_area": can_edit,
            }
            return report, render_to_string("drivers/_assessment_report.html", context)

        # Kept until a record of the area (an answer, an action on a gap) or the programme changes, per
        # reader's rights and day (an action on a gap may fall overdue).
        report, html = freshness.cached(
            f"drivers:report:{assessment.pk}:{assessment.version}:{int(can_edit)}:{int(actions_enabled)}:"
            f"{timezone.localdate().isoformat()}",
            [self.area.pk],
            drawn,
        )
        return super().get_context_data(
            report=report,
            report_html=mark_safe(html),  # noqa: S308 - rendered by our template, which escaped every value
            correction=correction,
            actions_enabled=actions_enabled,
            **kwargs,
        )


class AssessmentCompleteView(ServiceFormMixin, DraftMixin, FormView):
    """Asks for confirmation with a summary of what is answered; completing locks the assessment."""

    form_class = CompleteForm
    template_name = "drivers/assessment_complete.html"
    success_message = "Assessment completed. It is now locked; a correction would be a new assessment."

    def get_initial(self):
        return {"version": self.assessment.version}

    def get_context_data(self, **kwargs):
        refusal = services.completion_refusal(self.assessment)
        return super().get_context_data(
            report=selectors.assessment_report(self.assessment),
            completion_refusal=refusal,
            scores_caption="Scores so far, from the items answered" if refusal else "Scores if completed now",
            **kwargs,
        )

    def form_valid(self, form):
        if not self.assessment.is_draft:
            return self.locked_redirect()
        return super().form_valid(form)

    def perform(self, form):
        return services.assessment_complete(
            assessment=self.assessment, actor=self.request.user, expected_version=form.cleaned_data["version"]
        )

    def get_success_url(self):
        return self.assessment.get_absolute_url()


class AssessmentCorrectView(AssessmentMixin, ActionView):
    """Asks for confirmation; starts a new draft that begins from this completed assessment."""

    permission = Permission.WRITE
    confirm_template = "drivers/assessment_correct.html"

    def get(self, request, *args, **kwargs):
        if self.assessment.is_draft:
            messages.info(request, "This assessment is still a draft: change it directly.")
            return redirect(_score_url(self.assessment))
        return super().get(request, *args, **kwargs)

    def perform(self) -> str:
        self.correction = services.assessment_correct(assessment=self.assessment, actor=self.request.user)
        return "Correction started. Change what needs correcting, then complete it."

    def get_success_url(self):
        return _score_url(self.correction)

    def get_failure_url(self):
        return self.assessment.get_absolute_url()


class GapActionCreateView(ServiceFormMixin, AssessmentMixin, FormView):
    """From an item scored 0 or 1, add an action to the area's action list (the teams app's)."""

    permission = Permission.WRITE
    form_class = GapActionForm
    template_name = "drivers/action_form.html"
    success_message = "Action added to the area's action list."

    def dispatch(self, request, *args, **kwargs):
        if not selectors.actions_enabled():
            raise Http404("There is no action tracker yet.")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def record(self) -> ItemScore:
        # The URL names the item; the record is this assessment's answer for it (not a pk of its own).
        return get_object_or_404(
            ItemScore.objects.select_related("area", "assessment", "item", "item__driver"),
            area=self.area,
            assessment=self.assessment,
            item_id=self.kwargs["item_pk"],
        )

    def get(self, request, *args, **kwargs):
        if refusal := services.gap_action_refusal(self.record):
            messages.error(request, refusal)
            return redirect(self.assessment.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        return {"title": f"{self.record.item.driver.name}: {self.record.item.text}"[:250]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, score_label=score_label(self.record.score), **kwargs)

    def perform(self, form):
        return services.gap_action_create(record=self.record, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.record.get_absolute_url()
