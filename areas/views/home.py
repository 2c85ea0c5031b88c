"""Everyone's home page: what needs them now, most urgent first, and the ways to their part of the portal."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
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
        today = chosen.scope.today

        def drawn(todos) -> tuple[int, str]:
            # The list is drawn once, with the items, until something in scope changes.
            groups = grouped(todos, today)
            context = {"groups": groups, "show_area": True, "heading_level": "h2", "prefix": "home-"}
            return len(todos), render_to_string("areas/_todo_list.html", context) if groups else ""

        todo_count, todo_html = collect_cached(chosen.scope, drawn)
        return context | {
            "has_role": True,
            "todo_count": todo_count,
            "todo_html": mark_safe(todo_html),  # noqa: S308 - rendered by our template just above
            "scope": chosen.scope,
            "specialist_areas": chosen.specialist_areas,
            "all_areas": chosen.all_areas,
            "own_areas": access.own_areas,
            "viewer_areas": [area for area in access.own_areas if access.is_area_viewer_of(area)],
        }


home = HomeView.as_view()
