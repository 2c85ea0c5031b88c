"""factory-boy factories for teams. Records are made directly (not through the services) so tests
can build any state quickly; tests of behaviour go through the pages or the services."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from teams.models import Action, ActionStatus, Communication, Meeting, MeetingAttendance, Team, TeamMember
from tests.factories import LocalAreaFactory, UserFactory

TODAY = timezone.localdate()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    area = factory.SubFactory(LocalAreaFactory)
    name = factory.Sequence(lambda n: f"Test team {n}")
    level = "implementation"
    formed_on = factory.LazyFunction(lambda: TODAY - timedelta(days=400))
    purpose = "Make the programme happen."


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    area = factory.SelfAttribute("team.area")
    name = factory.Sequence(lambda n: f"Member {n}")
    email = factory.LazyAttribute(lambda m: f"{m.name.lower().replace(' ', '.')}@example.org")
    organisation = "local_authority"
    profession = "Social worker"
    role = "member"
    hours_per_week = Decimal("7.5")
    joined_on = factory.LazyFunction(lambda: TODAY - timedelta(days=300))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    team = factory.SubFactory(TeamFactory)
    area = factory.SelfAttribute("team.area")
    held_on = factory.LazyFunction(lambda: TODAY - timedelta(days=10))
    notes = "Reviewed the run chart."
    decisions = "Carry on."


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(TeamMemberFactory, team=factory.SelfAttribute("..meeting.team"))
    area = factory.SelfAttribute("meeting.area")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    status = ActionStatus.OPEN
    due_date = factory.LazyFunction(lambda: TODAY + timedelta(days=14))
    created_by = factory.SubFactory(UserFactory)


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Communication

    area = factory.SubFactory(LocalAreaFactory)
    sent_on = factory.LazyFunction(lambda: TODAY - timedelta(days=3))
    audience = "practice"
    channel = "newsletter"
    summary = "Monthly bulletin."
    recorded_by = factory.SubFactory(UserFactory)
