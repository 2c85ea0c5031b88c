"""The checks on teams' records, in one place.

Forms call them so each message appears at its field (before the database constraints, which back
them up, are even tried); services call them again so every caller — another app, a task, a
command — is held to the same rules. Each returns {field name: message}, empty when all is well;
the key NON_FIELD_ERRORS is for a problem with the record as a whole.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q, Sum
from django.utils import timezone

from areas.models import AREA_ROLES, Role, User
from core.dates import day_label

from .models import (
    CLOSED_STATUSES,
    MAX_WEEKLY_HOURS,
    Team,
    TeamLevel,
    TeamMember,
    level_rank,
)

FUTURE_DATE = "This date is in the future. {what}"


def eligible_accounts(area):
    """Portal accounts that may be named as team members: the area's members and leads, and CELCIS."""
    active = Q(memberships__ended_on__isnull=True)
    in_area = Q(memberships__area=area, memberships__role__in=AREA_ROLES) | Q(memberships__role=Role.CELCIS)
    return User.objects.filter(active & in_area).distinct().order_by("last_name", "first_name", "username")


def account_name(user) -> str:
    return user.get_full_name() or user.username


def _names(records) -> str:
    names = [str(r) for r in records]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _is_below(candidate: Team, team: Team) -> bool:
    """Does `candidate` report to `team`, directly or through other teams? (One query.)"""
    parents = dict(Team.objects.filter(area_id=team.area_id).values_list("pk", "parent_id"))
    seen = set()
    current = candidate.pk
    while current is not None and current not in seen:
        if current == team.pk:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def team_errors(
    *,
    area,
    team: Team | None,
    name: str,
    level: str | None,
    parent: Team | None,
    formed_on: date | None,
    stood_down_on: date | None = None,
) -> dict[str, str]:
    """A team's name is its own in the area; its parent is above it, active, in the area, no loop."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    existing = team if team is not None and team.pk else None
    name = (name or "").strip()
    if name:
        clash = Team.objects.filter(area=area, name__iexact=name)
        if existing:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            errors["name"] = f"{area} already has a team called “{name}”. Give this team a different name."
    if formed_on and formed_on > today:
        errors["formed_on"] = FUTURE_DATE.format(what="Record the team once it has formed.")
    if stood_down_on:
        if stood_down_on > today:
            errors["stood_down_on"] = FUTURE_DATE.format(what="Stand the team down once its work has finished.")
        elif formed_on and stood_down_on < formed_on:
            errors["stood_down_on"] = f"A team cannot be stood down before it was formed ({day_label(formed_on)})."
        elif existing:
            still_reporting = list(existing.children.filter(stood_down_on__isnull=True))
            if still_reporting:
                errors["stood_down_on"] = (
                    f"{_names(still_reporting)} still report{'s' if len(still_reporting) == 1 else ''} to this "
                    "team. Give them another parent team, or stand them down first."
                )
    if parent is not None:
        if parent.area_id != area.pk:
            errors["parent"] = f"Choose one of {area}'s own teams."
        elif existing and parent.pk == existing.pk:
            errors["parent"] = "A team cannot report to itself."
        elif existing and _is_below(parent, existing):
            errors["parent"] = (
                f"{parent} already reports to this team (directly or through other teams), "
                "so it cannot also be its parent team."
            )
        elif level in TeamLevel.values and level_rank(parent.level) > level_rank(level):
            errors["parent"] = (
                f"{parent} is a {TeamLevel(parent.level).label.lower()}, a level below a "
                f"{TeamLevel(level).label.lower()}. Choose a team at the same level or above."
            )
        elif not parent.is_active and (existing is None or existing.parent_id != parent.pk):
            errors["parent"] = (
                f"{parent} was stood down on {day_label(parent.stood_down_on)}. Choose a team that is still active."
            )
    if existing and level in TeamLevel.values:
        above = [c for c in existing.children.all() if level_rank(c.level) < level_rank(level)]
        if above:
            errors["level"] = (
                f"{_names(above)} report{'s' if len(above) == 1 else ''} to this team from a higher level. "
                "Move them first, or choose a higher level."
            )
    return errors


def member_errors(
    *,
    team: Team,
    member: TeamMember | None,
    user,
    name: str,
    email: str,
    hours_per_week: Decimal | None,
    joined_on: date | None,
    left_on: date | None,
) -> dict[str, str]:
    """A person is on a team once at a time, joins after the team formed, and gives possible hours."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    area = team.area
    existing = member if member is not None and member.pk else None
    name = (name or "").strip()
    email = (email or "").strip()
    if existing is None and not team.is_active:
        errors[NON_FIELD_ERRORS] = f"{team} was stood down on {day_label(team.stood_down_on)}: nobody can join it now."
    if user is None and not name:
        errors["name"] = "Choose a portal account, or give the person's name."
    if user is not None:
        if not eligible_accounts(area).filter(pk=user.pk).exists():
            errors["user"] = f"Choose someone who works on the programme in {area}, or give a name and work email."
        elif name and name != account_name(user):
            errors["name"] = "Leave the name empty when you choose a portal account: the account's name is used."
    if joined_on:
        if joined_on > today:
            errors["joined_on"] = FUTURE_DATE.format(what="Add the member once they have joined.")
        elif joined_on < team.formed_on:
            errors["joined_on"] = f"The team was formed on {day_label(team.formed_on)}; nobody joined it before then."
    if left_on and joined_on and left_on < joined_on:
        errors["left_on"] = f"They cannot leave before they joined ({day_label(joined_on)})."

    still_on_team = left_on is None or left_on > today
    if still_on_team and "user" not in errors:
        others = team.members.active(today)
        if existing:
            others = others.exclude(pk=existing.pk)
        if user is not None and others.filter(user=user).exists():
            errors["user"] = f"{account_name(user)} is already on this team."
        elif email and others.filter(email__iexact=email).exists():
            errors["email"] = "Someone with this work email is already on this team."
        elif user is None and not email and name and others.filter(name__iexact=name).exists():
            errors["name"] = f"{name} is already on this team. Give their work email if this is somebody else."

    in_range = hours_per_week is not None and 0 <= hours_per_week <= MAX_WEEKLY_HOURS
    if in_range and still_on_team and (user is not None or email) and "hours_per_week" not in errors:
        same_person = TeamMember.objects.filter(area=area).active(today)
        same_person = same_person.filter(user=user) if user is not None else same_person.filter(email__iexact=email)
        if existing:
            same_person = same_person.exclude(pk=existing.pk)
        elsewhere = same_person.aggregate(hours=Sum("hours_per_week"))["hours"] or Decimal(0)
        if elsewhere + hours_per_week > MAX_WEEKLY_HOURS:
            errors["hours_per_week"] = (
                f"They already give {elsewhere:g} hours a week to {area}'s other teams; with these "
                f"{hours_per_week:g} that comes to {elsewhere + hours_per_week:g}, more than {MAX_WEEKLY_HOURS}. "
                "Check the figures."
            )
    return errors


