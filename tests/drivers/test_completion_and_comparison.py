"""Issue 13 point 7: an assessment is completed only once 80 % of its items are answered (a setting),
every score says how many items it comes from, and a draft is never compared with a completed one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from areas.models import LocalArea
from drivers import selectors, services
from drivers.models import AssessmentStatus, Driver, Item, ItemSet, ItemSetStatus
from drivers.scoring import answers_needed, share_text
from tests.drivers.factories import current_items, scored_assessment
from tests.innovations.factories import InnovationFactory


def test_answers_needed_is_the_share_of_the_items_rounded_up():
    assert answers_needed(100, 0.8) == 80
    assert answers_needed(33, 0.8) == 27  # 26.4 rounded up: 26 of 33 is 78.8 %
    assert answers_needed(35, 0.8) == 28  # exactly 80 %, not 29 from 0.8 × 35 in floating point
    assert answers_needed(40, 0.8) == 32
    assert answers_needed(33, 0.0) == 1  # even with no share set, one answer is needed
    assert share_text(0.8) == "80 %"


@pytest.fixture
def hundred_items(db):
    """A published version 2 of 100 items, spread over the drivers: 79 % and 80 % are whole items."""
    item_set = ItemSet.objects.create(number=2, status=ItemSetStatus.PUBLISHED, published_at=timezone.now())
    drivers = list(Driver.objects.order_by("order"))
    Item.objects.bulk_create(
        Item(item_set=item_set, driver=drivers[n % len(drivers)], text=f"Item {n}", order=n) for n in range(100)
    )
    return list(item_set.items.order_by("pk"))


def _draft_with(area, actor, items, answered: int):
    return scored_assessment(area, actor, dict.fromkeys(items[:answered], 1), complete=False)


def test_completion_is_refused_at_79_percent_of_items_answered(member, dundee, hundred_items):
    draft = _draft_with(dundee, member, hundred_items, 79)
    with pytest.raises(ValidationError) as refused:
        services.assessment_complete(assessment=draft, actor=member)
    assert refused.value.messages == [
        "79 of 100 items are answered; at least 80 (80 %) must be answered before the assessment can be "
        "completed. Answer 1 more item, or keep the draft open until the team has discussed them."
    ]
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT and draft.completed_at is None


def test_completion_is_allowed_at_80_percent_of_items_answered(member, dundee, hundred_items):
    draft = _draft_with(dundee, member, hundred_items, 80)
    services.assessment_complete(assessment=draft, actor=member)
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.COMPLETED


def test_with_the_33_seed_items_26_answered_is_refused_and_27_completes(client_for, member, dundee):
    items = current_items()
    draft = _draft_with(dundee, member, items, 26)
    url = reverse("drivers:assessment_complete", args=[dundee.slug, draft.pk])
    page = client_for(member).get(url).content.decode()
    assert "26 of 33 items are answered; at least 27 (80 %) must be answered" in page
    response = client_for(member).post(url, {"version": draft.version})
    assert response.status_code == 200 and "Answer 1 more item," in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft

    services.assessment_save_draft(
        assessment=draft, actor=member, expected_version=draft.version, answers={items[26].pk: services.Answer(2)}
    )
    draft.refresh_from_db()
    response = client_for(member).post(url, {"version": draft.version})
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.COMPLETED


def test_the_share_needed_is_a_setting(settings, member, dundee):
    settings.DRIVERS_COMPLETION_SHARE = 0.5
    items = current_items()
    draft = _draft_with(dundee, member, items, 16)
    with pytest.raises(ValidationError, match=r"16 of 33 items are answered; at least 17 \(50 %\)"):
        services.assessment_complete(assessment=draft, actor=member)


# --- A draft is never compared with a completed assessment ---------------------------------------------


def test_scores_so_far_on_a_draft_are_not_compared_with_the_last_completed_assessment(client_for, lead, dundee):
    """The issue's example: 4 of 33 answered (all low) once read as 'Overall: Down 35 points'."""
    items = current_items()
    completed = scored_assessment(dundee, lead, 2, days_ago=200)
    draft = scored_assessment(dundee, lead, {items[0]: 0, items[1]: 1, items[2]: 0, items[3]: 1}, complete=False)

    report = selectors.assessment_report(draft)
    assert report.previous_assessment == completed
    assert not report.compares_scores and report.overall_change is None
    assert all(row.change is None for row in report.driver_rows)

    page = client_for(lead).get(draft.get_absolute_url()).content.decode()
    assert "Down " not in page and "No change" not in page and ">Previous<" not in page
    assert "Scores so far: 25% overall, 4 of 33 items answered." in page
    assert "compared once the assessment is completed" in page
    # Like items only: each item still shows its own answer last time.
    assert report.item_rows[0].previous_label == "In place" and report.item_rows[0].movement == "Moved down"


def test_once_completed_the_same_assessment_is_compared(client_for, lead, dundee):
    scored_assessment(dundee, lead, 2, days_ago=200)
    latest = scored_assessment(dundee, lead, 1)
    report = selectors.assessment_report(latest)
    assert report.compares_scores and report.overall_change == -50
    page = client_for(lead).get(latest.get_absolute_url()).content.decode()
    assert "Overall: Down 50 points (50%, 33 of 33 items answered)" in page
    assert '100% <span class="small">(33 of 33)</span>' in page  # the previous score, with its items


# --- Every score with how many items were answered ---------------------------------------------------


def test_overview_panel_list_and_heatmap_show_how_many_items_were_answered(client_for, lead, celcis, dundee):
    items = current_items()
    scored_assessment(dundee, lead, dict.fromkeys(items[:30], 1))  # 30 of 33 answered

    overview = client_for(lead).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "Overall 50% (30 of 33 answered)" in overview
    listing = client_for(lead).get(reverse("drivers:list", args=[dundee.slug])).content.decode()
    assert "50% overall (30 of 33 answered)" in listing

    national = client_for(celcis).get(reverse("drivers:national")).content.decode()
    assert "30 of 33 answered" in national
    assert "4 of 4 answered" in national  # selection: every one of its items answered, still said


def test_the_heatmap_compares_each_areas_latest_assessment_of_the_programme_as_a_whole(lead, dundee):
    programme = scored_assessment(dundee, lead, 1, days_ago=30)
    scored_assessment(dundee, lead, 2, days_ago=5, subject=InnovationFactory(area=dundee))  # newer, one innovation
    heatmap = selectors.national_heatmap(LocalArea.objects.filter(pk=dundee.pk))
    assert heatmap.columns[0].assessment == programme
    assert heatmap.rows[-1].cells[0].percent == 50
