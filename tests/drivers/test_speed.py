"""The drivers list and an assessment's page keep what they computed until the area's records change,
and the drivers history is paginated before it is described."""

from django.urls import reverse

from drivers import services
from drivers.models import ItemScore
from tests.drivers.factories import current_items, scored_assessment
from tests.query_budget import assert_flat_query_count


def test_a_kept_assessment_page_shows_a_change_at_once(client_for, lead, dundee):
    draft = scored_assessment(dundee, lead, 1, complete=False)
    client = client_for(lead)
    url = reverse("drivers:assessment_detail", args=[dundee.slug, draft.pk])
    assert "In place</span>" not in client.get(url).content.decode()
    item = current_items()[0]
    services.assessment_save_draft(
        assessment=draft,
        actor=lead,
        expected_version=draft.version,
        answers={item.pk: services.Answer(2, "Seen")},
    )
    assert ItemScore.objects.get(assessment=draft, item=item).score == 2
    assert "In place</span>" in client.get(url).content.decode()


def test_the_drivers_list_shows_a_new_assessment_at_once(client_for, lead, dundee):
    client = client_for(lead)
    url = reverse("drivers:list", args=[dundee.slug])
    scored_assessment(dundee, lead, 1, days_ago=30)
    assert len(client.get(url).context["assessments"]) == 1
    scored_assessment(dundee, lead, 2, days_ago=1)
    response = client.get(url)
    assert len(response.context["assessments"]) == 2
    assert response.context["panel"]["overall"].percent == 100


def test_the_drivers_history_is_paginated_before_it_is_described(client_for, lead, dundee):
    client = client_for(lead)
    url = reverse("drivers:history", args=[dundee.slug])
    assert_flat_query_count(client, url, lambda: scored_assessment(dundee, lead, 1), factor=3, max_queries=8)
    response = client.get(url)
    assert response.context["page_obj"].paginator.count > 25
    assert len(response.context["entries"]) == 25
    assert "page=2" in response.content.decode()
