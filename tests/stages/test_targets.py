"""Target dates per activity and per stage, set by the area: plan against actual, late flags."""

from datetime import date

from django.urls import reverse

from stages import selectors, services
from stages.models import ActivityStatus, StageActivity, StageTarget
from stages.progress import ActivityDates, stage_progress, stage_visits
from tests.innovations.factories import InnovationFactory
from tests.stages.records import days_ago

TODAY = date(2026, 11, 26)


def _save(area, actor, activity, status, started=None, completed=None, target=None, version=None):
    return services.activity_progress_save(
        area=area,
        actor=actor,
        activity=activity,
        expected_version=version,
        status=status,
        started_on=started,
        completed_on=completed,
        target_on=target,
    )


def _row(area, activity, subject=None):
    stages, _ = selectors.checklist_by_stage(area, subject)
    return next(row for stage in stages for row in stage["rows"] if row.activity == activity)


def test_an_open_activity_past_its_target_is_late_and_one_done_in_time_is_not(client_for, member, dundee):
    late, on_time, done_late = StageActivity.objects.filter(stage="exploration")[:3]
    _save(dundee, member, late, ActivityStatus.IN_PROGRESS, days_ago(40), target=days_ago(7))
    _save(dundee, member, on_time, ActivityStatus.DONE, days_ago(40), days_ago(20), target=days_ago(10))
    _save(dundee, member, done_late, ActivityStatus.DONE, days_ago(40), days_ago(5), target=days_ago(15))

    assert _row(dundee, late).late_days == 7
    assert _row(dundee, on_time).late_days == 0
    assert _row(dundee, done_late).late_days == 10
    page = client_for(member).get(reverse("stages:checklist", args=[dundee.slug])).content.decode()
    assert "Late by 7 days" in page and "Done 10 days late" in page and "On time" in page


def test_an_activity_left_open_is_not_flagged_late(lead, dundee):
    activity = StageActivity.objects.filter(stage="exploration").first()
    _save(dundee, lead, activity, ActivityStatus.IN_PROGRESS, days_ago(60), target=days_ago(30))
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=days_ago(70))
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=days_ago(20))
    row = _row(dundee, activity)
    assert row.left_open and row.late_days == 0
    assert row.status_label == "Left open"


def test_a_stage_target_is_compared_with_the_day_the_stage_ended():
    visits = stage_visits([("installation", date(2026, 1, 1)), ("initial", date(2026, 6, 1))])
    open_activity = [ActivityDates("installation", False, date(2026, 1, 10))]
    left_late = stage_progress("installation", open_activity, TODAY, visits, target_on=date(2026, 5, 1))
    assert (left_late.ended_on, left_late.late_days) == (date(2026, 6, 1), 31)
    done = [ActivityDates("installation", True, date(2026, 1, 10), date(2026, 3, 1))]
    on_time = stage_progress("installation", done, TODAY, visits, target_on=date(2026, 5, 1))
    assert (on_time.ended_on, on_time.late, on_time.late_days) == (date(2026, 3, 1), False, 0)
    running = stage_progress("initial", [ActivityDates("initial", False)], TODAY, visits, target_on=date(2026, 11, 1))
    assert running.ended_on is None and running.late_days == 25


def test_the_area_sets_and_clears_stage_targets(client_for, member, dundee):
    client = client_for(member)
    url = reverse("stages:targets", args=[dundee.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"exploration": days_ago(10).isoformat(), "installation": "2027-06-30"})
    assert response.status_code == 302
    assert dict(StageTarget.objects.values_list("stage", "target_on")) == {
        "exploration": days_ago(10),
        "installation": date(2027, 6, 30),
    }
    progress = {p.stage: p for p in selectors.progress_for(dundee)}
    assert progress["exploration"].late_days == 10  # not ended: late to today
    page = client.get(reverse("stages:overview", args=[dundee.slug])).content.decode()
    assert "30 Jun 2027" in page and "Late" in page

    assert client.post(url, {"installation": "2027-06-30"}).status_code == 302
    assert list(StageTarget.objects.values_list("stage", flat=True)) == ["installation"]
    assert client.get(url).context["form"].initial == {"installation": date(2027, 6, 30)}
    assert client.post(url, {"installation": "not a date"}).status_code == 200
    assert StageTarget.objects.get().history.count() == 1


def test_an_innovation_has_its_own_stage_targets(client_for, lead, dundee):
    innovation = InnovationFactory(area=dundee)
    client = client_for(lead)
    url = reverse("stages:subject_targets", args=[dundee.slug, "innovations", innovation.pk])
    assert url in client.get(reverse("innovations:stage", args=[dundee.slug, innovation.pk])).content.decode()
    response = client.post(url, {"full": "2028-03-31"})
    assert response.url == reverse("innovations:stage", args=[dundee.slug, innovation.pk])
    target = StageTarget.objects.get()
    assert target.subject == innovation and target.stage == "full"
    assert selectors.targets_for(dundee) == {}
    assert (
        client.get(reverse("stages:subject_targets", args=[dundee.slug, "nothing", innovation.pk])).status_code == 404
    )
    assert client.get(reverse("stages:subject_targets", args=[dundee.slug, "stages", innovation.pk])).status_code == 404


def test_another_areas_innovation_is_not_found(client_for, lead, dundee, inverclyde):
    theirs = InnovationFactory(area=inverclyde)
    url = reverse("stages:subject_targets", args=[dundee.slug, "innovations", theirs.pk])
    assert client_for(lead).post(url, {"full": "2028-03-31"}).status_code == 404
    assert not StageTarget.objects.exists()


def test_the_activity_form_sets_a_target_date(client_for, member, dundee):
    activity = StageActivity.objects.filter(stage="installation").first()
    url = reverse("stages:activity_progress", args=[dundee.slug, activity.pk])
    data = {"status": "not_started", "target_on": "2027-01-31", "started_on": "", "completed_on": "", "notes": ""}
    assert client_for(member).post(url, {**data, "evidence_link": ""}).status_code == 302
    assert _row(dundee, activity).progress.target_on == date(2027, 1, 31)
