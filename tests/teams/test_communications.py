"""The communications log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teams.models import Communication
from tests.teams.factories import CommunicationFactory, TeamFactory

TODAY = timezone.localdate()


def _data(**changes):
    data = {
        "sent_on": (TODAY - timedelta(days=1)).isoformat(),
        "team": "",
        "audience": "practice",
        "channel": "newsletter",
        "summary": "Monthly bulletin to locality teams.",
    }
    data.update(changes)
    return data


def test_member_logs_and_corrects_a_communication(client_for, member, dundee):
    team = TeamFactory(area=dundee)
    client = client_for(member)
    response = client.post(reverse("teams:communication_create", args=[dundee.slug]), _data(team=team.pk))
    assert response.status_code == 302
    entry = Communication.objects.get()
    assert (entry.area, entry.team, entry.recorded_by) == (dundee, team, member)
    url = reverse("teams:communication_update", args=[dundee.slug, entry.pk])
    assert client.post(url, _data(team=team.pk, channel="email", version=entry.version)).status_code == 302
    entry.refresh_from_db()
    assert entry.channel == "email" and entry.history.count() == 2
    page = client.get(reverse("teams:communications", args=[dundee.slug])).content.decode()
    assert "Monthly bulletin to locality teams." in page and "Practitioners and locality teams" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sent_on": (TODAY + timedelta(days=2)).isoformat()}, "sent_on", "in the future"),
        ({"team": "other-area"}, "team", "Choose one of Dundee City's teams"),
        ({"audience": "everyone"}, "audience", "Select a valid choice"),
        ({"summary": ""}, "summary", "This field is required"),
    ],
)
def test_bad_communication_input_is_refused_at_the_field(
    client_for, member, dundee, inverclyde, changes, field, message
):
    if changes.get("team") == "other-area":
        changes = {"team": TeamFactory(area=inverclyde).pk}
    response = client_for(member).post(reverse("teams:communication_create", args=[dundee.slug]), _data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["channel"].value() == "newsletter"
    assert not Communication.objects.exists()


def test_communications_log_filters_by_audience_and_channel(client_for, viewer, dundee, inverclyde):
    CommunicationFactory(area=dundee, audience="leadership", channel="report", summary="Quarterly report")
    CommunicationFactory(area=dundee, audience="practice", channel="newsletter", summary="Bulletin")
    CommunicationFactory(area=inverclyde, summary="Their bulletin")
    client = client_for(viewer)
    url = reverse("teams:communications", args=[dundee.slug])
    assert [c.summary for c in client.get(url).context["communications"]] == ["Quarterly report", "Bulletin"] or [
        c.summary for c in client.get(url).context["communications"]
    ] == ["Bulletin", "Quarterly report"]
    assert [c.summary for c in client.get(url, {"audience": "leadership"}).context["communications"]] == [
        "Quarterly report"
    ]
    assert [c.summary for c in client.get(url, {"channel": "newsletter"}).context["communications"]] == ["Bulletin"]


def test_empty_log_says_what_belongs_there(client_for, member, dundee):
    page = client_for(member).get(reverse("teams:communications", args=[dundee.slug])).content.decode()
    assert "log how the teams keep leaders, practitioners, partners and families informed" in page
    assert reverse("teams:communication_create", args=[dundee.slug]) in page
