"""Teams with their terms of reference and members, and the area's resourcing figures."""

from django.conf import settings
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from areas.access import AreaMixin, Permission
from areas.history import history_page
from core import freshness
from core.dates import day_label
from core.kept import KeptPageMixin
from core.views import (
    AreaFormMixin,
    AreaListView,
    AreaRecordMixin,
    RecordFromUrl,
    ServiceFormMixin,
    edit_kwargs,
    form_data,
    record_link,
)

from .. import selectors, services
from ..forms import TeamFilterForm, TeamForm, TeamMemberForm
from ..models import OPEN_STATUSES, Action, Meeting, MeetingAttendance, Team, TeamMember
from .pages import action_links


class TeamListView(KeptPageMixin, AreaListView):
    """The landing page: the area's teams by level, with parent teams, dedicated time and health (the
    tables and figures kept until the area's records change)."""

    template_name = "teams/team_list.html"
    context_object_name = "teams"
    filter_form_class = TeamFilterForm
    area_rows = staticmethod(selectors.teams_with_figures)
    kept_name = "teams:teams"

    def get_queryset(self):
        teams = super().get_queryset()
        # With no (valid) choice the list shows the teams still standing.
        return teams if self.filter_form.is_valid() else self.filter_rows(teams, {"show": ""})

    def filter_rows(self, rows, filters):
        if filters["show"] == "stood_down":
            return rows.filter(stood_down_on__isnull=False)
        if filters["show"] == "all":
            return rows
        return rows.filter(stood_down_on__isnull=True)

    def kept_variant(self) -> str:
        return str(int(self.access.can_edit_area(self.area)))

    def drawn(self, rows, count):
        _, total = selectors.resourcing_by_organisation(self.area)
        detail = record_link("teams:detail", self.area.slug)
        for team in rows:
            team.detail_url = detail(team.pk)
            team.parent_url = detail(team.parent_id) if team.parent_id else ""
        context = {
            "area": self.area,
            "can_edit_area": self.access.can_edit_area(self.area),
            "groups": selectors.levels_with_teams(rows),
            "filtered": bool(self.request.GET.get("show")),
        }
        return {"total": total, "table_html": render_to_string("teams/_team_tables.html", context)}


class TeamFormMixin(AreaFormMixin):
    """Team forms offer the area's own teams as parents; saving leads to the team's page
    (the generic views' default: its URL)."""

    form_class = TeamForm
    template_name = "teams/team_form.html"


class TeamCreateView(TeamFormMixin, AreaMixin, CreateView):
    success_message = "{obj} recorded. Add its members next."

    def get_initial(self):
        initial = {"formed_on": timezone.localdate()}
        parent = self.request.GET.get("parent", "")
        if parent.isdigit():
            initial["parent"] = int(parent)
        return initial

    def perform(self, form):
        # A new team has no stood-down date: the form leaves that field out, and so does form_data.
        return services.team_create(area=self.area, actor=self.request.user, **form_data(form, services.TEAM_FIELDS))


class TeamDetailView(AreaRecordMixin, DetailView):
    """One team: terms of reference, members and their dedicated time, health, meetings and actions.

    Below its heading the page is drawn from the area's records only, the same for everyone who may
    edit (or only read) the area: it is rendered once and kept until a record of the area changes,
    and for the day (health, scheduled meetings and overdue actions depend on it)."""

    template_name = "teams/team_detail.html"
    context_object_name = "team"
    team = RecordFromUrl(Team, select_related=("parent",))

    def body(self, team, can_edit: bool) -> str:
        # The team with its figures and the teams reporting to it, in one query.
        related = list(
            selectors.teams_with_figures(self.area).filter(Q(pk=team.pk) | Q(parent=team)).order_by("name", "pk")
        )
        members = list(
            TeamMember.objects.filter(area=self.area, team=team).order_by(F("left_on").desc(nulls_first=True), "name")
        )
        # One reverse() for the members' edit links rather than one a member.
        edit_url = record_link("teams:member_update", self.area.slug, team.pk)
        for member in members:
            member.edit_url = edit_url(member.pk)
        meetings = (
            Meeting.objects.filter(area=self.area, team=team)
            .annotate(attendee_count=Count("attendance"))
            .order_by("-held_on", "-pk")[:5]
        )
        open_actions = selectors.actions_for_area(self.area).filter(team=team, status__in=OPEN_STATUSES)
        context = {
            "area": self.area,
            "team": next(row for row in related if row.pk == team.pk),
            "can_edit_area": can_edit,
            "current_members": [m for m in members if m.is_active],
            "past_members": [m for m in members if not m.is_active],
            "children": [row for row in related if row.pk != team.pk],
            "meetings": list(meetings),
            "open_actions": action_links(list(open_actions[:10]), self.area),
        }
        return render_to_string("teams/_team_body.html", context)

    def get_context_data(self, **kwargs):
        team = self.object
        can_edit = self.access.can_edit_area(self.area)
        key = f"teams:team:{team.pk}:{int(can_edit)}:{timezone.localdate().isoformat()}"
        body = freshness.cached(key, [self.area.pk], lambda: self.body(team, can_edit))
        # Rendered by our templates, which escaped every value.
        return super().get_context_data(body=mark_safe(body), **kwargs)  # noqa: S308


