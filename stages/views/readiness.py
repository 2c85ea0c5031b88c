"""Readiness for change: checks scored 1–5 on each question, repeated so change over time shows."""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView

from areas.access import AreaMixin, Permission
from core.views import AreaRecordMixin, RecordFromUrl, ServiceFormMixin, service_kwargs

from .. import selectors, services
from ..forms import ReadinessCheckForm
from ..models import ReadinessCheck, ReadinessQuestion


class ReadinessListView(AreaMixin, TemplateView):
    """Every readiness check side by side: questions as rows, checks (newest first) as columns."""

    template_name = "stages/readiness_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.readiness_table(self.area), **kwargs)


class ReadinessCreateView(AreaMixin, ServiceFormMixin, FormView):
    permission = Permission.WRITE
    form_class = ReadinessCheckForm
    template_name = "stages/readiness_form.html"
    success_message = "Readiness check recorded."

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "questions": list(ReadinessQuestion.objects.filter(retired_on__isnull=True)),
        }

    def get_initial(self):
        return {"checked_on": timezone.localdate()}

    def perform(self, form):
        return services.readiness_check_record(
            area=self.area, scores=form.scores(), **service_kwargs(self, form, ("checked_on", "participants", "notes"))
        )

    def get_success_url(self):
        return reverse("stages:readiness_detail", kwargs={"area_slug": self.area.slug, "pk": self.saved.pk})


class ReadinessDetailView(AreaRecordMixin, DetailView):
    template_name = "stages/readiness_detail.html"
    check = RecordFromUrl(ReadinessCheck, select_related=("recorded_by",))

    def get_context_data(self, **kwargs):
        answers = list(self.check.answers.select_related("question"))
        return super().get_context_data(answers=answers, mean=selectors.mean_score(a.score for a in answers), **kwargs)
