"""Team meetings: scheduled or held, who attended, notes and decisions."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from areas.access import AreaMixin, AreaScopedMixin, Permission
from core.dates import day_label
from core.kept import KeptPageMixin
from core.views import AreaRecordMixin, FilteredListMixin, RecordFromUrl, ServiceFormMixin, form_data

from .. import selectors, services
from ..forms import MeetingFilterForm, MeetingForm, MeetingStartForm
from ..models import Action, Meeting, MeetingAttendance, Team
from .pages import action_links, meeting_links


def _count(rows):
    """How many of `rows` there are, as a subquery (0 for none)."""
    counted = rows.order_by().values("meeting").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class MeetingListView(KeptPageMixin, FilteredListMixin, AreaScopedMixin, ListView):
    """Every team's meetings in the area (or one team's), newest first (the page kept until the area's
    records change)."""

    model = Meeting
    # Counted per row shown (a subquery each), not by joining every meeting's attendance and actions:
    # the page and its count then read only the meetings themselves.
    queryset = (
        Meeting.objects.select_related("team")
        .annotate(
            attendee_count=_count(MeetingAttendance.objects.filter(meeting=OuterRef("pk"))),
            action_count=_count(Action.objects.filter(meeting=OuterRef("pk"))),
        )
        .order_by("-held_on", "-pk")
    )
    template_name = "teams/meeting_list.html"
    context_object_name = "meetings"
    filter_form_class = MeetingFilterForm
    filter_form_takes_area = True
    selected_team = None
    kept_name = "teams:meetings"

    def filter_rows(self, rows, filters):
        if filters["team"]:
            self.selected_team = filters["team"]
            rows = rows.filter(team=filters["team"])
        if filters["start"]:
            rows = rows.filter(held_on__gte=filters["start"])
        if filters["end"]:
            rows = rows.filter(held_on__lte=filters["end"])
        return rows

    def kept_variant(self):
        return str(int(self.access.can_edit_area(self.area)))

    def drawn(self, rows, count):
        context = {
            "area": self.area,
            "meetings": meeting_links(rows, self.area),
            "count": count,
            "today": timezone.localdate(),
            "can_edit_area": self.access.can_edit_area(self.area),
            "filtered": bool(self.request.GET),
        }
        return {"table_html": render_to_string("teams/_meetings_table.html", context)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(selected_team=self.selected_team, **kwargs)


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


class MeetingFormMixin(ServiceFormMixin):
    """A meeting's form offers its team's members as attendees; saving leads to the meeting."""

    permission = Permission.WRITE
    form_class = MeetingForm
    template_name = "teams/meeting_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.team}

    def get_success_url(self):
        return reverse("teams:meeting_detail", args=[self.area.slug, self.saved.pk])


class MeetingCreateView(MeetingFormMixin, AreaRecordMixin, CreateView):
    team = RecordFromUrl(Team, select_related=("area",))

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, form):
        return services.meeting_create(
            team=self.team, actor=self.request.user, **form_data(form, MeetingForm.Meta.fields)
        )

    def get_success_message(self, meeting):
        verb = "scheduled" if meeting.is_scheduled else "recorded"
        return f"Meeting on {day_label(meeting.held_on)} {verb}."


class MeetingRecordMixin(AreaRecordMixin):
    """The meeting in the URL, and its team beside it."""

    meeting = RecordFromUrl(Meeting, select_related=("team", "area"))

    @property
    def team(self) -> Team:
        return self.meeting.team

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, **kwargs)


class MeetingDetailView(MeetingRecordMixin, DetailView):
    template_name = "teams/meeting_detail.html"
    context_object_name = "meeting"

    def get_context_data(self, **kwargs):
        attendance = self.meeting.attendance.filter(area=self.area).select_related("member").order_by("member__name")
        actions = action_links(list(selectors.actions_for_area(self.area).filter(meeting=self.meeting)), self.area)
        return super().get_context_data(attendees=[a.member for a in attendance], actions=actions, **kwargs)


class MeetingUpdateView(MeetingFormMixin, MeetingRecordMixin, UpdateView):
    """Edit a meeting's notes and attendance; a clashing save is caught by the record's version."""

    context_object_name = "meeting"

    def perform(self, form):
        return services.meeting_update(
            meeting=self.meeting,
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            data=form_data(form, MeetingForm.Meta.fields),
        )

    def get_success_message(self, meeting):
        return f"Meeting on {day_label(meeting.held_on)} saved."