class TeamUpdateView(TeamFormMixin, AreaRecordMixin, UpdateView):
    """Edit a team and its terms of reference; two people saving at once cannot overwrite each other."""

    context_object_name = "team"
    success_message = "{obj} saved."
    team = RecordFromUrl(Team, select_related=("area",))

    def perform(self, form):
        return services.team_update(
            team=self.object,
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            data=form_data(form, services.TEAM_FIELDS),
        )


class TeamHistoryView(AreaRecordMixin, TemplateView):
    """Who changed the team, its members, meetings, attendance and actions, and when."""

    template_name = "teams/team_history.html"
    team = RecordFromUrl(Team, select_related=("area",))

    def get_context_data(self, **kwargs):
        pk = self.team.pk
        page, entries = history_page(
            [
                (Team.history.filter(id=pk).select_related("parent"), lambda r: "Team and terms of reference"),
                (TeamMember.history.filter(team_id=pk).select_related("user"), lambda r: f"Member: {r.name}"),
                (Meeting.history.filter(team_id=pk), lambda r: f"Meeting on {day_label(r.held_on)}"),
                (
                    MeetingAttendance.history.filter(meeting__team_id=pk).select_related("member", "meeting"),
                    lambda r: f"Attendance at the meeting on {day_label(r.meeting.held_on)}: {r.member.name}",
                ),
                (
                    Action.history.filter(team_id=pk).select_related("owner", "team", "meeting", "meeting__team"),
                    lambda r: f"Action: {r.title}",
                ),
            ],
            self.request.GET.get("page"),
            cache_key=f"teams:history:{pk}",
            area_ids=[self.area.pk],
        )
        return super().get_context_data(page_obj=page, entries=entries, **kwargs)


# --- Members --------------------------------------------------------------------------------------


class MemberFormMixin(ServiceFormMixin, AreaRecordMixin):
    """Member forms live under their team's URL; saving leads back to the team's members."""

    permission = Permission.WRITE
    form_class = TeamMemberForm
    template_name = "teams/member_form.html"
    team = RecordFromUrl(Team, select_related=("area",))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.team}

    def get_success_url(self):
        return reverse("teams:detail", args=[self.area.slug, self.team.pk]) + "#members-heading"


class MemberCreateView(MemberFormMixin, CreateView):
    success_message = "{obj} added to {obj.team}."

    def get_initial(self):
        return {"joined_on": timezone.localdate()}

    def perform(self, form):
        return services.team_member_add(
            team=self.team, actor=self.request.user, **form_data(form, services.MEMBER_FIELDS)
        )


class MemberUpdateView(MemberFormMixin, UpdateView):
    """Change a member's details, hours or dates; members leave (a date), they are never deleted."""

    context_object_name = "member"
    success_message = "{obj}'s details saved."
    member = RecordFromUrl(TeamMember, "member_pk", parent="team", select_related=("user",))

    def get_object(self, queryset=None):
        return self.member

    def perform(self, form):
        return services.team_member_update(member=self.object, **edit_kwargs(self, form))


# --- Resourcing -----------------------------------------------------------------------------------


class ResourcingView(AreaMixin, TemplateView):
    """Dedicated full-time equivalents per team, per partner organisation and for the area (worked
    out once until the area's records change)."""

    template_name = "teams/resourcing.html"

    def get_context_data(self, **kwargs):
        # Worked out once per day (a member's leaving date passes) until the area's records change.
        key = f"teams:resourcing:{self.area.pk}:{timezone.localdate().isoformat()}"
        resourcing = freshness.cached(key, [self.area.pk], lambda: selectors.resourcing(self.area))
        return super().get_context_data(
            resourcing=resourcing, full_time_hours=settings.FULL_TIME_WEEKLY_HOURS, **kwargs
        )
