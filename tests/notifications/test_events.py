"""Each event a framework app announces reaches the right people, once, with a link to where it is done."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.models import ExampleStatus
from notifications.models import Notification
from reports import services as report_services
from stages import services as stage_services
from stages.models import Stage
from teams import services as team_services
from tests.community.factories import ExampleFactory
from tests.reports.factories import QuarterlyReturnFactory
from tests.teams.factories import TeamMemberFactory


def _told(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", "url"))


def test_a_proposed_stage_change_tells_the_leads_and_the_decision_tells_the_proposer(member, lead, dundee):
    change = stage_services.stage_change_record(
        area=dundee, actor=member, stage=Stage.EXPLORATION, entered_on=timezone.localdate() - timedelta(days=3)
    )
    overview = reverse("stages:overview", args=[dundee.slug])
    assert _told(lead) == [("stages.change_proposed", overview)] and _told(member) == []
    stage_services.stage_change_decide(change=change, actor=lead, confirm=True)
    assert _told(member) == [("stages.change_decided", overview)]
    assert "confirmed" in Notification.objects.get(recipient=member).title


def test_a_lead_recording_a_stage_change_tells_nobody(lead, dundee):
    stage_services.stage_change_record(
        area=dundee, actor=lead, stage=Stage.EXPLORATION, entered_on=timezone.localdate()
    )
    assert not Notification.objects.exists()


def test_return_steps_tell_celcis_then_the_area(member, lead, celcis, viewer, dundee):
    written = QuarterlyReturnFactory(area=dundee, written=True)
    submitted = report_services.return_submit(quarterly_return=written, actor=lead)
    review = reverse("reports:return_review", args=[dundee.slug, submitted.slug])
    assert _told(celcis) == [("reports.return_submitted", review)] and _told(viewer) == []
    report_services.return_send_back(quarterly_return=submitted, actor=celcis, comment="Say more.", section_comments={})
    assert ("reports.return_sent_back", submitted.get_absolute_url()) in _told(member)
    assert ("reports.return_sent_back", submitted.get_absolute_url()) in _told(lead)
    resubmitted = report_services.return_submit(quarterly_return=submitted, actor=lead)
    assert len(_told(celcis)) == 2  # a second submission is a second thing to review
    report_services.return_accept(quarterly_return=resubmitted, actor=celcis)
    assert ("reports.return_accepted", resubmitted.get_absolute_url()) in _told(lead)
    assert ("reports.return_accepted", resubmitted.get_absolute_url()) not in _told(member)


def test_an_action_given_to_someone_with_an_account_tells_them(member, lead, dundee):
    owner = TeamMemberFactory(area=dundee, user=member, team__area=dundee)
    action = team_services.action_create(area=dundee, actor=lead, title="Book the training room", owner=owner)
    assert _told(member) == [("teams.action_assigned", action.get_absolute_url())]
    team_services.action_create(area=dundee, actor=member, title="My own note", owner=owner)
    assert len(_told(member)) == 1  # nobody is told about what they gave themselves


def test_the_author_hears_when_celcis_publishes_or_returns_an_example(member, celcis, dundee):
    from community import services as community_services

    example = ExampleFactory(area=dundee, author=member, status=ExampleStatus.SUBMITTED, published_at=None)
    community_services.example_return(example=example, actor=celcis, comment="Remove the street name.")
    notification = Notification.objects.get(recipient=member)
    assert "sent back" in notification.title and notification.body == "Remove the street name."
