"""Writes for teams, members, meetings, actions and communications.

Each is keyword-only and atomic, re-checks the actor's rights through the access policy, applies
the rules in `teams.rules` (so every caller gets the same checks as the forms) and records the actor
in the history. Other apps attach actions to their own records with `action_create(subject=...)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from areas.subjects import subject_fields
from core.locking import save_versioned
from core.services import delete_with_history, raise_if_errors, require_area_write, save_with_history

from . import notices, rules
from .models import (
    CLOSED_STATUSES,
    Action,
    ActionStatus,
    Communication,
    Meeting,
    MeetingAttendance,
    Team,
    TeamMember,
    TeamRole,
)

TEAM_FIELDS = (
    "name",
    "level",
    "parent",
    "formed_on",
    "stood_down_on",
    "purpose",
    "decisions",
    "meeting_rhythm",
    "communication",
)
MEMBER_FIELDS = (
    "user",
    "name",
    "email",
    "organisation",
    "profession",
    "role",
    "hours_per_week",
    "joined_on",
    "left_on",
)
MEETING_FIELDS = ("held_on", "notes", "decisions")
ACTION_FIELDS = ("title", "description", "team", "meeting", "owner", "due_date", "status", "completed_on")
COMMUNICATION_FIELDS = ("sent_on", "team", "audience", "channel", "summary")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


# --- Teams ----------------------------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    area,
    actor,
    name: str,
    level: str,
    formed_on: date,
    parent: Team | None = None,
    purpose: str = "",
    decisions: str = "",
    meeting_rhythm: str = "",
    communication: str = "",
) -> Team:
    """Record a new team in the area with its terms of reference."""
    require_area_write(actor, area)
    raise_if_errors(rules.team_errors(area=area, team=None, name=name, level=level, parent=parent, formed_on=formed_on))
    team = Team(
        area=area,
        name=name.strip(),
        level=level,
        parent=parent,
        formed_on=formed_on,
        purpose=purpose.strip(),
        decisions=decisions.strip(),
        meeting_rhythm=meeting_rhythm.strip(),
        communication=communication.strip(),
    )
    save_with_history(team, actor=actor, reason="Team formed", validate=True)
    return team


@transaction.atomic
def team_update(*, team: Team, actor, expected_version: int, data: dict) -> Team:
    """Change a team's details or terms of reference; raises StaleEdit if someone saved in between.

    Standing a team down records its remaining members as leaving on that date.
    """
    team = Team.objects.select_related("area").get(pk=team.pk)
    require_area_write(actor, team.area)
    values = {name: _strip(data.get(name, getattr(team, name))) for name in TEAM_FIELDS}
    checked = ("name", "level", "parent", "formed_on", "stood_down_on")
    raise_if_errors(rules.team_errors(area=team.area, team=team, **{k: values[k] for k in checked}))
    standing_down = team.stood_down_on is None and values["stood_down_on"] is not None
    for name, value in values.items():
        setattr(team, name, value)
    team.full_clean(exclude=["version"])
    save_versioned(
        team, expected_version=expected_version, actor=actor, reason="Team stood down" if standing_down else ""
    )
    if standing_down:
        for member in team.members.active(team.stood_down_on):
            member.left_on = max(team.stood_down_on, member.joined_on)
            member.full_clean(exclude=["version"])
            # Versioned, so someone editing the member meanwhile is told rather than undoing this.
            save_versioned(member, expected_version=member.version, actor=actor, reason="Team stood down")
    return team


# --- Members --------------------------------------------------------------------------------------


def _member_values(values: dict) -> dict:
    user = values.get("user")
    if user is not None:
        # An account's own name and address are used, so lists never need to look the account up.
        values["name"] = rules.account_name(user)
        values["email"] = values.get("email") or user.email
    return values


@transaction.atomic
def team_member_add(
    *,
    team: Team,
    actor,
    organisation: str,
    joined_on: date,
    user=None,
    name: str = "",
    email: str = "",
    profession: str = "",
    role: str = TeamRole.MEMBER,
    hours_per_week: Decimal | None = None,
    left_on: date | None = None,
) -> TeamMember:
    """Put a person (a portal account, or a name and work email) on a team."""
    team = Team.objects.select_related("area").get(pk=team.pk)
    require_area_write(actor, team.area)
    values = {
        "user": user,
        "name": _strip(name),
        "email": _strip(email),
        "hours_per_week": hours_per_week,
        "joined_on": joined_on,
        "left_on": left_on,
    }
    raise_if_errors(rules.member_errors(team=team, member=None, **values))
    member = TeamMember(
        area=team.area,
        team=team,
        organisation=organisation,
        profession=_strip(profession),
        role=role,
        **_member_values(values),
    )
    save_with_history(member, actor=actor, reason="Joined the team", validate=True, exclude=["version"])
    return member


@transaction.atomic
def team_member_update(*, member: TeamMember, actor, data: dict, expected_version: int | None = None) -> TeamMember:
    """Change a member's details, hours or dates (a member who leaves gets a date left, never deletion).

    Raises StaleEdit if someone saved the member after `expected_version` (the version the person
    opened; the stored one when not given).
    """
    member = TeamMember.objects.select_related("team", "team__area").get(pk=member.pk)
    require_area_write(actor, member.area)
    values = {name: _strip(data.get(name, getattr(member, name))) for name in MEMBER_FIELDS}
    raise_if_errors(
        rules.member_errors(
            team=member.team,
            member=member,
            **{k: values[k] for k in ("user", "name", "email", "hours_per_week", "joined_on", "left_on")},
        )
    )
    leaving = member.left_on is None and values["left_on"] is not None
    for name, value in _member_values(values).items():
        setattr(member, name, value)
    member.full_clean(exclude=["version"])
    version = member.version if expected_version is None else expected_version
    save_versioned(member, expected_version=version, actor=actor, reason="Left the team" if leaving else "")
    return member


# --- Meetings -------------------------------------------------------------------------------------


def _set_attendance(meeting: Meeting, attendees: Iterable[TeamMember], actor) -> None:
    """Add and remove attendance records one by one, so each appears in the history."""
    wanted = {m.pk: m for m in attendees}
    current = {a.member_id: a for a in meeting.attendance.all()}
    for member_pk, attendance in current.items():
        if member_pk not in wanted:
            delete_with_history(attendance, actor=actor, reason="No longer recorded as attending")
    for member_pk, member in wanted.items():
        if member_pk not in current:
            attendance = MeetingAttendance(area_id=meeting.area_id, meeting=meeting, member=member)
            save_with_history(attendance, actor=actor, reason="Recorded as attending", validate=True)


@transaction.atomic
def meeting_create(
    *,
    team: Team,
    actor,
    held_on: date,
    attendees: Iterable[TeamMember] = (),
    notes: str = "",
    decisions: str = "",
) -> Meeting:
    """Record a meeting of a team (or schedule one: a future meeting has no attendance or notes yet)."""
    team = Team.objects.select_related("area").get(pk=team.pk)
    require_area_write(actor, team.area)
    attendees = list(attendees)
    raise_if_errors(
        rules.meeting_errors(team=team, held_on=held_on, attendees=attendees, notes=notes, decisions=decisions)
    )
    meeting = Meeting(area=team.area, team=team, held_on=held_on, notes=notes.strip(), decisions=decisions.strip())
    save_with_history(meeting, actor=actor, reason="Meeting recorded", exclude=["version"], validate=True)
    _set_attendance(meeting, attendees, actor)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, expected_version: int, data: dict) -> Meeting:
    """Change a meeting's date, attendance, notes or decisions; raises StaleEdit if someone saved in between."""
    meeting = Meeting.objects.select_related("team", "team__area").get(pk=meeting.pk)
    require_area_write(actor, meeting.area)
    values = {name: _strip(data.get(name, getattr(meeting, name))) for name in MEETING_FIELDS}
    attendees = list(data["attendees"]) if "attendees" in data else list(meeting.attendees.all())
    raise_if_errors(rules.meeting_errors(team=meeting.team, attendees=attendees, **values))
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean(exclude=["version"])
    save_versioned(meeting, expected_version=expected_version, actor=actor)
    _set_attendance(meeting, attendees, actor)
    return meeting


