"""Drivers assessments: starting, scoring as a draft (saved as you go), completing, locking and
correcting — and every way of getting it wrong, each with a clear error and nothing lost."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.locking import StaleEdit
from drivers import selectors, services
from drivers.models import Assessment, AssessmentStatus, ItemScore, ItemSet
from tests.drivers.factories import current_items, scored_assessment

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def _score_url(assessment):
    return reverse("drivers:assessment_score", args=[assessment.area.slug, assessment.pk])


def _form_data(assessment, answers: dict, version=None) -> dict:
    """The scoring form as a browser posts it: every item, with `answers` {item: (score, evidence)}."""
    data = {"version": assessment.version if version is None else version}
    for item in assessment.item_set.items.all():
        score, evidence = answers.get(item, ("", ""))
        data[f"score_{item.pk}"] = "" if score is None else str(score)
        data[f"evidence_{item.pk}"] = evidence
    return data


# --- Starting an assessment -------------------------------------------------------------------------


def test_member_starts_an_assessment_on_the_latest_published_items(client_for, member, celcis, dundee):
    response = client_for(member).post(
        reverse("drivers:assessment_create", args=[dundee.slug]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "facilitator": celcis.pk,
            "role_1": "Team managers",
            "count_1": "3",
            "role_2": "Health visitors",
            "count_2": "4",
            "notes": "Half-day session",
        },
    )
    assessment = Assessment.objects.get(area=dundee)
    assert response["Location"] == _score_url(assessment)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.item_set == ItemSet.objects.current()
    assert assessment.facilitator == celcis
    assert assessment.participants == [{"role": "Team managers", "count": 3}, {"role": "Health visitors", "count": 4}]
    assert assessment.participant_total == 7
    assert assessment.history.get().history_user == member


def test_an_assessment_dated_in_the_future_is_refused_and_the_form_kept(client_for, member, dundee):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(member).post(
        reverse("drivers:assessment_create", args=[dundee.slug]),
        {"assessed_on": tomorrow.isoformat(), "facilitator": member.pk, "role_1": "Team managers", "count_1": "3"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This date is in the future" in page
    assert 'value="Team managers"' in page
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError, match="future"):
        services.assessment_create(area=dundee, actor=member, assessed_on=tomorrow)


def test_who_took_part_needs_a_role_and_a_number_together(client_for, member, dundee):
    response = client_for(member).post(
        reverse("drivers:assessment_create", args=[dundee.slug]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "facilitator": member.pk,
            "role_1": "Team managers",
            "count_2": "4",
        },
    )
    page = response.content.decode()
    assert "Give how many team managers took part" in page
    assert "Give the role of the people counted here" in page
    assert not Assessment.objects.exists()


def test_the_facilitator_is_chosen_from_the_area_and_celcis(member, other_member, celcis, dundee):
    choices = set(selectors.facilitator_choices(dundee))
    assert member in choices and celcis in choices and other_member not in choices
    with pytest.raises(ValidationError, match="Choose a member"):
        services.assessment_create(
            area=dundee, actor=member, assessed_on=timezone.localdate(), facilitator=other_member
        )


def test_a_national_viewer_and_another_area_cannot_start_one(viewer, other_lead, dundee):
    for person in (viewer, other_lead):
        with pytest.raises(PermissionDenied):
            services.assessment_create(area=dundee, actor=person, assessed_on=timezone.localdate())


def test_an_assessment_may_be_about_one_of_the_areas_innovations(lead, dundee, inverclyde):
    innovation_model = selectors.innovation_model()
    if innovation_model is None:
        pytest.skip("The innovations app has no Innovation model yet")
    from tests.innovations.factories import InnovationFactory

    ours = InnovationFactory(area=dundee)
    theirs = InnovationFactory(area=inverclyde)
    assessment = services.assessment_create(area=dundee, actor=lead, assessed_on=timezone.localdate(), subject=ours)
    assert assessment.subject == ours
    with pytest.raises(ValidationError, match="innovations"):
        services.assessment_create(area=dundee, actor=lead, assessed_on=timezone.localdate(), subject=theirs)


# --- Scoring a draft ---------------------------------------------------------------------------------


def test_the_save_draft_button_saves_answers_and_evidence(client_for, member, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    first, second, *_ = current_items()
    response = client_for(member).post(
        _score_url(assessment), _form_data(assessment, {first: (2, "Written criteria seen"), second: (0, "")})
    )
    assert response["Location"] == _score_url(assessment)
    saved = {r.item_id: (r.score, r.evidence) for r in ItemScore.objects.filter(assessment=assessment)}
    assert saved == {first.pk: (2, "Written criteria seen"), second.pk: (0, "")}
    assert all(r.area_id == dundee.pk for r in ItemScore.objects.filter(assessment=assessment))
    follow = client_for(member).get(response["Location"])
    assert "Draft saved at" in follow.content.decode()


def test_autosave_answers_json_with_the_new_version(client_for, member, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    item = current_items()[0]
    response = client_for(member).post(_score_url(assessment), _form_data(assessment, {item: (1, "Partly")}), **FETCH)
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["saved"] is True
    assert body["version"] == assessment.version + 1
    assert body["message"].startswith(f"Draft saved at {timezone.localtime():%H}")
    assert (body["answered"], body["total"]) == (1, 33)
    assert ItemScore.objects.get(assessment=assessment, item=item).score == 1


def test_two_people_on_one_draft_never_silently_overwrite_each_other(client_for, member, lead, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    item = current_items()[0]
    opened_at = assessment.version
    # The lead saves first, from a page opened at the same version.
    services.assessment_save_draft(
        assessment=assessment, actor=lead, expected_version=opened_at, answers={item.pk: services.Answer(2, "Lead")}
    )
    # The member's autosave, from the page they opened earlier, is refused with 409.
    response = client_for(member).post(
        _score_url(assessment), _form_data(assessment, {item: (0, "Member")}, version=opened_at), **FETCH
    )
    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["saved"] is False and body["clash"] is True
    assert "someone else saved this draft" in body["message"]
    assert "Your answers are still on this page" in body["message"]
    assert body["version"] == opened_at + 1
    assert ItemScore.objects.get(assessment=assessment, item=item).evidence == "Lead"

    # Without JavaScript the form comes back with the member's values and the clash explained…
    response = client_for(member).post(
        _score_url(assessment), _form_data(assessment, {item: (0, "Member")}, version=opened_at)
    )
    page = response.content.decode()
    assert "Someone else saved changes to this assessment" in page
    assert "Member</textarea>" in page
    assert response.context["form"].data["version"] == str(opened_at + 1)
    # …and saving again, having been told, keeps theirs.
    client_for(member).post(_score_url(assessment), response.context["form"].data)
    assert ItemScore.objects.get(assessment=assessment, item=item).evidence == "Member"


def test_a_score_outside_0_to_2_is_refused_with_a_clear_error(client_for, member, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    first, second, *_ = current_items()
    data = _form_data(assessment, {first: (2, "Kept"), second: (3, "")})
    response = client_for(member).post(_score_url(assessment), data, **FETCH)
    assert response.status_code == 400
    assert "Choose in place (2), partly in place (1) or not in place (0)" in json.loads(response.content)["message"]
    response = client_for(member).post(_score_url(assessment), data)
    assert response.status_code == 200
    assert "Choose in place (2)" in response.content.decode()
    assert "Kept</textarea>" in response.content.decode()  # nothing typed is lost
    assert not ItemScore.objects.filter(assessment=assessment).exists()
    with pytest.raises(ValidationError, match="scored 2"):
        services.assessment_save_draft(
            assessment=assessment,
            actor=member,
            expected_version=assessment.version,
            answers={first.pk: services.Answer(5)},
        )


def test_an_answer_for_an_item_of_another_version_is_refused(member, celcis, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    draft = services.item_set_start_draft(actor=celcis)
    with pytest.raises(ValidationError, match="not in this assessment's version"):
        services.assessment_save_draft(
            assessment=assessment,
            actor=member,
            expected_version=assessment.version,
            answers={draft.items.first().pk: services.Answer(2)},
        )


def test_unanswered_items_may_stay_unanswered_in_a_draft_and_an_answer_can_be_cleared(member, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    item = current_items()[0]
    assessment = services.assessment_save_draft(
        assessment=assessment, actor=member, expected_version=assessment.version, answers={item.pk: services.Answer(0)}
    )
    services.assessment_save_draft(
        assessment=assessment,
        actor=member,
        expected_version=assessment.version,
        answers={item.pk: services.Answer(None, "Not discussed yet")},
    )
    record = ItemScore.objects.get(assessment=assessment, item=item)
    assert record.score is None and record.evidence == "Not discussed yet"
    assert [h.score for h in record.history.order_by("history_date")] == [0, None]
    report = selectors.assessment_report(assessment)
    assert report.overall.answered == 0 and report.overall.percent is None


def test_the_scoring_page_shows_every_item_with_its_saved_answer(client_for, member, dundee):
    assessment = scored_assessment(dundee, member, {current_items()[0]: 2}, complete=False)
    page = client_for(member).get(_score_url(assessment)).content.decode()
    assert page.count('type="radio"') == 33 * 4
    assert "Not yet answered" in page
    assert "1 of 33 items answered" in page
    assert 'role="status"' in page and "js/autosave.js" in page


# --- Completing and locking -------------------------------------------------------------------------


def test_completing_with_no_item_answered_is_refused(client_for, member, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    url = reverse("drivers:assessment_complete", args=[dundee.slug, assessment.pk])
    confirm = client_for(member).get(url).content.decode()
    assert "0 of 33 items are answered; at least 27 (80 %) must be answered" in confirm
    assert "Complete the assessment</button>" not in confirm  # nothing to press until enough are answered
    response = client_for(member).post(url, {"version": assessment.version})
    assert response.status_code == 200
    assert "Answer 27 more items" in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT


def test_completing_locks_the_assessment(client_for, member, dundee):
    items = current_items()
    item = items[0]
    assessment = scored_assessment(dundee, member, dict.fromkeys(items[:30], 1), complete=False)
    url = reverse("drivers:assessment_complete", args=[dundee.slug, assessment.pk])
    page = client_for(member).get(url).content.decode()
    assert "30 of 33 items answered" in page and "3 items are not yet answered" in page
    response = client_for(member).post(url, {"version": assessment.version})
    assert response["Location"] == assessment.get_absolute_url()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED and assessment.completed_by == member
    assert assessment.history.first().history_change_reason == "Completed"

    # Every way of changing it now says it is locked, and nothing changes.
    with pytest.raises(ValidationError, match="locked"):
        services.assessment_save_draft(
            assessment=assessment,
            actor=member,
            expected_version=assessment.version,
            answers={item.pk: services.Answer(2)},
        )
    with pytest.raises(ValidationError, match="locked"):
        services.assessment_complete(assessment=assessment, actor=member)
    with pytest.raises(ValidationError, match="locked"):
        services.assessment_update(
            assessment=assessment, actor=member, expected_version=assessment.version, assessed_on=timezone.localdate()
        )
    client = client_for(member)
    response = client.post(_score_url(assessment), _form_data(assessment, {item: (2, "Changed my mind")}), **FETCH)
    assert response.status_code == 409
    assert json.loads(response.content)["locked"] is True
    response = client.post(_score_url(assessment), _form_data(assessment, {item: (2, "Changed my mind")}))
    assert "is locked" in response.content.decode() and "Changed my mind</textarea>" in response.content.decode()
    for name in ("assessment_score", "assessment_update", "assessment_complete"):
        response = client.get(reverse(f"drivers:{name}", args=[dundee.slug, assessment.pk]), follow=True)
        assert "is locked" in response.content.decode(), name
    assert ItemScore.objects.get(assessment=assessment, item=item).score == 1


def test_completing_a_draft_someone_changed_after_the_summary_was_opened_asks_again(client_for, member, lead, dundee):
    item = current_items()[0]
    assessment = scored_assessment(dundee, member, {item: 1}, complete=False)
    opened_at = assessment.version
    services.assessment_save_draft(
        assessment=assessment, actor=lead, expected_version=opened_at, answers={item.pk: services.Answer(2)}
    )
    response = client_for(member).post(
        reverse("drivers:assessment_complete", args=[dundee.slug, assessment.pk]), {"version": opened_at}
    )
    assert "The draft changed after you opened this page" in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).is_draft
    with pytest.raises(StaleEdit):
        services.assessment_complete(assessment=assessment, actor=member, expected_version=opened_at)


def test_editing_the_details_of_a_draft_is_versioned(client_for, member, lead, dundee):
    assessment = services.assessment_create(area=dundee, actor=member, assessed_on=timezone.localdate())
    url = reverse("drivers:assessment_update", args=[dundee.slug, assessment.pk])
    day = timezone.localdate() - timedelta(days=2)
    data = {"version": assessment.version, "assessed_on": day.isoformat(), "facilitator": lead.pk}
    assert client_for(member).post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.assessed_on, assessment.facilitator) == (day, lead)
    response = client_for(member).post(url, {**data, "notes": "Stale"})  # the same, now stale, version
    assert "Someone else saved changes to this assessment" in response.content.decode()


# --- Corrections ------------------------------------------------------------------------------------


def test_a_correction_is_a_new_assessment_that_replaces_the_old_one_once_completed(client_for, lead, dundee):
    first_item = current_items()[0]
    original = scored_assessment(dundee, lead, 1, days_ago=10)
    response = client_for(lead).post(reverse("drivers:assessment_correct", args=[dundee.slug, original.pk]))
    correction = Assessment.objects.get(corrects=original)
    assert response["Location"] == _score_url(correction)
    assert correction.is_draft and correction.assessed_on == original.assessed_on
    assert ItemScore.objects.filter(assessment=correction, score=1).count() == 33  # answers carried over
    assert list(selectors.comparable_assessments(dundee)) == [original]  # until the correction is completed

    with pytest.raises(ValidationError, match="already in progress"):
        services.assessment_correct(assessment=original, actor=lead)
    services.assessment_save_draft(
        assessment=correction,
        actor=lead,
        expected_version=correction.version,
        answers={first_item.pk: services.Answer(2, "Corrected")},
    )
    services.assessment_complete(assessment=correction, actor=lead)
    assert list(selectors.comparable_assessments(dundee)) == [correction]
    assert ItemScore.objects.get(assessment=original, item=first_item).score == 1  # the original is untouched
    page = client_for(lead).get(original.get_absolute_url()).content.decode()
    assert "replaces it in the scores over time" in page
    with pytest.raises(ValidationError, match="already been corrected"):
        services.assessment_correct(assessment=original, actor=lead)


def test_a_draft_is_not_corrected_but_changed(client_for, lead, dundee):
    draft = scored_assessment(dundee, lead, complete=False)
    with pytest.raises(ValidationError, match="Only a completed assessment"):
        services.assessment_correct(assessment=draft, actor=lead)
    response = client_for(lead).get(reverse("drivers:assessment_correct", args=[dundee.slug, draft.pk]))
    assert response["Location"] == _score_url(draft)


# --- Area isolation and history ---------------------------------------------------------------------


def test_another_areas_assessment_is_not_found_through_our_area(client_for, other_lead, dundee, inverclyde, lead):
    ours = scored_assessment(dundee, lead, complete=False)
    client = client_for(other_lead)
    for name in ("assessment_detail", "assessment_score", "assessment_update", "assessment_complete"):
        url = reverse(f"drivers:{name}", args=[inverclyde.slug, ours.pk])
        assert client.get(url).status_code == 404, name
    url = reverse("drivers:assessment_score", args=[inverclyde.slug, ours.pk])
    assert client.post(url, _form_data(ours, {}), **FETCH).status_code == 404
    assert ItemScore.objects.filter(assessment=ours).count() == 33


@pytest.mark.usefixtures("any_share_completes")
def test_history_shows_who_started_scored_and_completed(client_for, lead, member, dundee):
    assessment = scored_assessment(dundee, member, {current_items()[0]: 2})
    page = client_for(lead).get(reverse("drivers:history", args=[dundee.slug])).content.decode()
    assert f"Assessment of {assessment.assessed_on:%-d %b %Y}" in page
    assert "Assessment started" in page and "Completed" in page
    assert "Item: Written criteria for each role" in page
    assert member.get_full_name() in page


@pytest.mark.usefixtures("any_share_completes")
def test_the_detail_page_shows_scores_items_and_evidence(client_for, viewer, lead, dundee):
    items = current_items()
    assessment = scored_assessment(dundee, lead, {items[0]: 2, items[1]: 0, items[4]: None}, evidence="Seen in minutes")
    page = client_for(viewer).get(assessment.get_absolute_url()).content.decode()
    assert "Selection: 50% (2 of 4 items answered)" in page
    assert "Seen in minutes" in page
    assert "Not yet answered" in page
    assert "Start a correction" not in page  # a viewer only reads
    assert "Add an action" not in page
