"""Everyone's home page: what needs them now, most urgent first, and the ways to their part of the portal."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.todos import collect_cached

from ..access import access_for
from ..todos import grouped, home_scope


class HomeView(LoginRequiredMixin, TemplateView):
    """The landing page after sign-in: the person's to-do list for their role, with links to their
    areas, the national pages and the Community of Practice so that nobody is stranded."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        access = access_for(self.request)
        context = super().get_context_data(**kwargs)
        if not access.has_any_role:
            return context
        chosen = home_scope(access, want_all=self.request.GET.get("areas") == "all")
        todos = collect_cached(chosen.scope)
        return context | {
            "has_role": True,
            "todos": todos,
            "groups": grouped(todos, chosen.scope.today),
            "scope": chosen.scope,
            "specialist_areas": chosen.specialist_areas,
            "all_areas": chosen.all_areas,
            "own_areas": access.own_areas,
            "viewer_areas": [area for area in access.own_areas if access.is_area_viewer_of(area)],
        }


home = HomeView.as_view()
