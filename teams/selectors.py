"""Reads for teams: dedicated time, team health and actions, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from areas.models import LocalArea
from areas.subjects import subject_filter

from .figures import hours_to_fte
from .models import CLOSED_STATUSES, LEVEL_ORDER, Action, Meeting, PartnerOrganisation, Team, TeamLevel, TeamMember

HOURS = DecimalField(max_digits=6, decimal_places=1)


def _active(prefix: str = "", today=None) -> Q:
    """Members on their team on `today`: joined by then, and not yet gone."""
    today = today or timezone.localdate()
    still_there = Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": today})
    return Q(**{f"{prefix}joined_on__lte": today}) & still_there


def teams_with_figures(area):
    """The area's teams, top level first, each with its active members, their dedicated hours and
    its last meeting so far — the figures behind FTE and the health flags (one query)."""
    today = timezone.localdate()
    members = TeamMember.objects.filter(_active(today=today), team=OuterRef("pk")).order_by().values("team")
    last_meeting = Meeting.objects.filter(team=OuterRef("pk"), held_on__lte=today).order_by("-held_on")
    level_order = Case(
        *[When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER)],
        output_field=IntegerField(),
    )
    return (
        Team.objects.filter(area=area)
        .select_related("area", "parent")
        .annotate(
            level_order=level_order,
            active_member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")), 0),
            dedicated_hours=Coalesce(
                Subquery(members.annotate(h=Sum("hours_per_week")).values("h"), output_field=HOURS),
                Value(Decimal(0)),
                output_field=HOURS,
            ),
            last_meeting_on=Subquery(last_meeting.values("held_on")[:1]),
        )
        .order_by("level_order", "name", "pk")
    )


@dataclass
class ResourcingRow:
    label: str
    members: int = 0
    hours: Decimal = Decimal(0)
    without_hours: int = 0
    team: Team | None = None
    organisation: str = ""  # the partner organisation's value, on a row per organisation

    @property
    def fte(self) -> Decimal:
        return hours_to_fte(self.hours)


@dataclass
class Resourcing:
    by_team: list[ResourcingRow] = field(default_factory=list)
    by_organisation: list[ResourcingRow] = field(default_factory=list)
    total: ResourcingRow = field(default_factory=lambda: ResourcingRow(label="Total"))

    @property
    def local(self) -> ResourcingRow:
        return local_and_celcis(self.by_organisation)[0]

    @property
    def celcis(self) -> ResourcingRow:
        return local_and_celcis(self.by_organisation)[1]


def _sum_rows(label: str, rows: list[ResourcingRow]) -> ResourcingRow:
    return ResourcingRow(
        label=label,
        members=sum(r.members for r in rows),
        hours=sum((r.hours for r in rows), Decimal(0)),
        without_hours=sum(r.without_hours for r in rows),
    )


def local_and_celcis(by_organisation: list[ResourcingRow]) -> tuple[ResourcingRow, ResourcingRow]:
    """Local partners' dedicated time apart from CELCIS staff's: an area's own resourcing never
    counts the national support it receives (CELCIS members are those recorded with CELCIS as
    their organisation)."""
    celcis = [r for r in by_organisation if r.organisation == PartnerOrganisation.CELCIS]
    local = [r for r in by_organisation if r.organisation != PartnerOrganisation.CELCIS]
    return _sum_rows("Local partners", local), _sum_rows("CELCIS", celcis)


def resourcing_by_organisation(area, on=None) -> tuple[list[ResourcingRow], ResourcingRow]:
    """Active members' dedicated time per partner organisation (only those with members) on `on`
    (today by default), and the area's total (one query). Someone on two teams counts once on each,
    with that team's hours."""
    rows = (
        TeamMember.objects.filter(_active(today=on), area=area)
        .order_by()
        .values("organisation")
        .annotate(
            members=Count("pk"),
            hours=Sum("hours_per_week"),
            without_hours=Count("pk", filter=Q(hours_per_week__isnull=True)),
        )
    )
    found = {row["organisation"]: row for row in rows}
    by_organisation = [
        ResourcingRow(
            label=organisation.label,
            members=found[organisation]["members"],
            hours=found[organisation]["hours"] or Decimal(0),
            without_hours=found[organisation]["without_hours"],
            organisation=organisation.value,
        )
        for organisation in PartnerOrganisation
        if organisation in found
    ]
    return by_organisation, _sum_rows("Total", by_organisation)


