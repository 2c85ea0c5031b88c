"""Exploration: a need, the candidate innovations assessed on the Hexagon Tool side by side, and
the decision to proceed, not proceed or revisit."""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from areas.access import AreaMixin, Permission
from core import freshness
from core.views import FilteredListMixin, RecordFromUrl, ServiceFormMixin, edit_kwargs, form_data, service_kwargs

from .. import selectors, services
from ..filter_forms import ExplorationFilterForm
from ..forms import ExplorationDecisionForm, ExplorationForm, HexagonAssessmentForm
from ..models import HexagonAssessment, HexagonVersion
from .records import ExplorationMixin, preselected

ASSESSMENT_FIELDS = ("innovation", "assessed_on", "participants", "notes")


class ExplorationFormMixin(ServiceFormMixin):
    """A form about an exploration that leads to its page (first in a view's bases, so its
    `permission` wins over the record mixin's default)."""

    permission = Permission.WRITE

    def get_success_url(self):
        exploration = getattr(self, "exploration", None) or self.saved
        return reverse("innovations:exploration_detail", kwargs={"area_slug": self.area.slug, "pk": exploration.pk})


class ExplorationListView(FilteredListMixin, AreaMixin, ListView):
    template_name = "innovations/exploration_list.html"
    context_object_name = "explorations"
    filter_form_class = ExplorationFilterForm

    def unfiltered_rows(self):
        return selectors.explorations_for(self.area).order_by("-started_on", "-pk")

    def filter_rows(self, explorations, filters):
        if decision := filters["decision"]:
            explorations = explorations.filter(decision="" if decision == "none" else decision)
        return explorations


class ExplorationCreateView(ExplorationFormMixin, AreaMixin, CreateView):
    form_class = ExplorationForm
    template_name = "innovations/exploration_form.html"
    success_message = "Exploration started. Assess each candidate on the Hexagon Tool."

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def perform(self, form):
        data = form_data(form, ExplorationForm.Meta.fields)
        return services.exploration_save(area=self.area, actor=self.request.user, data=data)


class ExplorationUpdateView(ExplorationFormMixin, ExplorationMixin, UpdateView):
    form_class = ExplorationForm
    template_name = "innovations/exploration_form.html"
    success_message = "Exploration saved."

    def perform(self, form):
        return services.exploration_save(area=self.area, exploration=self.exploration, **edit_kwargs(self, form))


class ExplorationDetailView(ExplorationMixin, DetailView):
    """The comparison: candidates side by side on the Hexagon Tool, and the decision."""

    template_name = "innovations/exploration_detail.html"

    def get_context_data(self, **kwargs):
        exploration = self.exploration
        # The same for every reader: kept until a record of the area (or the Hexagon's indicators) changes.
        comparison, entries = freshness.cached(
            f"innovations:exploration:{exploration.pk}",
            [self.area.pk],
            lambda: (selectors.hexagon_comparison(exploration), selectors.exploration_history(exploration)),
        )
        return super().get_context_data(
            comparison=comparison,
            version_label=HexagonVersion(exploration.tool_version).label,
            entries=entries,
            **kwargs,
        )


class HexagonAssessmentCreateView(ExplorationFormMixin, ExplorationMixin, FormView):
    """Rate one candidate on every indicator, with a rationale and the evidence used."""

    form_class = HexagonAssessmentForm
    template_name = "innovations/assessment_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "area": self.area,
            "indicators": selectors.indicators_for(self.exploration.tool_version),
        }

    def get_initial(self):
        return preselected(self, "candidate", "innovation", assessed_on=timezone.localdate())

    def get_context_data(self, **kwargs):
        return super().get_context_data(version_label=HexagonVersion(self.exploration.tool_version).label, **kwargs)

    def perform(self, form):
        return services.hexagon_assessment_record(
            exploration=self.exploration, ratings=form.ratings(), **service_kwargs(self, form, ASSESSMENT_FIELDS)
        )

    def get_success_message(self, assessment) -> str:
        return f"Hexagon Tool assessment of {assessment.innovation} recorded."


class HexagonAssessmentDetailView(ExplorationMixin, DetailView):
    template_name = "innovations/assessment_detail.html"
    assessment = RecordFromUrl(
        HexagonAssessment, "assessment_pk", parent="exploration", select_related=("innovation", "recorded_by")
    )

    def get_context_data(self, **kwargs):
        ratings = selectors.assessment_ratings(self.assessment)
        return super().get_context_data(
            ratings=ratings,
            concerns=[r for r in ratings if r.is_concern],
            version_label=HexagonVersion(self.assessment.tool_version).label,
            **kwargs,
        )


class ExplorationDecideView(ExplorationFormMixin, ExplorationMixin, FormView):
    """Members record the decision: it is the team's record of why it chose what it chose."""

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

    def perform(self, form):
        return services.exploration_decide(
            exploration=self.exploration,
            rationale=form.cleaned_data["decision_rationale"],
            **service_kwargs(self, form, ("decision", "decided_on", "chosen")),
        )

    def get_success_message(self, exploration) -> str:
        return f"Decision recorded: {exploration.get_decision_display().lower()}."
