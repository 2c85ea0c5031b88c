"""An innovation's own stage and checklist, through the stages app with the innovation as subject."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from stages import selectors as stage_selectors
from stages.models import ActivityProgress, StageActivity, StageChange, StageChangeStatus
from tests.innovations.factories import make_innovation

TODAY = timezone.localdate()


def _propose(client, area, innovation, **data):
    payload = {"stage": "installation", "entered_on": TODAY.isoformat(), "reason": "", "evidence": ""}
    payload.update(data)
    return client.post(reverse("innovations:stage_change", args=[area.slug, innovation.pk]), payload)


def test_member_proposes_the_innovations_stage_and_a_lead_confirms_it(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member)
    assert _propose(client_for(member), dundee, innovation, evidence="Funding agreed").status_code == 302
    proposal = StageChange.objects.get(area=dundee)
    assert proposal.status == StageChangeStatus.PROPOSED and proposal.subject == innovation
    assert stage_selectors.current_stage(dundee, innovation) is None

    member_client = client_for(member)
    decide = reverse("innovations:stage_decide", args=[dundee.slug, innovation.pk, proposal.pk])
    assert member_client.post(decide, {"decision": "confirm"}).status_code == 403

    response = client_for(lead).post(decide, {"decision": "confirm"})
    assert response["Location"] == reverse("innovations:stage", args=[dundee.slug, innovation.pk])
    assert stage_selectors.current_stage(dundee, innovation).stage == "installation"
    assert stage_selectors.current_stage(dundee) is None  # the programme's own stage is separate
    page = client_for(lead).get(reverse("innovations:stage", args=[dundee.slug, innovation.pk])).content.decode()
    assert "Installation" in page and "Confirmed" in page


def test_a_lead_records_the_innovations_stage_confirmed_at_once(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member)
    _propose(client_for(lead), dundee, innovation, stage="exploration")
    assert stage_selectors.current_stage(dundee, innovation).stage == "exploration"


def test_going_back_a_stage_needs_a_reason_and_keeps_what_was_typed(client_for, lead, dundee):
    innovation = make_innovation(dundee, lead)
    client = client_for(lead)
    _propose(client, dundee, innovation, entered_on=(TODAY - timedelta(days=30)).isoformat())
    response = _propose(client, dundee, innovation, stage="exploration", evidence="Two coaches left")
    assert "Going back a stage needs a reason" in response.context["form"].errors["reason"][0]
    assert response.context["form"]["evidence"].value() == "Two coaches left"


def test_a_proposal_about_another_innovation_cannot_be_decided_here(client_for, member, lead, dundee):
    first = make_innovation(dundee, member, name="First")
    second = make_innovation(dundee, member, name="Second")
    _propose(client_for(member), dundee, second)
    proposal = StageChange.objects.get()
    url = reverse("innovations:stage_decide", args=[dundee.slug, first.pk, proposal.pk])
    assert client_for(lead).get(url).status_code == 404


def test_the_innovations_checklist_is_its_own(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    activity = StageActivity.objects.filter(stage="installation").first()
    url = reverse("innovations:activity_progress", args=[dundee.slug, innovation.pk, activity.pk])
    client = client_for(member)
    response = client.post(
        url,
        {
            "status": "done",
            "started_on": (TODAY - timedelta(days=20)).isoformat(),
            "completed_on": TODAY.isoformat(),
            "notes": "Training delivered",
            "evidence_link": "",
        },
    )
    assert response.status_code == 302
    record = ActivityProgress.objects.get()
    assert record.subject == innovation
    assert stage_selectors.checklist(dundee)["installation"][0].progress is None  # the programme's is untouched
    progress = {p.stage: p for p in stage_selectors.progress_for(dundee, innovation)}
    assert progress["installation"].done == 1
    page = client.get(reverse("innovations:stage", args=[dundee.slug, innovation.pk])).content.decode()
    assert "Training delivered" in page


def test_two_people_updating_one_activity_at_once_cannot_overwrite_each_other(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member)
    activity = StageActivity.objects.filter(stage="installation").first()
    url = reverse("innovations:activity_progress", args=[dundee.slug, innovation.pk, activity.pk])
    data = {"status": "in_progress", "started_on": TODAY.isoformat(), "completed_on": "", "evidence_link": ""}
    assert client_for(lead).post(url, {**data, "notes": "Lead's notes"}).status_code == 302
    version = ActivityProgress.objects.get().version
    assert client_for(lead).post(url, {**data, "notes": "Lead again", "version": version}).status_code == 302
    response = client_for(member).post(url, {**data, "notes": "Member's notes", "version": version})
    assert response.status_code == 200
    assert "Someone else saved changes" in response.context["form"].non_field_errors()[0]
    assert ActivityProgress.objects.get().notes == "Lead again"
