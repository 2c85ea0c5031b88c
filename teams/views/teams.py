"""Teams with their terms of reference and members, and the area's resourcing figures."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from areas.access import AreaMixin, Permission
from areas.history import history_entries
from core.locking import StaleEdit

from .. import selectors, services
from ..forms import TeamFilterForm, TeamForm, TeamMemberForm
from ..models import OPEN_STATUSES, Action, Meeting, MeetingAttendance, Team, TeamMember
from .common import PAGE_SIZE, TeamInUrlMixin, apply_errors, form_data, show_stale_edit


class TeamListView(AreaMixin, ListView):
    """The landing page: the area's teams by level, with parent teams, dedicated time and health."""

    template_name = "teams/team_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "teams"

    def get_queryset(self):
        self.filter_form = TeamFilterForm(self.request.GET or None)
        show = self.filter_form.cleaned_data["show"] if self.filter_form.is_valid() else ""
        teams = selectors.teams_with_figures(self.area)
        if show == "stood_down":
            return teams.filter(stood_down_on__isnull=False)
        if show == "all":
            return teams
        return teams.filter(stood_down_on__isnull=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _, total = selectors.resourcing_by_organisation(self.area)
        context.update(
            filter_form=self.filter_form,
            groups=selectors.levels_with_teams(context["teams"]),
            total=total,
        )
        return context


class TeamCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = TeamForm
    template_name = "teams/team_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        initial = {"formed_on": timezone.localdate()}
        parent = self.request.GET.get("parent", "")
        if parent.isdigit():
            initial["parent"] = int(parent)
        return initial

    def form_valid(self, form):
        data = form_data(
            form, ["name", "level", "parent", "formed_on", "purpose", "decisions", "meeting_rhythm", "communication"]
        )
        try:
            team = services.team_create(area=self.area, actor=self.request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{team} recorded. Add its members next.")
        return redirect("teams:detail", area_slug=self.area.slug, pk=team.pk)


class TeamDetailView(AreaMixin, DetailView):
    """One team: terms of reference, members and their dedicated time, health, meetings and actions."""

    template_name = "teams/team_detail.html"
    context_object_name = "team"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.teams_with_figures(self.area), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        team = self.object
        members = list(
            TeamMember.objects.filter(area=self.area, team=team).order_by(F("left_on").desc(nulls_first=True), "name")
        )
        meetings = (
            Meeting.objects.filter(area=self.area, team=team)
            .annotate(attendee_count=Count("attendance"))
            .order_by("-held_on", "-pk")[:5]
        )
        open_actions = selectors.actions_for_area(self.area).filter(team=team, status__in=OPEN_STATUSES)
        return super().get_context_data(
            current_members=[m for m in members if m.is_active],
            past_members=[m for m in members if not m.is_active],
            children=list(Team.objects.filter(area=self.area, parent=team).order_by("name")),
            meetings=list(meetings),
            open_actions=list(open_actions[:10]),
            **kwargs,
        )


class TeamUpdateView(AreaMixin, UpdateView):
    """Edit a team and its terms of reference; two people saving at once cannot overwrite each other."""

    permission = Permission.WRITE
    form_class = TeamForm
    template_name = "teams/team_form.html"
    context_object_name = "team"

    def get_object(self, queryset=None):
        return get_object_or_404(Team.objects.select_related("area"), pk=self.kwargs["pk"], area=self.area)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def form_valid(self, form):
        data = form_data(form, services.TEAM_FIELDS)
        try:
            team = services.team_update(
                team=self.object, actor=self.request.user, expected_version=form.cleaned_data["version"], data=data
            )
        except StaleEdit:
            show_stale_edit(form, self.object)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{team} saved.")
        return redirect("teams:detail", area_slug=self.area.slug, pk=team.pk)


class TeamHistoryView(TeamInUrlMixin, TemplateView):
    """Who changed the team, its members, meetings, attendance and actions, and when."""

    template_name = "teams/team_history.html"

    def get_context_data(self, **kwargs):
        pk = self.team.pk
        entries = [
            *history_entries(
                Team.history.filter(id=pk).select_related("parent"), describe=lambda r: "Team and terms of reference"
            ),
            *history_entries(
                TeamMember.history.filter(team_id=pk).select_related("user"), describe=lambda r: f"Member: {r.name}"
            ),
            *history_entries(
                Meeting.history.filter(team_id=pk), describe=lambda r: f"Meeting on {date_format(r.held_on)}"
            ),
            *history_entries(
                MeetingAttendance.history.filter(meeting__team_id=pk).select_related("member", "meeting"),
                describe=lambda r: f"Attendance at the meeting on {date_format(r.meeting.held_on)}: {r.member.name}",
            ),
            *history_entries(
                Action.history.filter(team_id=pk).select_related("owner", "team", "meeting", "meeting__team"),
                describe=lambda r: f"Action: {r.title}",
            ),
        ]
        entries.sort(key=lambda e: e.when, reverse=True)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, **kwargs)


# --- Members --------------------------------------------------------------------------------------


class MemberCreateView(TeamInUrlMixin, CreateView):
    permission = Permission.WRITE
    form_class = TeamMemberForm
    template_name = "teams/member_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.team}

    def get_initial(self):
        return {"joined_on": timezone.localdate()}

    def form_valid(self, form):
        data = form_data(form, services.MEMBER_FIELDS)
        try:
            member = services.team_member_add(team=self.team, actor=self.request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{member} added to {self.team}.")
        return redirect(reverse("teams:detail", args=[self.area.slug, self.team.pk]) + "#members-heading")


class MemberUpdateView(TeamInUrlMixin, UpdateView):
    """Change a member's details, hours or dates; members leave (a date), they are never deleted."""

    permission = Permission.WRITE
    form_class = TeamMemberForm
    template_name = "teams/member_form.html"
    context_object_name = "member"

    def get_object(self, queryset=None):
        return get_object_or_404(
            TeamMember.objects.select_related("user"), pk=self.kwargs["member_pk"], team=self.team, area=self.area
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.team}

    def form_valid(self, form):
        try:
            member = services.team_member_update(
                member=self.object, actor=self.request.user, data=form_data(form, services.MEMBER_FIELDS)
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{member}'s details saved.")
        return redirect(reverse("teams:detail", args=[self.area.slug, self.team.pk]) + "#members-heading")


# --- Resourcing -----------------------------------------------------------------------------------


class ResourcingView(AreaMixin, TemplateView):
    """Dedicated full-time equivalents per team, per partner organisation and for the area."""

    template_name = "teams/resourcing.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resourcing=selectors.resourcing(self.area), full_time_hours=settings.FULL_TIME_WEEKLY_HOURS, **kwargs
        )
