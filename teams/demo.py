"""Demo teams for the three programme areas: Dundee furthest on, Perth and Kinross next, Inverclyde
just starting (and showing the health flags). Dates are relative to today so the demo looks current;
every record goes through the services as the area's demo lead, so the history shows who did what.
Every demo person is labelled "(demo)" and has an address at demo.neglect-portal.invalid.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from areas.models import LocalArea, User
from core.quarters import Quarter

from . import services
from .models import Action, ActionStatus, Communication, Meeting, Team, TeamMember

DEMO_DOMAIN = "demo.neglect-portal.invalid"

NOTES = [
    "Reviewed the run chart for the practice profile measures; the median has held for six weeks.",
    "Heard from the locality teams about early use of the practice profile in team meetings.",
    "Went through the fidelity checks due this month and who will carry them out.",
    "Discussed protected time: two managers have agreed revised job descriptions.",
    "Planned the next improvement cycle and the data it needs.",
    "Reviewed actions from the last meeting and the communications plan for the quarter.",
]
DECISIONS = [
    "Keep the current test of change running for another four weeks.",
    "Ask the leadership group to confirm protected time for the data lead.",
    "Spread the practice profile to one more locality team.",
    "Hold a joint briefing for team managers next month.",
    "No change this time; revisit once the next data point is in.",
]

# Each area: its demo lead, its teams, their members, how often each team meets, its actions and
# its communications. Team tuple: key, name, level, parent key, formed (months ago), purpose,
# decisions, meeting rhythm, how it communicates.
PLANS = {
    "dundee": {
        "lead": "dundee-lead",
        "teams": [
            (
                "exec",
                "Children and Families Executive Group (demo)",
                "leadership",
                None,
                30,
                "Sponsors the programme across the council, NHS Tayside, education and Police Scotland; "
                "removes barriers the implementation team cannot.",
                "Commits staff time and budget; agrees changes to job roles; signs off spread to new localities.",
                "Every six weeks",
                "Receives a written update from the implementation team before each meeting; briefs the Chief "
                "Officers Group and the Child Protection Committee each quarter.",
            ),
            (
                "impl",
                "Addressing Neglect Implementation Team (demo)",
                "implementation",
                "exec",
                28,
                "Accountable for installing and improving the practice profile and the support around it.",
                "Plans and runs improvement cycles; agrees fidelity checks; decides which teams join next.",
                "Fortnightly, Tuesday mornings",
                "Reports up to the executive group every six weeks; a monthly bulletin to locality teams; the "
                "coordinator attends each locality team meeting once a quarter.",
            ),
            (
                "east",
                "East locality team (demo)",
                "practice",
                "impl",
                18,
                "Uses the practice profile in everyday work with families and feeds learning back.",
                "Agrees local tests of change within the plan set by the implementation team.",
                "Monthly, first Thursday",
                "The team's practice lead reports at every implementation team meeting.",
            ),
            (
                "west",
                "West locality team (demo)",
                "practice",
                "impl",
                9,
                "Second locality to use the practice profile, learning from the east team.",
                "Agrees local tests of change within the plan set by the implementation team.",
                "Monthly, second Wednesday",
                "Shares a short update with the implementation team each month.",
            ),
        ],
        # team key, name (or demo account username), organisation, profession, role, hours, joined
        # (months ago), left (months ago or None)
        "members": [
            (
                "exec",
                "Moira Kerr (demo)",
                "local_authority",
                "Executive director, children's services",
                "chair",
                2,
                30,
                None,
            ),
            ("exec", "Dr Ian Fraser (demo)", "nhs", "Associate medical director", "member", 1, 30, None),
            ("exec", "Fiona Young (demo)", "education", "Head of education", "member", 1, 29, None),
            ("exec", "Ch Insp Alan Reid (demo)", "police", "Chief inspector", "member", 1, 26, None),
            ("impl", "dundee-lead", "local_authority", "Service manager", "chair", 15, 28, None),
            ("impl", "Anna Lindsay (demo)", "local_authority", "Improvement officer", "coordinator", 30, 28, None),
            ("impl", "dundee-member", "nhs", "Health visitor", "data_lead", 18.5, 27, None),
            ("impl", "Karen Mitchell (demo)", "education", "Depute head teacher", "member", 7.5, 26, None),
            ("impl", "Sam Thomson (demo)", "third_sector", "Family support worker", "member", 7.5, 20, None),
            ("impl", "Rachel Boyd (demo)", "celcis", "Implementation adviser", "celcis_specialist", 7.5, 28, None),
            ("impl", "Craig Wilson (demo)", "local_authority", "Team manager", "member", 10, 28, 14),
            ("east", "Laura Stewart (demo)", "local_authority", "Practice lead", "chair", 7.5, 18, None),
            ("east", "Jenny McLean (demo)", "nhs", "Health visitor", "member", 4, 18, None),
            ("east", "Paul Grant (demo)", "education", "Pupil support teacher", "member", 3, 17, None),
            ("east", "Aisha Khan (demo)", "local_authority", "Social worker", "member", 4, 12, None),
            ("west", "Gary Duncan (demo)", "local_authority", "Practice lead", "chair", 7.5, 9, None),
            ("west", "Helen Ross (demo)", "nhs", "School nurse", "member", 3, 9, None),
            ("west", "Nicola Baird (demo)", "third_sector", "Family support worker", "member", None, 8, None),
        ],
        # team key: (days between meetings, how many, days before today of the latest, next scheduled in days)
        "meetings": {
            "exec": (42, 6, 20, 22),
            "impl": (14, 14, 6, 8),
            "east": (30, 8, 12, 18),
            "west": (30, 4, 30, None),
        },
        # team key, title, owner name, due (days from today), status, from the latest meeting?
        "actions": [
            ("impl", "Draft revised job description for the data lead role", "Anna Lindsay (demo)", -21, "open", True),
            (
                "impl",
                "Share the run chart with the west locality team",
                "Dundee Member (demo)",
                -4,
                "in_progress",
                True,
            ),
            ("impl", "Book venue for the team managers' briefing", "Sam Thomson (demo)", 10, "open", True),
            ("impl", "Agree the fidelity check schedule for the next quarter", "Rachel Boyd (demo)", 21, "open", False),
            ("impl", "Write up learning from the first improvement cycle", "Dundee Lead (demo)", -30, "done", False),
            (
                "exec",
                "Confirm protected time for locality practice leads",
                "Moira Kerr (demo)",
                14,
                "in_progress",
                True,
            ),
            ("east", "Try the practice profile at two more team meetings", "Laura Stewart (demo)", -9, "open", True),
            ("west", "Arrange shadowing with the east locality team", "Gary Duncan (demo)", -40, "cancelled", False),
        ],
        # days ago, team key, audience, channel, summary
        "communications": [
            (75, "impl", "leadership", "report", "Quarterly progress report to the Chief Officers Group."),
            (60, "impl", "practice", "newsletter", "Monthly bulletin: what the east locality team has learned so far."),
            (45, "exec", "elected_members", "briefing", "Briefing for the children and families committee."),
            (30, "impl", "practice", "newsletter", "Monthly bulletin: the west locality team joins."),
            (21, "impl", "partners", "workshop", "Workshop with third-sector partners on the practice profile."),
            (12, "east", "community", "meeting", "Parents' group at the family centre heard about the changes."),
            (5, "impl", "national", "email", "Update to CELCIS on the improvement cycles and measures."),
        ],
    },
    "perth-and-kinross": {
        "lead": "perth-lead",
        "teams": [
            (
                "exec",
                "Getting it Right Leadership Group (demo)",
                "leadership",
                None,
                24,
                "Leads the programme across the partnership and aligns it with the children's services plan.",
                "Agrees resources and priorities for the programme.",
                "Every two months",
                "Receives a highlight report from the implementation team; reports to the Child Protection Committee.",
            ),
            (
                "impl",
                "Neglect Implementation Team (demo)",
                "implementation",
                "exec",
                20,
                "Installs the practice profile and the training and coaching that support it.",
                "Plans training, coaching and data collection; agrees which teams go first.",
                "Every three weeks",
                "Highlight report to the leadership group; updates on the staff intranet.",
            ),
            (
                "rural",
                "Highland Perthshire locality team (demo)",
                "practice",
                "impl",
                6,
                "First locality to test the practice profile, in a rural setting.",
                "Agrees local tests of change.",
                "Monthly",
                "Reports through its practice lead to the implementation team.",
            ),
        ],
        "members": [
            ("exec", "Gordon Shaw (demo)", "local_authority", "Head of services for children", "chair", 1.5, 24, None),
            ("exec", "Dr Ruth Ogilvie (demo)", "nhs", "Nurse director", "member", 1, 24, None),
            ("exec", "Eilidh Munro (demo)", "education", "Quality improvement officer", "member", 1, 22, None),
            ("impl", "perth-lead", "local_authority", "Improvement lead", "chair", 18.5, 20, None),
            ("impl", "perth-member", "education", "Depute head teacher", "coordinator", 7.5, 20, None),
            ("impl", "Sarah Allan (demo)", "nhs", "Health visitor team leader", "data_lead", 7.5, 18, None),
            ("impl", "Tom Menzies (demo)", "local_authority", "Senior social worker", "member", 4, 16, None),
            ("impl", "Kirsty Hay (demo)", "celcis", "Implementation adviser", "celcis_specialist", 4, 20, None),
            ("rural", "Mhairi Robertson (demo)", "local_authority", "Practice lead", "chair", 4, 6, None),
            ("rural", "Dave Cameron (demo)", "nhs", "Health visitor", "member", 2, 6, None),
            ("rural", "Lucy Reid (demo)", "education", "Head teacher", "member", None, 5, None),
        ],
        "meetings": {"exec": (60, 4, 35, 25), "impl": (21, 8, 10, 11), "rural": (30, 4, 25, None)},
        "actions": [
            ("impl", "Finalise the coaching plan for practice leads", "Perth Lead (demo)", -12, "in_progress", True),
            (
                "impl",
                "Set up the data collection sheet for the practice profile",
                "Sarah Allan (demo)",
                14,
                "open",
                True,
            ),
            (
                "impl",
                "Agree training dates with the learning and development team",
                "Perth Member (demo)",
                -20,
                "done",
                False,
            ),
            (
                "exec",
                "Raise protected time at the children's services partnership",
                "Gordon Shaw (demo)",
                30,
                "open",
                True,
            ),
            (
                "rural",
                "Test the practice profile with two families' plans",
                "Mhairi Robertson (demo)",
                20,
                "open",
                False,
            ),
        ],
        "communications": [
            (50, "impl", "leadership", "report", "Highlight report to the leadership group."),
            (28, "impl", "practice", "intranet", "Intranet news item on the programme and the first locality."),
            (9, "rural", "practice", "meeting", "Locality team meeting heard about the first tests of change."),
        ],
    },
    "inverclyde": {
        "lead": "inverclyde-lead",
        "teams": [
            (
                "impl",
                "Inverclyde Neglect Implementation Team (demo)",
                "implementation",
                None,
                12,
                "Re-examining local need after staff changes, before choosing how to proceed.",
                "",
                "Monthly (to be confirmed)",
                "",
            ),
        ],
        "members": [
            ("impl", "inverclyde-lead", "local_authority", "Head of children's services", "chair", None, 12, None),
            ("impl", "inverclyde-member", "local_authority", "Social worker", "coordinator", None, 12, None),
            ("impl", "Claire Docherty (demo)", "nhs", "Health visitor", "data_lead", 4, 12, 3),
        ],
        "meetings": {"impl": (30, 4, 120, None)},
        "actions": [
            ("impl", "Identify a new data lead", "Inverclyde Lead (demo)", -60, "open", True),
            (
                "impl",
                "Ask the leadership for dedicated time in two job roles",
                "Inverclyde Member (demo)",
                -30,
                "open",
                True,
            ),
        ],
        "communications": [
            (110, "impl", "leadership", "email", "Email update to senior managers on the staff changes."),
        ],
    },
}


def _months_ago(today, months: int):
    return today - timedelta(days=30 * months)


def _add_members(area, teams, plan, lead, today) -> dict:
    members = {}
    for team_key, who, organisation, profession, role, hours, joined, left in plan["members"]:
        team = teams[team_key]
        account = User.objects.filter(username=who).first() if "(demo)" not in who else None
        joined_on = max(_months_ago(today, joined), team.formed_on)
        member = services.team_member_add(
            team=team,
            actor=lead,
            user=account,
            name="" if account else who,
            email="" if account else f"{who.split(' (')[0].lower().replace(' ', '.')}@{DEMO_DOMAIN}",
            organisation=organisation,
            profession=profession,
            role=role,
            hours_per_week=None if hours is None else Decimal(str(hours)),
            joined_on=joined_on,
        )
        if left is not None:
            member = services.team_member_update(
                member=member, actor=lead, data={"left_on": max(_months_ago(today, left), joined_on)}
            )
        members[member.name] = member
    return members


def _add_meetings(teams, plan, lead, today) -> dict:
    latest = {}
    for team_key, (every, count, last_days_ago, next_in) in plan["meetings"].items():
        team = teams[team_key]
        for number in range(count - 1, -1, -1):
            held_on = today - timedelta(days=last_days_ago + every * number)
            if held_on < team.formed_on:
                continue
            present = [
                m for m in team.members.all() if m.joined_on <= held_on and (m.left_on is None or m.left_on >= held_on)
            ]
            # Someone is usually away.
            attendees = present[:-1] if len(present) > 3 and number % 2 else present
            latest[team_key] = services.meeting_create(
                team=team,
                actor=lead,
                held_on=held_on,
                attendees=attendees,
                notes=f"Demo: {NOTES[number % len(NOTES)]}",
                decisions=f"Demo: {DECISIONS[number % len(DECISIONS)]}",
            )
        if next_in is not None:
            services.meeting_create(team=team, actor=lead, held_on=today + timedelta(days=next_in))
    return latest


# Actions agreed and finished in earlier quarters, different in each area, so each quarter's return
# counts actions opened and closed: (team key, title, quarters back, day agreed, days to finish).
EARLIER_ACTIONS = {
    "dundee-lead": [
        ("impl", "Map the health visiting caseloads in the first slice", 3, 8, 40),
        ("impl", "Agree the practice profile's essential functions", 2, 15, 30),
        ("exec", "Report progress to the Child Protection Committee", 2, 50, 20),
    ],
    "perth-lead": [
        ("impl", "Invite head teachers to the implementation team", 3, 20, 25),
        ("impl", "Collect rural practitioners' views on meeting online", 2, 30, 45),
    ],
    "inverclyde-lead": [
        ("impl", "Ask the analyst for re-referral figures by month", 3, 5, 60),
        ("impl", "Plan the first-contact test with two social workers", 2, 40, 15),
        ("impl", "Share the pathway map with the third-sector partners", 1, 10, 35),
    ],
}


def _agreed_on(action, day) -> None:
    """Demo actions were agreed in the past: date the record when it was agreed."""
    Action.objects.filter(pk=action.pk).update(created_at=timezone.make_aware(datetime.combine(day, time(11))))


def _earlier_actions(area, teams, lead, today) -> None:
    current = Quarter.of(today)
    for team_key, title, back, day, days_to_finish in EARLIER_ACTIONS.get(lead.username, []):
        quarter = current
        for _ in range(back):
            quarter = quarter.previous()
        agreed = quarter.start + timedelta(days=day)
        done = min(agreed + timedelta(days=days_to_finish), today)
        action = services.action_create(
            area=area,
            actor=lead,
            title=title,
            team=teams[team_key],
            due_date=done,
            status=ActionStatus.DONE,
            completed_on=done,
        )
        _agreed_on(action, agreed)


def seed(stdout=None) -> None:
    """Give each programme area believable, different teams (once: an area with teams is left alone)."""
    today = timezone.localdate()
    for slug, plan in PLANS.items():
        area = LocalArea.objects.get(slug=slug)
        if Team.objects.filter(area=area).exists():
            continue
        lead = User.objects.get(username=plan["lead"])
        teams = {}
        for key, name, level, parent, formed, purpose, decisions, rhythm, communication in plan["teams"]:
            teams[key] = services.team_create(
                area=area,
                actor=lead,
                name=name,
                level=level,
                parent=teams.get(parent),
                formed_on=_months_ago(today, formed),
                purpose=purpose,
                decisions=decisions,
                meeting_rhythm=rhythm,
                communication=communication,
            )
        members = _add_members(area, teams, plan, lead, today)
        latest = _add_meetings(teams, plan, lead, today)
        for team_key, title, owner, due_in, status, from_meeting in plan["actions"]:
            meeting = latest.get(team_key) if from_meeting else None
            due_date = today + timedelta(days=due_in)
            if meeting is not None and due_date < meeting.held_on:
                meeting = None  # agreed before the latest meeting
            action = services.action_create(
                area=area,
                actor=lead,
                title=title,
                team=teams[team_key],
                owner=members.get(owner),
                due_date=due_date,
                meeting=meeting,
                status=status,
                completed_on=min(due_date, today) if status in (ActionStatus.DONE, ActionStatus.CANCELLED) else None,
            )
            # Agreed at its meeting, or about a month before it fell due.
            _agreed_on(action, meeting.held_on if meeting else min(due_date - timedelta(days=30), today))
        _earlier_actions(area, teams, lead, today)
        for days_ago, team_key, audience, channel, summary in plan["communications"]:
            services.communication_create(
                area=area,
                actor=lead,
                sent_on=today - timedelta(days=days_ago),
                team=teams[team_key],
                audience=audience,
                channel=channel,
                summary=f"Demo: {summary}",
            )
    if stdout:
        stdout.write(
            f"Teams demo: {Team.objects.count()} teams, {TeamMember.objects.count()} members, "
            f"{Meeting.objects.count()} meetings, {Action.objects.count()} actions, "
            f"{Communication.objects.count()} communications."
        )
