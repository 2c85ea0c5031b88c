"""Teams at scale: each area's leadership group, implementation team and locality teams; about 30
people joining a year (and leaving again after a year or two), 40 meetings and 200 actions a year.

Teams go through the teams services. Members, meetings (with who attended) and actions are many, so
they are checked with the same rules the services apply (`teams.rules`) and the model's own checks,
then written in bulk with their history. Members join first and leave last, so each action's owner
was on the team when it was agreed (as the rules ask of a new action).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from simple_history.utils import bulk_update_with_history

from areas.scale import DOMAIN, LABEL, at, bulk_save_with_history, checked, dated, days_between, refuse_if_errors

from . import rules, services
from .models import Action, ActionStatus, Meeting, MeetingAttendance, PartnerOrganisation, Team, TeamMember, TeamRole

MEMBERS_PER_YEAR = 30
MEETINGS_PER_YEAR = 40
ACTIONS_PER_YEAR = 200
FIRST_NAMES = [
    "Aileen", "Alasdair", "Ann", "Callum", "Catriona", "Craig", "David", "Eilidh", "Euan", "Fiona", "Fraser",
    "Gillian", "Graham", "Heather", "Iain", "Isla", "Jamie", "Jennifer", "Karen", "Kenneth", "Kirsty", "Lorna",
    "Mairi", "Malcolm", "Morag", "Neil", "Rhona", "Ross", "Shona", "Stuart",
]  # fmt: skip
LAST_NAMES = [
    "Anderson", "Baird", "Black", "Brown", "Cameron", "Campbell", "Craig", "Davidson", "Douglas", "Ferguson",
    "Fraser", "Graham", "Grant", "Hamilton", "Hughes", "Kerr", "MacDonald", "MacKenzie", "Mitchell", "Morrison",
    "Murray", "Paterson", "Reid", "Robertson", "Ross", "Scott", "Stewart", "Thomson", "Watson", "Wilson",
]  # fmt: skip
PROFESSIONS = {
    PartnerOrganisation.LOCAL_AUTHORITY: ["Social worker", "Team manager", "Family support worker"],
    PartnerOrganisation.NHS: ["Health visitor", "School nurse", "Midwife"],
    PartnerOrganisation.EDUCATION: ["Depute head teacher", "Pupil support teacher", "Early years officer"],
    PartnerOrganisation.POLICE: ["Detective sergeant", "Community officer"],
    PartnerOrganisation.THIRD_SECTOR: ["Family support worker", "Service manager"],
}
ACTIONS = [
    "Share the latest run chart with the locality teams",
    "Agree the fidelity check schedule for next quarter",
    "Book the venue for the team managers' briefing",
    "Draft the highlight report for the leadership group",
    "Follow up protected time with the service managers",
    "Write up the learning from the last improvement cycle",
    "Arrange coaching for the new practitioners",
    "Check the data collection sheet with the data lead",
    "Invite the third-sector partners to the next meeting",
    "Update the communications plan for the quarter",
]
NOTES = [
    "Reviewed the run charts; the median has held for six weeks.",
    "Heard from the locality teams about early use of the practice profile.",
    "Went through the fidelity checks due this month.",
    "Planned the next improvement cycle and the data it needs.",
    "Reviewed the actions from the last meeting.",
]
DECISIONS = [
    "Keep the current test of change running for another four weeks.",
    "Spread the practice profile to one more locality team.",
    "Ask the leadership group to confirm protected time.",
    "No change this time; revisit once the next data point is in.",
]
# Where the year's meetings fall: the implementation team meets most.
MEETING_WEIGHTS = {"leadership": 6, "implementation": 20, "practice": 14}


def _teams(area, lead, scale) -> list[Team]:
    """The leadership group and implementation team from the start; a locality team each year."""
    leadership = services.team_create(
        area=area,
        actor=lead,
        name=f"Children's Services Leadership Group {LABEL}",
        level="leadership",
        formed_on=scale.start,
        purpose=f"Sponsors the programme across partners. {LABEL}",
    )
    implementation = services.team_create(
        area=area,
        actor=lead,
        name=f"Addressing Neglect Implementation Team {LABEL}",
        level="implementation",
        parent=leadership,
        formed_on=scale.start,
        purpose=f"Installs and improves the practice profile. {LABEL}",
        meeting_rhythm="Fortnightly",
    )
    teams = [leadership, implementation]
    for number, (first, _last) in enumerate(scale.year_spans()):
        name = ("North", "South", "East", "West", "Central", "Coastal", "Rural", "City", "Valley", "Island")[number]
        teams.append(
            services.team_create(
                area=area,
                actor=lead,
                name=f"{name} locality team {LABEL}",
                level="practice",
                parent=implementation,
                formed_on=first + timedelta(days=60 if number == 0 else 0),
                meeting_rhythm="Monthly",
            )
        )
    return teams


def _formed_by(teams, day) -> list[Team]:
    return [team for team in teams if team.formed_on <= day]


def _person(area, team, joined_on, number, rng) -> TeamMember:
    organisation = rng.choice(list(PROFESSIONS))
    first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    roles = [TeamRole.MEMBER] * 6 + [TeamRole.COORDINATOR, TeamRole.DATA_LEAD]
    return TeamMember(
        area=area,
        team=team,
        organisation=organisation,
        joined_on=joined_on,
        name=f"{first_name} {last_name} {LABEL}",
        email=f"{first_name}.{last_name}.{area.pk}-{number}@{DOMAIN}".lower(),
        profession=rng.choice(PROFESSIONS[organisation]),
        role=rng.choice(roles),
        hours_per_week=None if rng.random() < 0.1 else Decimal(rng.choice(["2", "3.5", "4", "7.5", "15"])),
    )


def _members(area, lead, teams, scale, rng) -> tuple[list[TeamMember], dict[int, date]]:
    """30 people joining a year, all still on their teams (as `team_member_add` checks them);
    returns them and, for those who have left since, member pk → the day they left."""
    members, leaves = [], []
    chaired = set()
    for first, last in scale.year_spans():
        for joined_on in days_between(rng, first, last, MEMBERS_PER_YEAR):
            formed = _formed_by(teams, joined_on)
            team = rng.choices(formed, weights=[2 if t.level == "practice" else 3 for t in formed])[0]
            member = _person(area, team, joined_on, len(members) + 1, rng)
            if team.pk not in chaired:
                member.role = TeamRole.CHAIR
                chaired.add(team.pk)
            values = {k: getattr(member, k) for k in ("user", "name", "email", "hours_per_week", "joined_on")}
            errors = rules.member_errors(team=team, member=None, left_on=None, **values)
            refuse_if_errors(errors, f"{member.name} joining {team}")
            members.append(dated(checked(member, exclude=["version"]), joined_on))
            leaves.append(joined_on + timedelta(days=rng.randint(300, 1000)))
    bulk_save_with_history(TeamMember, members, actor=lead, reason="Joined the team")
    leaving = {m.pk: leaves_on for m, leaves_on in zip(members, leaves, strict=True) if leaves_on < scale.today}
    return members, leaving


def _on_team(members, team, day, leaving) -> list[TeamMember]:
    return [m for m in members if m.team_id == team.pk and m.joined_on <= day and leaving.get(m.pk, day) >= day]


def _meetings(area, lead, teams, members, leaving, scale, rng) -> list[tuple[Meeting, list[TeamMember]]]:
    """40 meetings a year, with those on the team that day attending (someone is usually away)."""
    meetings, attendance = [], []
    for first, last in scale.year_spans():
        for held_on in days_between(rng, first, last, MEETINGS_PER_YEAR):
            formed = _formed_by(teams, held_on)
            team = rng.choices(formed, weights=[MEETING_WEIGHTS[t.level] for t in formed])[0]
            present = _on_team(members, team, held_on, leaving)
            attendees = [m for m in present if rng.random() > 0.15]
            notes, decisions = f"{rng.choice(NOTES)} {LABEL}", f"{rng.choice(DECISIONS)} {LABEL}"
            meeting = Meeting(area=area, team=team, held_on=held_on, notes=notes, decisions=decisions)
            errors = rules.meeting_errors(
                team=team, held_on=held_on, attendees=attendees, notes=notes, decisions=decisions
            )
            refuse_if_errors(errors, f"Meeting of {team} on {held_on}")
            meetings.append(dated(checked(meeting, exclude=["version"]), held_on))
            attendance.append(attendees)
    # The implementation team's next meeting, scheduled: no attendance or notes yet.
    next_on = scale.today + timedelta(days=rng.randint(3, 14))
    refuse_if_errors(rules.meeting_errors(team=teams[1], held_on=next_on, attendees=[], notes="", decisions=""), "")
    meetings.append(checked(Meeting(area=area, team=teams[1], held_on=next_on), exclude=["version"]))
    attendance.append([])
    bulk_save_with_history(Meeting, meetings, actor=lead)
    rows = [
        dated(MeetingAttendance(area=area, meeting=meeting, member=member), meeting.held_on)
        for meeting, attendees in zip(meetings, attendance, strict=True)
        for member in attendees
    ]
    bulk_save_with_history(MeetingAttendance, rows, actor=lead)
    return list(zip(meetings, attendance, strict=True))


def _status(rng, due_date, today) -> str:
    """Older actions are mostly done; a few are overdue; recent ones are still open."""
    if due_date < today - timedelta(days=30):
        return rng.choices(
            [ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.OPEN, ActionStatus.IN_PROGRESS], [87, 8, 3, 2]
        )[0]
    return rng.choices([ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.IN_PROGRESS], [25, 45, 30])[0]


def _action(area, lead, meeting, attendees, agreed_on, team, rng, today, leaving) -> Action:
    due_date = agreed_on + timedelta(days=rng.randint(7, 75))
    status = _status(rng, due_date, today)
    completed_on = None
    if status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        completed_on = min(agreed_on + timedelta(days=rng.randint(3, 90)), today)
    else:
        attendees = [m for m in attendees if m.pk not in leaving]  # an open action's owner is still on a team
    owner = rng.choice(attendees) if attendees and rng.random() < 0.85 else None
    checks = {"area": area, "team": team, "owner": owner, "meeting": meeting, "due_date": due_date, "status": status}
    refuse_if_errors(rules.action_errors(**checks, completed_on=completed_on), f"Action agreed on {agreed_on}")
    action = Action(**checks, title=f"{rng.choice(ACTIONS)} {LABEL}", completed_on=completed_on, created_by=lead)
    action.created_at = at(agreed_on, hour=11)
    return dated(checked(action, exclude=["version"]), agreed_on)


def _actions(area, lead, teams, members, leaving, meetings, scale, rng) -> int:
    """200 actions a year: most agreed at a meeting and owned by someone there, the rest between meetings."""
    actions = []
    held = [(m, a) for m, a in meetings if m.held_on <= scale.today]
    for first, last in scale.year_spans():
        in_year = [(m, a) for m, a in held if first <= m.held_on <= last]
        for agreed_on in days_between(rng, first, last, ACTIONS_PER_YEAR):
            if in_year and rng.random() < 0.75:
                meeting, attendees = rng.choice(in_year)
                agreed_on, team = meeting.held_on, meeting.team
                actions.append(_action(area, lead, meeting, attendees, agreed_on, team, rng, scale.today, leaving))
                continue
            team = rng.choice(_formed_by(teams, agreed_on))
            present = _on_team(members, team, agreed_on, leaving)
            actions.append(_action(area, lead, None, present, agreed_on, team, rng, scale.today, leaving))
    bulk_save_with_history(Action, actions, actor=lead, stamps=("created_at",))
    return len(actions)


def _leave(lead, members, leaving) -> None:
    """People who have left their team since, each with a history row on the day (as
    `team_member_update` records a leaver)."""
    left = []
    for member in members:
        if member.pk in leaving:
            member.left_on = leaving[member.pk]
            member.version += 1
            left.append(dated(checked(member, exclude=["version"]), member.left_on))
    bulk_update_with_history(
        left,
        TeamMember,
        ["left_on", "version"],
        batch_size=500,
        default_user=lead,
        default_change_reason="Left the team",
    )


def seed(scale, *, rng, stdout=None) -> None:
    """Teams, members, meetings and actions for every area at scale."""
    totals = [0, 0, 0]
    for scale_area in scale.areas:
        area, lead = scale_area.area, scale_area.lead
        teams = _teams(area, lead, scale)
        members, leaving = _members(area, lead, teams, scale, rng)
        meetings = _meetings(area, lead, teams, members, leaving, scale, rng)
        totals[2] += _actions(area, lead, teams, members, leaving, meetings, scale, rng)
        _leave(lead, members, leaving)
        totals[0] += len(members)
        totals[1] += len(meetings)
    if stdout:
        stdout.write(f"Teams at scale: {totals[0]} members, {totals[1]} meetings, {totals[2]} actions.")