FUTURE_MEETING = (
    "This meeting is in the future: it can be scheduled now, but who attended, its notes and its "
    "decisions are recorded once it has happened."
)


def meeting_errors(*, team: Team, held_on: date | None, attendees, notes: str, decisions: str) -> dict[str, str]:
    """A meeting falls while the team exists; a future one has no attendance, notes or decisions yet."""
    errors: dict[str, str] = {}
    if not held_on:
        return errors
    attendees = list(attendees or [])
    if held_on > timezone.localdate():
        for field, value in (("attendees", attendees), ("notes", notes.strip()), ("decisions", decisions.strip())):
            if value:
                errors[field] = FUTURE_MEETING
    if held_on < team.formed_on:
        errors["held_on"] = f"The team was formed on {day_label(team.formed_on)}; it cannot have met before then."
    elif team.stood_down_on and held_on > team.stood_down_on:
        errors["held_on"] = f"The team was stood down on {day_label(team.stood_down_on)}."
    if "attendees" not in errors:
        outsiders = [
            m
            for m in attendees
            if m.team_id != team.pk or m.joined_on > held_on or (m.left_on is not None and m.left_on < held_on)
        ]
        if outsiders:
            verb = "was" if len(outsiders) == 1 else "were"
            errors["attendees"] = f"{_names(outsiders)} {verb} not on the team on {day_label(held_on)}."
    return errors


def action_errors(
    *,
    area,
    action=None,
    team=None,
    owner=None,
    meeting=None,
    due_date: date | None = None,
    status: str | None = None,
    completed_on: date | None = None,
    subject=None,
) -> dict[str, str]:
    """An action's team, owner, meeting and subject belong to its area; its dates make sense."""
    errors: dict[str, str] = {}
    existing = action if action is not None and action.pk else None
    if team is not None and team.area_id != area.pk:
        errors["team"] = f"Choose one of {area}'s teams."
    if owner is not None:
        if owner.area_id != area.pk:
            errors["owner"] = f"Choose someone on one of {area}'s teams."
        elif not owner.is_active and (existing is None or existing.owner_id != owner.pk):
            errors["owner"] = (
                f"{owner} left {owner.team} on {day_label(owner.left_on)}. Choose someone still on a team."
            )
    if meeting is not None:
        if meeting.area_id != area.pk:
            errors["meeting"] = f"Choose one of {area}'s meetings."
        elif team is not None and meeting.team_id != team.pk:
            errors["meeting"] = f"That was a meeting of {meeting.team}, not of {team}."
        elif meeting.is_scheduled:
            errors["meeting"] = "That meeting has not happened yet: record its actions once it has."
        elif due_date and due_date < meeting.held_on:
            errors["due_date"] = (
                f"The action was agreed at the meeting on {day_label(meeting.held_on)}; it cannot be due before then."
            )
    if completed_on:
        if status not in CLOSED_STATUSES:
            errors["completed_on"] = (
                "Only a done or cancelled action has a completion date. Leave this empty, or change the status."
            )
        elif completed_on > timezone.localdate():
            errors["completed_on"] = FUTURE_DATE.format(what="Give the date it was done or cancelled.")
        elif meeting is not None and completed_on < meeting.held_on:
            errors["completed_on"] = (
                f"The action was agreed at the meeting on {day_label(meeting.held_on)}; "
                "it cannot have been closed before then."
            )
    if subject is not None:
        if getattr(subject, "pk", None) is None:
            errors[NON_FIELD_ERRORS] = "Save the record this action is about before linking an action to it."
        elif getattr(subject, "area_id", area.pk) != area.pk:
            errors[NON_FIELD_ERRORS] = "The record this action is about belongs to another area."
    return errors


def communication_errors(*, area, team, sent_on: date | None) -> dict[str, str]:
    """A communication is logged once it has happened, from one of the area's own teams."""
    errors: dict[str, str] = {}
    if sent_on and sent_on > timezone.localdate():
        errors["sent_on"] = FUTURE_DATE.format(what="Log a communication once it has gone out.")
    if team is not None and team.area_id != area.pk:
        errors["team"] = f"Choose one of {area}'s teams."
    return errors
