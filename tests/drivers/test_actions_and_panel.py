"""Acting on gaps through the teams app's action tracker, and the Drivers panel on the area overview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from drivers import selectors
from drivers.models import ItemScore
from teams.models import Action, ActionStatus
from tests.drivers.factories import current_items, scored_assessment
from tests.teams.factories import TeamMemberFactory

# Scores from partly answered assessments: completion needs only one answer here.
pytestmark = pytest.mark.usefixtures("any_share_completes")


def _gap_url(assessment, item):
    return reverse("drivers:action_create", args=[assessment.area.slug, assessment.pk, item.pk])


def test_an_action_on_a_gap_is_linked_to_the_item_and_shown_on_it(client_for, member, lead, dundee):
    owner = TeamMemberFactory(team__area=dundee, name="Aileen Coach")
    item = current_items()[8]  # the first coaching item
    assessment = scored_assessment(dundee, lead, {item: 0})
    due = timezone.localdate() + timedelta(days=30)
    client = client_for(member)
    form = client.get(_gap_url(assessment, item))
    assert f"Coaching: {item.text}" in form.content.decode()  # the title starts from the item
    response = client.post(
        _gap_url(assessment, item),
        {"title": "Write the coaching plan", "owner": owner.pk, "due_date": due.isoformat(), "description": ""},
    )
    record = ItemScore.objects.get(assessment=assessment, item=item)
    assert response["Location"] == record.get_absolute_url()
    action = Action.objects.get()
    assert (action.area, action.subject, action.owner, action.due_date) == (dundee, record, owner, due)
    assert action.history.get().history_user == member

    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Write the coaching plan" in page
    assert reverse("teams:action_detail", args=[dundee.slug, action.pk]) in page


def test_the_next_assessment_shows_the_earlier_action_and_whether_the_item_moved(client_for, lead, dundee):
    owner = TeamMemberFactory(team__area=dundee)
    item = current_items()[8]
    first = scored_assessment(dundee, lead, {item: 0}, days_ago=180)
    client = client_for(lead)
    client.post(
        _gap_url(first, item),
        {"title": "Write the coaching plan", "owner": owner.pk, "due_date": timezone.localdate().isoformat()},
    )
    Action.objects.update(status=ActionStatus.DONE, completed_on=timezone.localdate())
    second = scored_assessment(dundee, lead, {item: 2})

    row = next(r for r in selectors.assessment_report(second, with_actions=True).item_rows if r.item.pk == item.pk)
    assert [a.title for a in row.actions] == ["Write the coaching plan"]  # done, but from the previous one
    assert row.actions[0].source_assessment == first
    assert (row.previous, row.value, row.movement) == (0, 2, "Moved up")
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Moved up" in page and f"from the assessment of {first.assessed_on:%-d %b %Y}" in page


def test_only_gaps_of_completed_assessments_become_actions(client_for, lead, dundee):
    TeamMemberFactory(team__area=dundee)
    items = current_items()
    done = scored_assessment(dundee, lead, {items[0]: 2, items[1]: 1})
    draft = scored_assessment(dundee, lead, {items[0]: 0}, complete=False)
    client = client_for(lead)
    response = client.get(_gap_url(done, items[0]), follow=True)
    assert "Only an item scored not in place (0) or partly in place (1)" in response.content.decode()
    response = client.get(_gap_url(draft, items[0]), follow=True)
    assert "Complete the assessment first" in response.content.decode()
    assert client.get(_gap_url(done, items[1])).status_code == 200
    assert client.get(_gap_url(done, items[5])).status_code == 404  # not answered: no record to act on


def test_an_action_needs_an_owner_from_the_areas_teams_and_a_due_date_not_passed(client_for, lead, dundee, inverclyde):
    outsider = TeamMemberFactory(team__area=inverclyde)
    item = current_items()[0]
    assessment = scored_assessment(dundee, lead, {item: 0})
    response = client_for(lead).post(
        _gap_url(assessment, item),
        {
            "title": "Agree criteria",
            "owner": outsider.pk,
            "due_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    page = response.content.decode()
    assert "Choose someone on one of Dundee City&#x27;s teams" in page
    assert "The due date has passed" in page
    assert 'value="Agree criteria"' in page
    assert "Nobody is on one of Dundee City" in page
    assert not Action.objects.exists()


def test_the_overview_panel_shows_latest_scores_weakest_drivers_and_open_actions(client_for, viewer, lead, dundee):
    owner = TeamMemberFactory(team__area=dundee, name="Owen Owner")
    items = current_items()
    values = dict.fromkeys(items, 2)
    values.update({i: 0 for i in items if i.driver.key == "systems-intervention"})
    values.update({i: 1 for i in items if i.driver.key == "coaching"})
    scored_assessment(dundee, lead, 0, days_ago=300)
    latest = scored_assessment(dundee, lead, values, days_ago=3)
    gap = next(i for i in items if i.driver.key == "systems-intervention")
    client_for(lead).post(
        _gap_url(latest, gap),
        {"title": "Formalise the partnership", "owner": owner.pk, "due_date": timezone.localdate().isoformat()},
    )

    from areas.access import Access

    panel = selectors.overview_panel(dundee, Access.for_user(viewer))
    assert panel["latest"] == latest
    assert [row["driver"].key for row in panel["weakest"]] == ["systems-intervention", "coaching", "selection"]
    assert panel["open_action_count"] == 1 and panel["open_actions"][0].title == "Formalise the partnership"

    page = client_for(viewer).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert 'id="panel-drivers"' in page
    assert "Weakest drivers" in page and "Systems intervention: <strong>0%</strong>" in page
    assert "Formalise the partnership" in page


def test_the_overview_panel_with_nothing_yet_offers_the_first_assessment(client_for, member, dundee):
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "No drivers assessment has been completed yet" in page
    assert reverse("drivers:assessment_create", args=[dundee.slug]) in page


def test_the_kept_assessment_page_shows_a_new_action_at_once_and_each_reader_their_own_links(
    client_for, member, lead, viewer, dundee
):
    owner = TeamMemberFactory(team__area=dundee, name="Aileen Coach")
    item = current_items()[8]
    assessment = scored_assessment(dundee, lead, {item: 0})
    client = client_for(member)
    before = client.get(assessment.get_absolute_url()).content.decode()
    assert _gap_url(assessment, item) in before and "Write the coaching plan" not in before
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        _gap_url(assessment, item),
        {"title": "Write the coaching plan", "owner": owner.pk, "due_date": due, "description": ""},
    )
    assert response.status_code == 302
    assert "Write the coaching plan" in client.get(assessment.get_absolute_url()).content.decode()
    page = client_for(viewer).get(assessment.get_absolute_url()).content.decode()  # a national viewer
    assert "Write the coaching plan" in page and _gap_url(assessment, item) not in page
