"""Exploration: a need, the candidate innovations assessed on the Hexagon Tool side by side, and
the decision to proceed, not proceed or revisit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from areas.access import AreaMixin, Permission
from core.locking import StaleEdit

from .. import selectors, services
from ..forms import ExplorationDecisionForm, ExplorationFilterForm, ExplorationForm, HexagonAssessmentForm
from ..models import Exploration, HexagonAssessment, HexagonVersion
from .common import PAGE_SIZE, apply_errors, stale


class ExplorationMixin(AreaMixin):
    """`self.exploration`, from this area only."""

    @cached_property
    def exploration(self) -> Exploration:
        exploration = get_object_or_404(
            Exploration.objects.select_related("chosen"), pk=self.kwargs["pk"], area=self.area
        )
        exploration.area = self.area
        return exploration

    def get_context_data(self, **kwargs):
        return super().get_context_data(exploration=self.exploration, **kwargs)


class ExplorationListView(AreaMixin, ListView):
    template_name = "innovations/exploration_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "explorations"

    def get_queryset(self):
        self.filter_form = ExplorationFilterForm(self.request.GET or None)
        explorations = selectors.explorations_for(self.area)
        if self.filter_form.is_valid() and (decision := self.filter_form.cleaned_data["decision"]):
            explorations = explorations.filter(decision="" if decision == "none" else decision)
        return explorations.order_by("-started_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class ExplorationCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = ExplorationForm
    template_name = "innovations/exploration_form.html"

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            exploration = services.exploration_save(area=self.area, actor=self.request.user, data=data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Exploration started. Assess each candidate on the Hexagon Tool.")
        return redirect("innovations:exploration_detail", area_slug=self.area.slug, pk=exploration.pk)


class ExplorationUpdateView(ExplorationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = ExplorationForm
    template_name = "innovations/exploration_form.html"

    def get_object(self, queryset=None):
        return self.exploration

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.exploration_save(
                area=self.area,
                actor=self.request.user,
                data=data,
                exploration=self.exploration,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.exploration)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Exploration saved.")
        return redirect("innovations:exploration_detail", area_slug=self.area.slug, pk=self.exploration.pk)


class ExplorationDetailView(ExplorationMixin, DetailView):
    """The comparison: candidates side by side on the Hexagon Tool, and the decision."""

    template_name = "innovations/exploration_detail.html"
    context_object_name = "exploration"

    def get_object(self, queryset=None):
        return self.exploration

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comparison=selectors.hexagon_comparison(self.exploration),
            version_label=HexagonVersion(self.exploration.tool_version).label,
            entries=selectors.exploration_history(self.exploration),
            **kwargs,
        )


class AssessmentCreateView(ExplorationMixin, FormView):
    """Rate one candidate on every indicator, with a rationale and the evidence used."""

    permission = Permission.WRITE
    form_class = HexagonAssessmentForm
    template_name = "innovations/assessment_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "area": self.area,
            "indicators": selectors.indicators_for(self.exploration.tool_version),
        }

    def get_initial(self):
        initial = {"assessed_on": timezone.localdate()}
        candidate = self.request.GET.get("candidate")
        if candidate and candidate.isdigit():
            initial["innovation"] = candidate
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(version_label=HexagonVersion(self.exploration.tool_version).label, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            assessment = services.hexagon_assessment_record(
                exploration=self.exploration,
                actor=self.request.user,
                innovation=data["innovation"],
                assessed_on=data["assessed_on"],
                participants=data["participants"],
                notes=data["notes"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Hexagon Tool assessment of {assessment.innovation} recorded.")
        return redirect("innovations:exploration_detail", area_slug=self.area.slug, pk=self.exploration.pk)


class AssessmentDetailView(ExplorationMixin, DetailView):
    template_name = "innovations/assessment_detail.html"
    context_object_name = "assessment"

    def get_object(self, queryset=None):
        return get_object_or_404(
            HexagonAssessment.objects.select_related("innovation", "recorded_by"),
            pk=self.kwargs["assessment_pk"],
            area=self.area,
            exploration=self.exploration,
        )

    def get_context_data(self, **kwargs):
        ratings = selectors.assessment_ratings(self.object)
        return super().get_context_data(
            ratings=ratings,
            total=sum(r.rating for r in ratings),
            maximum=5 * len(ratings),
            version_label=HexagonVersion(self.object.tool_version).label,
            **kwargs,
        )


class ExplorationDecideView(ExplorationMixin, FormView):
    """Members record the decision: it is the team's record of why it chose what it chose."""

    permission = Permission.WRITE
    form_class = ExplorationDecisionForm
    template_name = "innovations/exploration_decide.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "exploration": self.exploration}

    def get_initial(self):
        exploration = self.exploration
        if exploration.decision:
            return {
                "decision": exploration.decision,
                "decided_on": exploration.decided_on,
                "chosen": exploration.chosen_id,
                "decision_rationale": exploration.decision_rationale,
            }
        return {"decided_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(comparison=selectors.hexagon_comparison(self.exploration), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            exploration = services.exploration_decide(
                exploration=self.exploration,
                actor=self.request.user,
                decision=data["decision"],
                decided_on=data["decided_on"],
                rationale=data["decision_rationale"],
                chosen=data["chosen"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Decision recorded: {exploration.get_decision_display().lower()}.")
        return redirect("innovations:exploration_detail", area_slug=self.area.slug, pk=exploration.pk)
