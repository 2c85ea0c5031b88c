"""The area's one action list, and the communications log."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from areas.access import AreaMixin, AreaScopedMixin
from areas.history import history_entries
from core import freshness
from core.kept import KeptPageMixin
from core.views import (
    AreaFormMixin,
    AreaListView,
    AreaRecordMixin,
    FilteredListMixin,
    PageRows,
    RecordFromUrl,
    edit_kwargs,
    form_data,
)

from .. import selectors, services
from ..forms import ActionFilterForm, ActionForm, CommunicationFilterForm, CommunicationForm
from ..models import OPEN_STATUSES, Action, Communication, Meeting
from .pages import action_links

# What an action's pages show beside it, loaded with it.
ACTION_RELATED = ("area", "team", "owner", "owner__team", "meeting", "meeting__team", "created_by")


class ActionListView(KeptPageMixin, AreaListView):
    """The area's one action list, overdue first (the page kept until the area's records change)."""

    template_name = "teams/action_list.html"
    context_object_name = "actions"
    filter_form_class = ActionFilterForm
    filter_form_takes_area = True
    filter_lookups = {"team": "team", "owner": "owner"}
    area_rows = staticmethod(selectors.action_list_rows)
    kept_name = "teams:actions"

    def filter_rows(self, rows, filters):
        if filters["status"] == "overdue":
            rows = rows.overdue()
        elif filters["status"] == "not_closed":
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif filters["status"]:
            rows = rows.filter(status=filters["status"])
        return super().filter_rows(rows, filters)

    def get_paginator(self, queryset, *args, **kwargs):
        return super().get_paginator(PageRows(queryset, selectors.ACTION_LIST_RELATED), *args, **kwargs)

    def drawn(self, rows, count):
        empty = (
            "No action matches these filters."
            if self.request.GET
            else "No actions yet. Add what each team has agreed to do, with an owner and a due date."
        )
        context = {"area": self.area, "actions": action_links(rows, self.area), "count": count}
        return {
            "overdue_count": Action.objects.filter(area=self.area).overdue().count(),
            "table_html": render_to_string(
                "teams/_actions_table.html", {**context, "caption": "Actions, overdue first", "empty_message": empty}
            ),
        }


class ActionFormMixin(AreaFormMixin):
    """The action form; saving leads to the action's page (the generic views' default, its URL)."""

    form_class = ActionForm
    template_name = "teams/action_form.html"


class ActionCreateView(ActionFormMixin, AreaMixin, CreateView):
    success_message = "Action “{obj}” added."

    def get_initial(self):
        initial = {}
        for name in ("meeting", "team"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        if "meeting" in initial and "team" not in initial:
            meeting = Meeting.objects.filter(area=self.area, pk=initial["meeting"]).first()
            if meeting:
                initial["team"] = meeting.team_id
        return initial

    def perform(self, form):
        return services.action_create(
            area=self.area, actor=self.request.user, **form_data(form, services.ACTION_FIELDS)
        )


class ActionDetailView(AreaRecordMixin, DetailView):
    """An action, what it is about and its history. The record it is about and the history, drawn
    from the area's records, are kept until one of them (or the programme's) changes."""

    template_name = "teams/action_detail.html"
    context_object_name = "action"
    action = RecordFromUrl(Action, select_related=ACTION_RELATED)

    def about(self, action) -> dict:
        subject = action.subject if action.subject_content_type_id else None
        entries = history_entries(
            Action.history.filter(id=action.pk).select_related("owner", "team", "meeting", "meeting__team"),
            describe=lambda r: "Action",
        )
        return {
            "subject": str(subject) if subject is not None else "",
            "subject_type": action.subject_content_type.name if subject is not None else "",
            "subject_url": subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else "",
            "history": render_to_string(
                "core/history_table.html", {"entries": entries, "caption": "Changes to this action, newest first"}
            ),
        }

    def get_context_data(self, **kwargs):
        action = self.object
        about = freshness.cached(f"teams:action:{action.pk}", [self.area.pk], lambda: self.about(action))
        # The history table was rendered by our template, which escaped every value.
        history = mark_safe(about["history"])  # noqa: S308
        return super().get_context_data(**{**about, "history": history}, **kwargs)


class ActionUpdateView(ActionFormMixin, AreaRecordMixin, UpdateView):
    """Change an action; cancelling is a status, never a deletion."""

    context_object_name = "action"
    success_message = "Action “{obj}” saved."
    action = RecordFromUrl(Action, select_related=ACTION_RELATED)

    def perform(self, form):
        return services.action_update(action=self.object, **edit_kwargs(self, form))


# --- Communications -------------------------------------------------------------------------------


class CommunicationListView(FilteredListMixin, AreaScopedMixin, ListView):
    """The communications log: who was told what, how and when."""

    model = Communication
    queryset = Communication.objects.select_related("team", "recorded_by").order_by("-sent_on", "-pk")
    template_name = "teams/communication_list.html"
    context_object_name = "communications"
    filter_form_class = CommunicationFilterForm
    filter_form_takes_area = True
    filter_lookups = {"audience": "audience", "channel": "channel", "team": "team"}


class CommunicationFormMixin(AreaFormMixin):
    form_class = CommunicationForm
    template_name = "teams/communication_form.html"

    def get_success_url(self):
        return reverse("teams:communications", args=[self.area.slug])


class CommunicationCreateView(CommunicationFormMixin, AreaMixin, CreateView):
    success_message = "Communication logged."

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def perform(self, form):
        return services.communication_create(
            area=self.area, actor=self.request.user, **form_data(form, services.COMMUNICATION_FIELDS)
        )


class CommunicationUpdateView(CommunicationFormMixin, AreaRecordMixin, UpdateView):
    context_object_name = "communication"
    success_message = "Communication saved."
    communication = RecordFromUrl(Communication)

    def perform(self, form):
        return services.communication_update(communication=self.object, **edit_kwargs(self, form))
