"""The area's one action list, and the communications log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from areas.access import AreaMixin, Permission
from areas.history import history_entries

from .. import selectors, services
from ..forms import ActionFilterForm, ActionForm, CommunicationFilterForm, CommunicationForm
from ..models import OPEN_STATUSES, Action, Communication, Meeting
from .common import PAGE_SIZE, apply_errors, form_data


class ActionListView(AreaMixin, ListView):
    """The area's one action list, overdue first."""

    template_name = "teams/action_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "actions"

    def get_queryset(self):
        self.filter_form = ActionFilterForm(self.request.GET or None, area=self.area)
        actions = selectors.actions_for_area(self.area)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["status"] == "overdue":
                actions = actions.overdue()
            elif data["status"] == "not_closed":
                actions = actions.filter(status__in=OPEN_STATUSES)
            elif data["status"]:
                actions = actions.filter(status=data["status"])
            if data["team"]:
                actions = actions.filter(team=data["team"])
            if data["owner"]:
                actions = actions.filter(owner=data["owner"])
        return actions

    def get_context_data(self, **kwargs):
        overdue_count = Action.objects.filter(area=self.area).overdue().count()
        return super().get_context_data(filter_form=self.filter_form, overdue_count=overdue_count, **kwargs)


class ActionCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = ActionForm
    template_name = "teams/action_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

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

    def form_valid(self, form):
        data = form_data(form, services.ACTION_FIELDS)
        try:
            action = services.action_create(area=self.area, actor=self.request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Action “{action}” added.")
        return redirect("teams:action_detail", area_slug=self.area.slug, pk=action.pk)


class ActionInUrlMixin(AreaMixin):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Action.objects.select_related(
                "area", "team", "owner", "owner__team", "meeting", "meeting__team", "created_by"
            ),
            pk=self.kwargs["pk"],
            area=self.area,
        )


class ActionDetailView(ActionInUrlMixin, DetailView):
    template_name = "teams/action_detail.html"
    context_object_name = "action"

    def get_context_data(self, **kwargs):
        action = self.object
        subject = action.subject if action.subject_content_type_id else None
        entries = history_entries(
            Action.history.filter(id=action.pk).select_related("owner", "team", "meeting", "meeting__team"),
            describe=lambda r: "Action",
        )
        return super().get_context_data(
            subject=subject,
            subject_type=action.subject_content_type.name if subject is not None else "",
            subject_url=subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else "",
            entries=entries,
            **kwargs,
        )


class ActionUpdateView(ActionInUrlMixin, UpdateView):
    """Change an action; cancelling is a status, never a deletion."""

    permission = Permission.WRITE
    form_class = ActionForm
    template_name = "teams/action_form.html"
    context_object_name = "action"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def form_valid(self, form):
        try:
            action = services.action_update(
                action=self.object, actor=self.request.user, data=form_data(form, services.ACTION_FIELDS)
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Action “{action}” saved.")
        return redirect("teams:action_detail", area_slug=self.area.slug, pk=action.pk)


# --- Communications -------------------------------------------------------------------------------


class CommunicationListView(AreaMixin, ListView):
    """The communications log: who was told what, how and when."""

    template_name = "teams/communication_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "communications"

    def get_queryset(self):
        self.filter_form = CommunicationFilterForm(self.request.GET or None, area=self.area)
        communications = Communication.objects.filter(area=self.area)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            for name in ("audience", "channel", "team"):
                if data[name]:
                    communications = communications.filter(**{name: data[name]})
        return communications.select_related("team", "recorded_by").order_by("-sent_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class CommunicationCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = CommunicationForm
    template_name = "teams/communication_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def form_valid(self, form):
        data = form_data(form, services.COMMUNICATION_FIELDS)
        try:
            services.communication_create(area=self.area, actor=self.request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Communication logged.")
        return redirect("teams:communications", area_slug=self.area.slug)


class CommunicationUpdateView(AreaMixin, UpdateView):
    permission = Permission.WRITE
    form_class = CommunicationForm
    template_name = "teams/communication_form.html"
    context_object_name = "communication"

    def get_object(self, queryset=None):
        return get_object_or_404(Communication, pk=self.kwargs["pk"], area=self.area)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def form_valid(self, form):
        try:
            services.communication_update(
                communication=self.object, actor=self.request.user, data=form_data(form, services.COMMUNICATION_FIELDS)
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Communication saved.")
        return redirect("teams:communications", area_slug=self.area.slug)