def resourcing(area) -> Resourcing:
    """Dedicated full-time equivalents per active team, per partner organisation and for the area (three
    queries). FTE = dedicated hours a week ÷ the full-time week, for members still on their team."""
    by_organisation, total = resourcing_by_organisation(area)
    without_hours = dict(
        TeamMember.objects.filter(_active(), area=area, hours_per_week__isnull=True)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values_list("team", "n")
    )
    by_team = [
        ResourcingRow(
            label=team.name,
            members=team.active_member_count,
            hours=team.dedicated_hours,
            without_hours=without_hours.get(team.pk, 0),
            team=team,
        )
        for team in teams_with_figures(area).filter(stood_down_on__isnull=True)
    ]
    return Resourcing(by_team=by_team, by_organisation=by_organisation, total=total)


def area_fte(area) -> Decimal:
    """The area's dedicated full-time equivalents, across all its active team members (one query)."""
    return resourcing_by_organisation(area)[1].fte


def meetings_held(area, start, end) -> int:
    """Meetings the area's teams held from `start` to `end`, both included (one query)."""
    return Meeting.objects.filter(area=area, held_on__gte=start, held_on__lte=end).count()


def action_figures(area, *, start, end, opened_from, opened_before) -> dict:
    """Actions opened (made from `opened_from` to before `opened_before`, moments), closed (done or
    cancelled from `start` to `end`) and overdue on `end`, as they stood then: made by then, due
    before it, and not closed by then (one query). On today, overdue is the action list's own rule."""
    made_by_end = Q(created_at__lt=opened_before)
    open_on_end = ~Q(status__in=CLOSED_STATUSES) | Q(completed_on__gt=end)
    return Action.objects.filter(area=area).aggregate(
        opened=Count("pk", filter=Q(created_at__gte=opened_from) & made_by_end),
        closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES, completed_on__gte=start, completed_on__lte=end)),
        overdue=Count("pk", filter=made_by_end & Q(due_date__lt=end) & open_on_end),
    )


def levels_with_teams(teams) -> list[dict]:
    """Group teams (already in level order) under their level's label, for the teams page."""
    groups: dict[str, list] = {}
    for team in teams:
        groups.setdefault(team.level, []).append(team)
    return [{"level": TeamLevel(level).label, "teams": groups[level]} for level in LEVEL_ORDER if level in groups]


def actions_for_area(area):
    """The area's one action list: overdue first, then open work by due date, then closed actions."""
    return (
        Action.objects.filter(area=area)
        .select_related("area", "team", "owner", "owner__team", "meeting", "meeting__team")
        .overdue_first()
    )


def action_list_rows(area):
    """The action list's rows in `actions_for_area`'s order, without what each row shows: sorting the
    area's actions joined to every team member and meeting would read those tables whole. The list
    reads the page's rows with `ACTION_LIST_RELATED` (teams.views.actions.PageRows)."""
    return Action.objects.filter(area=area).overdue_first()


# What a row of the action list shows beside the action.
ACTION_LIST_RELATED = ("team", "owner", "meeting")


def actions_about(subject):
    """Actions linked to any framework record (a driver, a cycle…), overdue first — for other apps."""
    return actions_for_area(subject.area_id).filter(subject_filter(subject))


def overview_panel(area, access) -> dict:
    """Team capacity and overdue actions for the area overview (three queries, however much data)."""
    by_organisation, total = resourcing_by_organisation(area)
    today = timezone.localdate()
    overdue = Action.objects.filter(area=area).overdue(today)

    def count(queryset):
        return Coalesce(Subquery(queryset.order_by().values("area").annotate(n=Count("pk")).values("n")), 0)

    counts = (
        LocalArea.objects.filter(pk=area.pk)
        .annotate(
            active_teams=count(Team.objects.filter(area=OuterRef("pk"), stood_down_on__isnull=True)),
            overdue=count(Action.objects.filter(area=OuterRef("pk")).overdue(today)),
        )
        .values("active_teams", "overdue")
        .get()
    )
    local, celcis = local_and_celcis(by_organisation)
    return {
        "active_teams": counts["active_teams"],
        "capacity": by_organisation,
        "total": total,
        "local": local,
        "celcis": celcis,
        "overdue_count": counts["overdue"],
        "overdue_first": list(overdue.select_related("owner").order_by("due_date", "pk")[:3]),
        "can_edit": access.can_edit_area(area),
    }
