"""An innovation's own implementation stage: the stages app's pages with the innovation as their
subject (a member proposes, a lead or CELCIS confirms, as for the programme). innovations/urls.py
passes `INNOVATION_STAGE` to those views."""

from django.shortcuts import get_object_or_404

from stages.views import StagePages

from ..models import Innovation


class InnovationStagePages(StagePages):
    """The stage pages under /areas/<slug>/innovations/<pk>/stage/, headed as the innovation's pages."""

    namespace = "innovations"
    # The innovation's checklist is on its stage page, so "activities" leads there.
    url_names = {
        "stage": "stage",
        "change": "stage_change",
        "decide": "stage_decide",
        "activity": "activity_progress",
        "activities": "stage",
    }
    record_kwargs = {"decide": "change_pk", "activity": "activity_pk"}
    breadcrumbs = "innovations/_breadcrumbs.html"
    nav = "innovations/_innovation_nav.html"
    stage_page_name = "Stage"
    activities_page_name = "Stage"
    kind = "innovation"

    def get_subject(self, view) -> Innovation:
        """The innovation named in the URL, from the view's area only (404 otherwise)."""
        innovation = get_object_or_404(Innovation.objects.filter(area=view.area), pk=view.kwargs["pk"])
        innovation.area = view.area  # already loaded: saves a query wherever the page names the area
        return innovation

    def url_kwargs(self, view) -> dict:
        return {"area_slug": view.area.slug, "pk": view.subject.pk}

    def context(self, view) -> dict:
        return {"innovation": view.subject, "page": "stage"}


INNOVATION_STAGE = InnovationStagePages()
