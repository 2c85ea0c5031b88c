"""The four usable-innovation criteria, judged now and over time."""

from django.utils import timezone
from django.views.generic import FormView, TemplateView

from core.views import service_kwargs

from .. import selectors, services
from ..forms import UsabilityReviewForm
from ..models import CRITERION_HELP, CriterionRating, UsabilityCriterion
from .records import InnovationMixin, InnovationPageFormMixin


class UsabilityView(InnovationMixin, TemplateView):
    """The four criteria as judged now and over time, and why the innovation is not yet usable."""

    template_name = "innovations/usability.html"
    page = "usability"

    def get_context_data(self, **kwargs):
        verdict = selectors.verdict_for(self.innovation)
        reviews, rows = selectors.usability_reviews(self.innovation)
        labels = dict(UsabilityCriterion.choices)
        current = [
            {
                "label": labels[c],
                "help": CRITERION_HELP[c],
                "judgement": verdict.latest[c],
                "rating_label": CriterionRating(verdict.latest[c].rating).label if verdict.latest[c] else "",
                "met": c in verdict.met,
            }
            for c in UsabilityCriterion.values
        ]
        return super().get_context_data(
            verdict=verdict,
            current=current,
            not_met=[row for row in current if not row["met"]],
            reviews=reviews,
            rows=rows,
            **kwargs,
        )


class UsabilityReviewCreateView(InnovationPageFormMixin, InnovationMixin, FormView):
    form_class = UsabilityReviewForm
    template_name = "innovations/usability_form.html"
    page = "usability"
    success_page = "usability"
    success_message = "Usability judgement recorded."

    def get_initial(self):
        initial = {"reviewed_on": timezone.localdate()}
        # Start from the latest judgement, so a re-judgement changes only what has changed.
        for criterion, judgement in selectors.verdict_for(self.innovation).latest.items():
            if judgement:
                initial[f"rating_{criterion}"] = judgement.rating
                initial[f"evidence_{criterion}"] = judgement.evidence
        return initial

    def perform(self, form):
        return services.usability_review_record(
            innovation=self.innovation,
            judgements=form.judgements(),
            **service_kwargs(self, form, ("reviewed_on", "participants")),
        )
