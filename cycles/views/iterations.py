"""The iterations of a usability test: each small cohort's results against the criteria for success."""

from __future__ import annotations

from django.views.generic import CreateView, UpdateView

from core.views import RecordFromUrl, ServiceFormMixin, form_data

from .. import services
from ..forms import IterationForm
from ..models import ITERATION_FIELDS, Phase, UsabilityIteration
from .common import OpenCycleMixin


class IterationFormMixin(ServiceFormMixin, OpenCycleMixin):
    """Iterations belong to a usability test in Do or later that is not closed."""

    form_class = IterationForm
    template_name = "cycles/iteration_form.html"

    def refusal(self) -> str:
        closed = super().refusal()
        if closed:
            return closed
        if not self.cycle.is_usability_test:
            return "Only a usability test has iterations."
        if self.cycle.phase == Phase.PLAN:
            return "Record iterations once the test has moved to Do."
        return ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def perform(self, form):
        return services.iteration_save(
            cycle=self.cycle,
            actor=self.request.user,
            data=form_data(form, ITERATION_FIELDS),
            iteration=form.instance if form.instance.pk else None,
            expected_version=form.cleaned_data.get("version"),
        )

    def get_success_message(self, iteration):
        return f"Iteration {iteration.number} saved."


class IterationCreateView(IterationFormMixin, CreateView):
    def get_initial(self):
        return {"number": services.next_iteration_number(self.cycle), "cohort_size": self.cycle.cohort_size}


class IterationUpdateView(IterationFormMixin, UpdateView):
    iteration = RecordFromUrl(UsabilityIteration, "iteration_pk", parent="cycle")

    def get_object(self, queryset=None):
        return self.iteration