# --- Actions --------------------------------------------------------------------------------------


def _close_date(status: str, completed_on: date | None) -> date | None:
    if status in CLOSED_STATUSES:
        return completed_on or timezone.localdate()
    return completed_on


@transaction.atomic
def action_create(
    *,
    area,
    actor,
    title: str,
    description: str = "",
    owner: TeamMember | None = None,
    due_date: date | None = None,
    meeting: Meeting | None = None,
    team: Team | None = None,
    subject=None,
    status: str = ActionStatus.OPEN,
    completed_on: date | None = None,
) -> Action:
    """Add an action to the area's action list, optionally from a meeting and about any framework
    record (`subject`: a driver, a cycle…, which must belong to the same area)."""
    require_area_write(actor, area)
    if team is None and meeting is not None:
        team = meeting.team
    # What the rules check and the action stores alike.
    checked = {"area": area, "team": team, "owner": owner, "meeting": meeting, "due_date": due_date, "status": status}
    raise_if_errors(rules.action_errors(**checked, completed_on=completed_on, subject=subject))
    action = Action(
        **checked,
        title=title.strip(),
        description=description.strip(),
        completed_on=_close_date(status, completed_on),
        created_by=actor,
        **subject_fields(subject),
    )
    save_with_history(action, actor=actor, reason="Action agreed", validate=True, exclude=["version"])
    notices.action_assigned(action, actor=actor)
    return action


