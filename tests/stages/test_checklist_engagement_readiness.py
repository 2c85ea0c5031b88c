from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stages import selectors, services
from stages.models import ActivityProgress, ReadinessCheck, ReadinessQuestion, StageActivity, StakeholderEngagement
from tests.stages.factories import EngagementFactory

TODAY = timezone.localdate()


def _activity():
    return StageActivity.objects.filter(stage="exploration").first()


def _post_progress(client, area, activity, **data):
    payload = {
        "status": "in_progress",
        "started_on": (TODAY - timedelta(days=5)).isoformat(),
        "completed_on": "",
        "notes": "",
        "evidence_link": "",
        "version": "",
    }
    payload.update(data)
    return client.post(reverse("stages:activity_progress", args=[area.slug, activity.pk]), payload)


def test_member_marks_an_activity_in_progress_then_done(client_for, member, dundee):
    client = client_for(member)
    activity = _activity()
    assert _post_progress(client, dundee, activity, notes="Remit agreed").status_code == 302
    record = ActivityProgress.objects.get(area=dundee, activity=activity)
    assert record.status == "in_progress" and record.notes == "Remit agreed"
    response = _post_progress(
        client,
        dundee,
        activity,
        status="done",
        completed_on=TODAY.isoformat(),
        version=record.version,
        evidence_link="intranet.example.org/remit",
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "done" and record.evidence_link == "https://intranet.example.org/remit"
    assert record.history.count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "status": "done",
                "started_on": TODAY.isoformat(),
                "completed_on": (TODAY - timedelta(days=3)).isoformat(),
            },
            "completed_on",
            "cannot be completed before it started",
        ),
        ({"status": "done", "completed_on": ""}, "completed_on", "Give the date the activity was completed"),
        ({"status": "in_progress", "started_on": ""}, "started_on", "Give the date the work started"),
        ({"started_on": (TODAY + timedelta(days=2)).isoformat()}, "started_on", "in the future"),
        ({"status": "in_progress", "completed_on": TODAY.isoformat()}, "completed_on", "Only a done activity"),
        ({"evidence_link": "not a link at all"}, "evidence_link", "Enter a valid URL"),
    ],
)
def test_impossible_activity_dates_are_refused_and_nothing_is_lost(client_for, member, dundee, data, field, message):
    response = _post_progress(client_for(member), dundee, _activity(), notes="Typed notes", **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["notes"].value() == "Typed notes"
    assert not ActivityProgress.objects.filter(area=dundee).exists()


def test_two_people_updating_one_activity_do_not_overwrite_each_other(client_for, member, lead, dundee):
    activity = _activity()
    _post_progress(client_for(member), dundee, activity)
    version = ActivityProgress.objects.get(area=dundee).version
    assert _post_progress(client_for(lead), dundee, activity, notes="Lead's notes", version=version).status_code == 302
    response = _post_progress(client_for(member), dundee, activity, notes="Member's notes", version=version)
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert ActivityProgress.objects.get(area=dundee).notes == "Lead's notes"


def test_a_retired_activity_with_no_record_is_not_offered(client_for, celcis, member, dundee):
    activity = _activity()
    services.activity_save(actor=celcis, data={"retired_on": TODAY}, activity=activity)
    client = client_for(member)
    assert client.get(reverse("stages:activity_progress", args=[dundee.slug, activity.pk])).status_code == 404
    page = client.get(reverse("stages:checklist", args=[dundee.slug])).content.decode()
    assert activity.title not in page


def test_celcis_edits_the_catalogue(client_for, celcis):
    response = client_for(celcis).post(
        reverse("stages:activity_create"),
        {"stage": "installation", "title": "Agree data-sharing protocols", "order": 95},
    )
    assert response.status_code == 302
    assert StageActivity.objects.get(title="Agree data-sharing protocols").stage == "installation"


# --- Engagement ----------------------------------------------------------------------------


def _engagement_data(**changes):
    data = {
        "held_on": TODAY.isoformat(),
        "kind": "workshop",
        "level": "practitioners",
        "professions": ["teachers", "midwives"],
        "participants": 20,
        "strengths": "Shared values",
        "weaknesses": "",
        "priorities": "",
        "version": "",
    }
    data.update(changes)
    return data


def test_member_logs_an_engagement(client_for, member, dundee):
    response = client_for(member).post(reverse("stages:engagement_create", args=[dundee.slug]), _engagement_data())
    assert response.status_code == 302
    engagement = StakeholderEngagement.objects.get(area=dundee)
    assert engagement.professions == ["teachers", "midwives"] and engagement.recorded_by == member


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participants": 0}, "participants"),
        ({"participants": -4}, "participants"),
        ({"participants": 100000}, "participants"),
        ({"held_on": (TODAY + timedelta(days=1)).isoformat()}, "held_on"),
        ({"level": "children"}, "level"),
        ({"professions": ["astronauts"]}, "professions"),
    ],
)
def test_bad_engagement_input_is_refused_at_the_field(client_for, member, dundee, changes, field):
    response = client_for(member).post(
        reverse("stages:engagement_create", args=[dundee.slug]), _engagement_data(**changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"]["strengths"].value() == "Shared values"
    assert not StakeholderEngagement.objects.exists()


def test_every_mistake_on_the_engagement_form_shows_in_one_round(client_for, member, dundee):
    """A future date and a negative count used to be reported on two separate submits (issue 15)."""
    future = (TODAY + timedelta(days=1)).isoformat()
    response = client_for(member).post(
        reverse("stages:engagement_create", args=[dundee.slug]), _engagement_data(held_on=future, participants=-4)
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and {"held_on", "participants"} <= set(errors)
    assert not StakeholderEngagement.objects.exists()


def test_engagement_summary_shows_whom_the_area_has_not_heard_from(dundee):
    EngagementFactory(area=dundee, level="practitioners", professions=["teachers", "health_visitors"], participants=10)
    EngagementFactory(area=dundee, level="practitioners", professions=["teachers"], participants=5)
    EngagementFactory(area=dundee, level="families", professions=[], participants=7)
    summary = selectors.engagement_summary(dundee)
    levels = {row["label"]: (row["engagements"], row["participants"]) for row in summary["levels"]}
    assert levels["Practitioners"] == (2, 15) and levels["Families and community"] == (1, 7)
    professions = {row["label"]: row["engagements"] for row in summary["professions"]}
    assert professions["Teachers"] == 2 and professions["Health visitors"] == 1
    assert "Elected members" in summary["unheard_levels"]
    assert "Police" in summary["unheard_professions"] and "Teachers" not in summary["unheard_professions"]


def test_engagement_list_filters_by_level_and_date(client_for, viewer, dundee):
    EngagementFactory(area=dundee, level="families", held_on=TODAY - timedelta(days=100))
    EngagementFactory(area=dundee, level="practitioners", held_on=TODAY)
    client = client_for(viewer)
    url = reverse("stages:engagement_list", args=[dundee.slug])
    assert [e.level for e in client.get(url, {"level": "families"}).context["engagements"]] == ["families"]
    assert len(client.get(url, {"start": (TODAY - timedelta(days=10)).isoformat()}).context["engagements"]) == 1


# --- Readiness -----------------------------------------------------------------------------


def _readiness_data(score=3, **changes):
    data = {"checked_on": TODAY.isoformat(), "participants": "Implementation team (5)", "notes": ""}
    data.update({f"question_{q.pk}": score for q in ReadinessQuestion.objects.all()})
    data.update(changes)
    return data


def test_readiness_checks_repeat_and_show_change_over_time(client_for, member, dundee):
    client = client_for(member)
    url = reverse("stages:readiness_create", args=[dundee.slug])
    assert client.post(url, _readiness_data(2, checked_on=(TODAY - timedelta(days=180)).isoformat())).status_code == 302
    assert client.post(url, _readiness_data(4)).status_code == 302
    response = client.get(reverse("stages:readiness_list", args=[dundee.slug]))
    checks = response.context["checks"]
    assert [c.mean for c in checks] == [4.0, 2.0]
    assert response.context["rows"][0]["scores"] == [4, 2]


def test_a_readiness_score_outside_1_to_5_or_missing_is_refused(client_for, member, dundee):
    question = ReadinessQuestion.objects.first()
    client = client_for(member)
    url = reverse("stages:readiness_create", args=[dundee.slug])
    for bad in ({f"question_{question.pk}": 7}, {f"question_{question.pk}": ""}):
        response = client.post(url, _readiness_data(3, **bad))
        assert response.status_code == 200
        assert f"question_{question.pk}" in response.context["form"].errors
        assert response.context["form"]["participants"].value() == "Implementation team (5)"
    assert not ReadinessCheck.objects.exists()


def test_two_people_recording_a_new_activity_at_once_do_not_overwrite_each_other(client_for, member, lead, dundee):
    activity = _activity()
    assert _post_progress(client_for(lead), dundee, activity, notes="Lead first").status_code == 302
    # The member opened the form before the lead saved, so it carries no version.
    response = _post_progress(client_for(member), dundee, activity, notes="Member second")
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert response.context["form"]["notes"].value() == "Member second"
    assert ActivityProgress.objects.get(area=dundee).notes == "Lead first"
