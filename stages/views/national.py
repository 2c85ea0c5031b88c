"""The national stages pages: every programme area side by side, and the activity catalogue that
CELCIS keeps."""

from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import CreateView, TemplateView, UpdateView

from areas.access import NationalMixin
from areas.models import LocalArea
from core import freshness
from core.views import ServiceFormMixin, form_data

from .. import bulk, evidence, services
from ..forms import StageActivityForm
from ..models import STAGE_ORDER, Stage, StageActivity


class NationalStagesView(NationalMixin, TemplateView):
    """Every programme area side by side, and every innovation with a stage record: current stage,
    time in it, and proportion done and activity span per stage."""

    template_name = "stages/national.html"

    def get_context_data(self, **kwargs):
        areas = list(LocalArea.objects.in_programme().order_by("name"))
        today = timezone.localdate()
        # Worked out once a day until a programme area's records (or the activity catalogue) change.
        stages = [{"value": s, "label": Stage(s).label} for s in STAGE_ORDER]

        def drawn() -> tuple[dict, str]:
            overview = bulk.national_stage_overview(areas, today)
            context = {"rows": overview["programmes"], "subject_rows": overview["subjects"], "stages": stages}
            return overview, render_to_string("stages/_national_tables.html", context)

        overview, html = freshness.cached(f"stages:national:{today.isoformat()}", [area.pk for area in areas], drawn)
        return super().get_context_data(
            rows=overview["programmes"],
            subject_rows=overview["subjects"],
            tables_html=mark_safe(html),  # noqa: S308 - rendered by our template
            **kwargs,
        )


class ActivityCatalogueView(NationalMixin, TemplateView):
    """The stage-based activity catalogue; CELCIS edits it."""

    template_name = "stages/catalogue.html"

    def get_context_data(self, **kwargs):
        activities = list(StageActivity.objects.all())
        for activity in activities:
            activity.evidence_labels = evidence.kind_labels(activity.evidence_kinds)
        stages = [
            {"value": s, "label": Stage(s).label, "activities": [a for a in activities if a.stage == s]}
            for s in STAGE_ORDER
        ]
        return super().get_context_data(stages=stages, **kwargs)


class CatalogueActivityFormMixin(NationalMixin, ServiceFormMixin):
    write = True
    form_class = StageActivityForm
    template_name = "stages/activity_form.html"
    success_url = reverse_lazy("stages:catalogue")

    def perform(self, form):
        # An update starts from the stored activity; a new one from none.
        activity = self.object if self.object is not None and self.object.pk else None
        return services.activity_save(
            actor=self.request.user, data=form_data(form, StageActivityForm.Meta.fields), activity=activity
        )


class CatalogueActivityCreateView(CatalogueActivityFormMixin, CreateView):
    success_message = "Activity added to the catalogue."

    def get_initial(self):
        return {"stage": self.request.GET.get("stage", Stage.EXPLORATION)}


class CatalogueActivityUpdateView(CatalogueActivityFormMixin, UpdateView):
    model = StageActivity
    success_message = "Activity saved."