@transaction.atomic
def action_update(*, action: Action, actor, data: dict, expected_version: int | None = None) -> Action:
    """Change an action: its owner, due date, status (done or cancelled closes it) and so on.

    Raises StaleEdit if someone saved the action after `expected_version` (the version the person
    opened; the stored one when not given).
    """
    action = Action.objects.select_for_update(of=("self",)).select_related("area").get(pk=action.pk)
    require_area_write(actor, action.area)
    values = {name: _strip(data.get(name, getattr(action, name))) for name in ACTION_FIELDS}
    if values["team"] is None and values["meeting"] is not None:
        values["team"] = values["meeting"].team
    if values["status"] not in CLOSED_STATUSES and "completed_on" not in data:
        values["completed_on"] = None  # reopened
    raise_if_errors(
        rules.action_errors(
            area=action.area,
            action=action,
            subject=None,
            **{k: values[k] for k in ("team", "owner", "meeting", "due_date", "status", "completed_on")},
        )
    )
    values["completed_on"] = _close_date(values["status"], values["completed_on"])
    owner_before = action.owner_id
    for name, value in values.items():
        setattr(action, name, value)
    action.full_clean(exclude=["version"])
    version = action.version if expected_version is None else expected_version
    save_versioned(action, expected_version=version, actor=actor)
    if action.owner_id != owner_before:
        notices.action_assigned(action, actor=actor)
    return action


# --- Communications -------------------------------------------------------------------------------


@transaction.atomic
def communication_create(
    *, area, actor, sent_on: date, audience: str, channel: str, summary: str, team: Team | None = None
) -> Communication:
    """Log a communication to one level of the system."""
    require_area_write(actor, area)
    raise_if_errors(rules.communication_errors(area=area, team=team, sent_on=sent_on))
    communication = Communication(
        area=area,
        sent_on=sent_on,
        team=team,
        audience=audience,
        channel=channel,
        summary=summary.strip(),
        recorded_by=actor,
    )
    save_with_history(communication, actor=actor, validate=True, exclude=["version"])
    return communication


@transaction.atomic
def communication_update(
    *, communication: Communication, actor, data: dict, expected_version: int | None = None
) -> Communication:
    """Correct an entry in the communications log; raises StaleEdit if someone saved it after
    `expected_version` (the version the person opened; the stored one when not given)."""
    communication = Communication.objects.select_related("area").get(pk=communication.pk)
    require_area_write(actor, communication.area)
    values = {name: _strip(data.get(name, getattr(communication, name))) for name in COMMUNICATION_FIELDS}
    raise_if_errors(rules.communication_errors(area=communication.area, team=values["team"], sent_on=values["sent_on"]))
    for name, value in values.items():
        setattr(communication, name, value)
    communication.full_clean(exclude=["version"])
    version = communication.version if expected_version is None else expected_version
    save_versioned(communication, expected_version=version, actor=actor)
    return communication
