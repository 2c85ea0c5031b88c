from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from stages import selectors, services
from stages.models import StageChange, StageChangeStatus

TODAY = timezone.localdate()


def _post_change(client, area, **data):
    payload = {"stage": "installation", "entered_on": TODAY.isoformat(), "reason": "", "evidence": ""}
    payload.update(data)
    return client.post(reverse("stages:change_create", args=[area.slug]), payload)


def test_member_proposes_and_lead_confirms(client_for, member, lead, dundee):
    response = _post_change(client_for(member), dundee, evidence="Team minutes, 3 Nov")
    assert response.status_code == 302
    proposal = StageChange.objects.get(area=dundee)
    assert proposal.status == StageChangeStatus.PROPOSED
    assert selectors.current_stage(dundee) is None  # a proposal is not the stage yet

    client = client_for(lead)
    response = client.post(reverse("stages:change_decide", args=[dundee.slug, proposal.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    current = selectors.current_stage(dundee)
    assert current.pk == proposal.pk and current.decided_by == lead


def test_member_cannot_confirm_their_own_proposal(client_for, member, dundee):
    client = client_for(member)
    _post_change(client, dundee)
    proposal = StageChange.objects.get(area=dundee)
    assert (
        client.post(
            reverse("stages:change_decide", args=[dundee.slug, proposal.pk]), {"decision": "confirm"}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.stage_change_decide(change=proposal, actor=member, confirm=True)


def test_lead_records_a_change_confirmed_at_once(client_for, lead, dundee):
    _post_change(client_for(lead), dundee, stage="exploration")
    assert selectors.current_stage(dundee).stage == "exploration"


def test_declining_needs_a_note(client_for, member, lead, dundee):
    _post_change(client_for(member), dundee)
    proposal = StageChange.objects.get(area=dundee)
    response = client_for(lead).post(
        reverse("stages:change_decide", args=[dundee.slug, proposal.pk]), {"decision": "decline", "note": ""}
    )
    assert response.status_code == 200
    assert "Say why the change is declined" in response.context["form"].errors["note"][0]
    proposal.refresh_from_db()
    assert proposal.status == StageChangeStatus.PROPOSED


def test_going_back_a_stage_needs_a_reason(client_for, lead, dundee):
    client = client_for(lead)
    _post_change(client, dundee, stage="installation", entered_on=(TODAY - timedelta(days=30)).isoformat())
    response = _post_change(client, dundee, stage="exploration", reason="")
    assert response.status_code == 200
    assert "Going back a stage needs a reason" in response.context["form"].errors["reason"][0]
    assert response.context["form"]["evidence"].value() == ""
    response = _post_change(client, dundee, stage="exploration", reason="Two of the team left")
    assert response.status_code == 302
    assert selectors.current_stage(dundee).stage == "exploration"
    timeline = [c.stage for c in selectors.stage_timeline(dundee)]
    assert timeline == ["exploration", "installation"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"entered_on": (TODAY + timedelta(days=1)).isoformat()}, "entered_on", "in the future"),
        ({"entered_on": (TODAY - timedelta(days=90)).isoformat()}, "entered_on", "cannot come before it"),
        ({"stage": "initial"}, "stage", "already the current stage"),
        ({"entered_on": "31/02/2026"}, "entered_on", "Enter a valid date"),
        ({"stage": "nonsense"}, "stage", "Select a valid choice"),
    ],
)
def test_impossible_stage_changes_are_refused_at_the_field(client_for, lead, dundee, data, field, message):
    client = client_for(lead)
    _post_change(client, dundee, stage="initial", entered_on=(TODAY - timedelta(days=10)).isoformat())
    response = _post_change(client, dundee, evidence="Kept text", **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["evidence"].value() == "Kept text"
    assert StageChange.objects.filter(area=dundee).count() == 1


def test_a_second_proposal_waits_for_the_first(client_for, member, dundee):
    client = client_for(member)
    _post_change(client, dundee)
    response = _post_change(client, dundee, stage="exploration")
    assert "already waiting for a decision" in response.content.decode()


def test_area_page_shows_current_stage_and_timeline(client_for, viewer, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=TODAY - timedelta(days=40))
    services.stage_change_record(
        area=dundee, actor=lead, stage="installation", entered_on=TODAY, evidence="Funding agreed"
    )
    page = client_for(viewer).get(reverse("stages:overview", args=[dundee.slug])).content.decode()
    assert "Installation" in page and "Funding agreed" in page and "Exploration" in page
    overview = client_for(viewer).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "Implementation stage" in overview and "Installation" in overview


def test_stage_history_records_who_decided(client_for, member, lead, dundee):
    services.stage_change_record(area=dundee, actor=member, stage="exploration", entered_on=TODAY)
    change = StageChange.objects.get()
    services.stage_change_decide(change=change, actor=lead, confirm=True)
    latest = change.history.first()
    assert latest.history_user == lead and latest.status == "confirmed"
    page = client_for(member).get(reverse("stages:history", args=[dundee.slug])).content.decode()
    assert "Proposed → Confirmed" in page
