"""Team meetings: scheduled or held, who attended, notes and decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from areas.access import AreaMixin, Permission
from core.locking import StaleEdit

from .. import selectors, services
from ..forms import MeetingFilterForm, MeetingForm, MeetingStartForm
from ..models import Meeting
from .common import PAGE_SIZE, TeamInUrlMixin, apply_errors, form_data, show_stale_edit


class MeetingListView(AreaMixin, ListView):
    """Every team's meetings in the area (or one team's), newest first."""

    template_name = "teams/meeting_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "meetings"

    def get_queryset(self):
        self.filter_form = MeetingFilterForm(self.request.GET or None, area=self.area)
        self.selected_team = None
        meetings = Meeting.objects.filter(area=self.area)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["team"]:
                self.selected_team = data["team"]
                meetings = meetings.filter(team=data["team"])
            if data["start"]:
                meetings = meetings.filter(held_on__gte=data["start"])
            if data["end"]:
                meetings = meetings.filter(held_on__lte=data["end"])
        return (
            meetings.select_related("team")
            .annotate(attendee_count=Count("attendance", distinct=True), action_count=Count("actions", distinct=True))
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, selected_team=self.selected_team, today=timezone.localdate(), **kwargs
        )


class MeetingStartView(AreaMixin, FormView):
    """Recording a meeting starts by choosing the team, whose members are then offered as attendees."""

    permission = Permission.WRITE
    form_class = MeetingStartForm
    template_name = "teams/meeting_start.html"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "area": self.area}
        if self.request.method == "GET" and "team" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form))

    def form_valid(self, form):
        return redirect("teams:meeting_create", area_slug=self.area.slug, pk=form.cleaned_data["team"].pk)


class MeetingCreateView(TeamInUrlMixin, CreateView):
    permission = Permission.WRITE
    form_class = MeetingForm
    template_name = "teams/meeting_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.team}

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def form_valid(self, form):
        data = form_data(form, ["held_on", "attendees", "notes", "decisions"])
        try:
            meeting = services.meeting_create(team=self.team, actor=self.request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        verb = "scheduled" if meeting.is_scheduled else "recorded"
        messages.success(self.request, f"Meeting on {date_format(meeting.held_on)} {verb}.")
        return redirect("teams:meeting_detail", area_slug=self.area.slug, pk=meeting.pk)


class MeetingInUrlMixin(AreaMixin):
    @cached_property
    def meeting(self) -> Meeting:
        return get_object_or_404(Meeting.objects.select_related("team", "area"), pk=self.kwargs["pk"], area=self.area)

    def get_object(self, queryset=None):
        return self.meeting


class MeetingDetailView(MeetingInUrlMixin, DetailView):
    template_name = "teams/meeting_detail.html"
    context_object_name = "meeting"

    def get_context_data(self, **kwargs):
        attendance = self.meeting.attendance.filter(area=self.area).select_related("member").order_by("member__name")
        actions = selectors.actions_for_area(self.area).filter(meeting=self.meeting)
        return super().get_context_data(
            team=self.meeting.team, attendees=[a.member for a in attendance], actions=list(actions), **kwargs
        )


class MeetingUpdateView(MeetingInUrlMixin, UpdateView):
    """Edit a meeting's notes and attendance; a clashing save is caught by the record's version."""

    permission = Permission.WRITE
    form_class = MeetingForm
    template_name = "teams/meeting_form.html"
    context_object_name = "meeting"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.meeting.team}

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.meeting.team, **kwargs)

    def form_valid(self, form):
        try:
            meeting = services.meeting_update(
                meeting=self.meeting,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                data=form_data(form, ["held_on", "attendees", "notes", "decisions"]),
            )
        except StaleEdit:
            show_stale_edit(form, self.meeting)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Meeting on {date_format(meeting.held_on)} saved.")
        return redirect("teams:meeting_detail", area_slug=self.area.slug, pk=meeting.pk)
