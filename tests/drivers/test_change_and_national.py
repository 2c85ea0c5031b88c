"""What moved since the last assessment, change over time, item versions, and the national heat map."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from drivers import selectors, services
from drivers.models import Driver, ItemSet
from drivers.selectors import is_stale, months_before
from tests.drivers.factories import current_items, scored_assessment

# Scores from partly answered assessments: completion needs only one answer here.
pytestmark = pytest.mark.usefixtures("any_share_completes")


def _by_driver(items, key):
    return [item for item in items if item.driver.key == key]


def test_the_next_assessment_shows_what_moved_per_driver_and_per_item(lead, dundee):
    items = current_items()
    coaching = _by_driver(items, "coaching")
    first = scored_assessment(dundee, lead, {coaching[0]: 0, coaching[1]: 1, coaching[2]: 2}, days_ago=180)
    second = scored_assessment(dundee, lead, {coaching[0]: 2, coaching[1]: 1, coaching[2]: 1, coaching[3]: 2})

    report = selectors.assessment_report(second)
    assert report.previous_assessment == first
    row = next(r for r in report.driver_rows if r.driver.key == "coaching")
    assert (row.previous.percent, row.score.percent, row.change) == (50, 75, 25)
    moves = {r.item.pk: (r.previous, r.value, r.movement) for r in row.items}
    assert moves[coaching[0].pk] == (0, 2, "Moved up")
    assert moves[coaching[1].pk] == (1, 1, "No change")
    assert moves[coaching[2].pk] == (2, 1, "Moved down")
    assert moves[coaching[3].pk] == (None, 2, "")  # not answered last time: nothing to compare
    assert [r.item.pk for r in report.moved_items] == [coaching[0].pk, coaching[2].pk]
    untouched = next(r for r in report.driver_rows if r.driver.key == "selection")
    assert untouched.score.percent is None and untouched.change is None  # unanswered is not zero


def test_scores_stay_comparable_by_driver_across_item_versions(lead, celcis, dundee):
    old_items = current_items()
    old_coaching = _by_driver(old_items, "coaching")
    first = scored_assessment(dundee, lead, dict.fromkeys(old_coaching, 0), days_ago=200)

    draft = services.item_set_start_draft(actor=celcis)
    coaching = Driver.objects.get(key="coaching")
    reworded = draft.items.get(text=old_coaching[3].text)
    services.item_save(
        actor=celcis, item_set=draft, driver=coaching, text="Coaching data are reviewed monthly", item=reworded
    )
    services.item_save(actor=celcis, item_set=draft, driver=coaching, text="Coaches are themselves coached")
    services.item_set_publish(actor=celcis, item_set=draft)

    new_coaching = _by_driver(current_items(), "coaching")
    assert len(new_coaching) == 5
    second = scored_assessment(dundee, lead, dict.fromkeys(new_coaching, 2))
    assert first.item_set.number == 1 and second.item_set.number == 2  # each keeps its version

    report = selectors.assessment_report(second)
    row = next(r for r in report.driver_rows if r.driver.key == "coaching")
    assert (row.previous.percent, row.score.percent) == (0, 100)
    assert (row.previous.total, row.score.total) == (4, 5)
    by_text = {r.item.text: r for r in row.items}
    # The same wording in another version is the same item…
    assert by_text[old_coaching[0].text].previous == 0 and by_text[old_coaching[0].text].movement == "Moved up"
    # …a new or reworded item has nothing to compare with.
    assert not by_text["Coaching data are reviewed monthly"].previous_answered
    assert not by_text["Coaches are themselves coached"].previous_answered

    trend = selectors.trend(dundee)
    assert [a.pk for a in trend.assessments] == [first.pk, second.pk]
    assert [trend.scores[a.pk].driver("coaching").percent for a in trend.assessments] == [0, 100]


def test_previous_means_the_same_subject_and_not_the_assessment_being_corrected(lead, dundee):
    earliest = scored_assessment(dundee, lead, 0, days_ago=300)
    middle = scored_assessment(dundee, lead, 1, days_ago=100)
    correction = services.assessment_correct(assessment=middle, actor=lead)
    assert selectors.previous_assessment(correction) == earliest
    draft = scored_assessment(dundee, lead, 2, complete=False)
    assert selectors.previous_assessment(draft) == middle


def test_change_over_time_page_draws_a_chart_per_group_with_the_numbers(client_for, viewer, lead, dundee):
    scored_assessment(dundee, lead, 0, days_ago=365)
    scored_assessment(dundee, lead, 1, days_ago=180)
    latest = scored_assessment(dundee, lead, 2, days_ago=5)
    response = client_for(viewer).get(reverse("drivers:progress", args=[dundee.slug]))
    charts = response.context["charts"]
    assert [c.title for c in charts] == [
        "Overall and group scores",
        "Competency drivers",
        "Organisation drivers",
        "Leadership drivers",
    ]
    assert charts[1].headers == ["Assessment date", "Selection", "Training", "Coaching", "Fidelity assessment"]
    # Every score in the chart's table says how many items it comes from.
    assert [row[1] for row in charts[1].rows] == [
        "0% (4 of 4 answered)",
        "50% (4 of 4 answered)",
        "100% (4 of 4 answered)",
    ]
    assert charts[0].rows[-1][1] == "100% (33 of 33 answered)"
    assert charts[0].svg.startswith("<?xml")
    page = response.content.decode()
    assert "What moved since the last assessment" in page
    assert "Up 50 points" in page
    assert f'href="{latest.get_absolute_url()}"' in page


def test_change_over_time_with_nothing_completed_says_what_belongs_there(client_for, lead, dundee):
    scored_assessment(dundee, lead, complete=False)
    page = client_for(lead).get(reverse("drivers:progress", args=[dundee.slug])).content.decode()
    assert "No completed drivers assessment" in page
    assert reverse("drivers:assessment_create", args=[dundee.slug]) in page


def test_an_unknown_innovation_in_the_progress_filter_is_not_found(client_for, lead, dundee):
    assert client_for(lead).get(reverse("drivers:progress", args=[dundee.slug]) + "?about=999999").status_code == 404


def test_six_months_is_counted_in_calendar_months():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)
    today = date(2026, 11, 26)
    assert not is_stale(date(2026, 5, 26), today)
    assert is_stale(date(2026, 5, 25), today)


def test_the_heatmap_shows_each_programme_areas_latest_assessment(lead, other_lead, dundee, inverclyde):
    from areas.models import LocalArea

    scored_assessment(dundee, lead, 0, days_ago=400)
    latest = scored_assessment(dundee, lead, dict.fromkeys(_by_driver(current_items(), "selection"), 2), days_ago=10)
    scored_assessment(dundee, lead, 0, complete=False)  # a draft never shows
    old = scored_assessment(inverclyde, other_lead, 1, days_ago=250)

    heatmap = selectors.national_heatmap(LocalArea.objects.in_programme().order_by("name"))
    columns = {c.area.slug: c for c in heatmap.columns}
    assert set(columns) == {"dundee", "inverclyde", "perth-and-kinross"}
    assert columns["dundee"].assessment == latest and not columns["dundee"].is_stale
    assert columns["inverclyde"].assessment == old and columns["inverclyde"].is_stale
    assert columns["perth-and-kinross"].assessment is None

    labels = [row.label for row in heatmap.rows]
    assert labels[:5] == ["Competency", "Selection", "Training", "Coaching", "Fidelity assessment"]
    assert labels[-1] == "Overall" and len(labels) == 9 + 3 + 1
    index = [c.area.slug for c in heatmap.columns].index("dundee")
    selection = heatmap.rows[1].cells[index]
    assert (selection.percent, selection.answered, selection.total) == (100, 4, 4)
    assert heatmap.rows[2].cells[index].percent is None  # training unanswered in the latest: no score
    assert heatmap.rows[1].cells[[c.area.slug for c in heatmap.columns].index("inverclyde")].percent == 50


def test_national_drivers_page_shows_dates_bands_and_the_age_badge(client_for, viewer, other_lead, inverclyde):
    old = scored_assessment(inverclyde, other_lead, 1, days_ago=250)
    page = client_for(viewer).get(reverse("drivers:national")).content.decode()
    assert f"{old.assessed_on:%-d %b %Y}" in page
    assert "Over six months old" in page
    assert 'class="text-end driver-band-3' in page and "50%" in page
    assert "No assessment yet" in page
    assert "Colour key" in page


def test_the_catalogue_read_page_lists_versions_and_the_items_in_use(client_for, viewer):
    page = client_for(viewer).get(reverse("drivers:catalogue")).content.decode()
    assert "Version 1" in page and "In use" in page
    assert "Coaching uses direct observation" in page
    assert "Start a new version" not in page  # viewers read only
    detail = client_for(viewer).get(reverse("drivers:item_set", args=[1])).content.decode()
    assert "Seed catalogue" in detail


def test_new_assessments_keep_using_the_version_they_started_with(lead, celcis, dundee):
    draft_assessment = scored_assessment(dundee, lead, complete=False)
    services.item_set_publish(actor=celcis, item_set=services.item_set_start_draft(actor=celcis))
    draft_assessment.refresh_from_db()
    assert draft_assessment.item_set.number == 1
    newer = services.assessment_create(area=dundee, actor=lead, assessed_on=timezone.localdate() - timedelta(days=1))
    assert newer.item_set == ItemSet.objects.current() and newer.item_set.number == 2


def test_the_progress_page_is_kept_until_an_assessment_changes(client_for, viewer, lead, dundee):
    scored_assessment(dundee, lead, 0, days_ago=365)
    client = client_for(viewer)
    url = reverse("drivers:progress", args=[dundee.slug])
    assert len(client.get(url).context["charts"][0].rows) == 1
    assert len(client.get(url).context["charts"][0].rows) == 1  # from the cache
    latest = scored_assessment(dundee, lead, 2, days_ago=5)
    response = client.get(url)
    assert len(response.context["charts"][0].rows) == 2
    assert f'href="{latest.get_absolute_url()}"' in response.content.decode()


def test_the_national_heat_map_is_kept_until_an_area_completes_an_assessment(client_for, celcis, lead, dundee):
    client = client_for(celcis)
    url = reverse("drivers:national")
    assert "No assessment yet" in client.get(url).content.decode()
    assert "No assessment yet" in client.get(url).content.decode()  # from the cache
    latest = scored_assessment(dundee, lead, 2, days_ago=5)
    page = client.get(url).content.decode()
    assert reverse("drivers:assessment_detail", args=[dundee.slug, latest.pk]) in page
