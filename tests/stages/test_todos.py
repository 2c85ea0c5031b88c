"""The stages app's to-do items (core.todos): each appears for the right person and goes when done."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from areas.models import LocalArea
from areas.subjects import subject_fields
from core.todos import TodoScope, Urgency, collect
from stages import services, todos
from stages.models import ActivityStatus, ReadinessQuestion, StageActivity
from tests.innovations.factories import InnovationFactory
from tests.stages.factories import StageChangeFactory
from tests.stages.records import days_ago


def _scope(user, areas, *, leads=(), celcis=False, today=None):
    return TodoScope(
        user=user,
        areas=list(areas),
        lead_area_ids={a.pk for a in leads},
        celcis=celcis,
        today=today or timezone.localdate(),
    )


def _keys(scope):
    return [item.key for item in todos.items(scope)]


def test_a_proposed_change_waits_for_the_lead_not_the_member(member, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=days_ago(100))
    change = services.stage_change_record(area=dundee, actor=member, stage="installation", entered_on=days_ago(2))

    (item,) = [i for i in todos.items(_scope(lead, [dundee], leads=[dundee])) if i.key == "stages.confirm_change"]
    assert item.urgency == Urgency.OVERDUE
    assert item.url == f"/areas/{dundee.slug}/stages/changes/{change.pk}/decide/"
    assert item.since == timezone.localdate() and item.area == "Dundee City"
    assert "stages.confirm_change" not in _keys(_scope(member, [dundee]))
    assert "stages.confirm_change" in [i.key for i in collect(_scope(lead, [dundee], leads=[dundee]))]

    services.stage_change_decide(change=change, actor=lead, confirm=True)
    assert "stages.confirm_change" not in _keys(_scope(lead, [dundee], leads=[dundee]))


def test_an_innovations_proposal_links_to_its_decision_page(member, lead, dundee):
    innovation = InnovationFactory(area=dundee)
    change = services.stage_change_record(
        area=dundee, actor=member, stage="exploration", entered_on=days_ago(1), subject=innovation
    )
    (item,) = todos.items(_scope(lead, [dundee], leads=[dundee]))
    assert item.url == f"/areas/{dundee.slug}/innovations/{innovation.pk}/stage/changes/{change.pk}/decide/"


def test_an_activity_past_its_target_waits_for_members_until_done(member, lead, dundee):
    activity = StageActivity.objects.filter(stage="exploration").first()
    record = services.activity_progress_save(
        area=dundee,
        actor=member,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.IN_PROGRESS,
        started_on=days_ago(30),
        completed_on=None,
        target_on=days_ago(1),
    )
    items = [i for i in todos.items(_scope(member, [dundee])) if i.key == "stages.activity_late"]
    assert [(i.title, i.due, i.url) for i in items] == [
        (f"Finish “{activity.title}”", days_ago(1), f"/areas/{dundee.slug}/stages/activities/{activity.pk}/")
    ]
    assert "stages.activity_late" in _keys(_scope(lead, [dundee], leads=[dundee]))
    assert "stages.activity_late" not in _keys(_scope(member, [dundee], today=days_ago(2)))  # not yet due

    services.activity_progress_save(
        area=dundee,
        actor=member,
        activity=activity,
        expected_version=record.version,
        status=ActivityStatus.DONE,
        started_on=days_ago(30),
        completed_on=timezone.localdate(),
    )
    assert "stages.activity_late" not in _keys(_scope(member, [dundee]))


def test_an_activity_left_open_when_the_area_moved_on_is_not_chased(lead, dundee):
    activity = StageActivity.objects.filter(stage="exploration").first()
    services.activity_progress_save(
        area=dundee,
        actor=lead,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.IN_PROGRESS,
        started_on=days_ago(30),
        completed_on=None,
        target_on=days_ago(1),
    )
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=days_ago(40))
    assert "stages.activity_late" in _keys(_scope(lead, [dundee], leads=[dundee]))
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=days_ago(5))
    assert "stages.activity_late" not in _keys(_scope(lead, [dundee], leads=[dundee]))


def test_a_stage_past_its_target_waits_until_it_ends(member, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=days_ago(100))
    services.stage_targets_save(area=dundee, actor=member, targets={"exploration": days_ago(3)})
    (item,) = [i for i in todos.items(_scope(member, [dundee])) if i.key == "stages.stage_late"]
    assert item.title == "Finish exploration" and item.due == days_ago(3)
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=days_ago(1))
    assert "stages.stage_late" not in _keys(_scope(member, [dundee]))


def test_a_readiness_check_is_due_six_months_after_the_last_during_exploration(member, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=days_ago(400))
    (item,) = [i for i in todos.items(_scope(member, [dundee])) if i.key == "stages.readiness_due"]
    assert item.title == "Check readiness for change" and item.due == days_ago(400)
    scores = {q.pk: 3 for q in ReadinessQuestion.objects.all()}
    services.readiness_check_record(area=dundee, actor=member, checked_on=days_ago(200), scores=scores)
    (item,) = [i for i in todos.items(_scope(member, [dundee])) if i.key == "stages.readiness_due"]
    assert item.title == "Repeat the readiness-for-change check"
    assert item.due == todos.months_after(days_ago(200), 6)
    services.readiness_check_record(area=dundee, actor=member, checked_on=days_ago(10), scores=scores)
    assert "stages.readiness_due" not in _keys(_scope(member, [dundee]))


def test_no_readiness_check_is_asked_for_once_practice_has_begun(member, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="initial", entered_on=days_ago(400))
    assert "stages.readiness_due" not in _keys(_scope(member, [dundee]))


def test_celcis_sees_an_area_stalled_at_90_days_not_89(celcis, lead, dundee, inverclyde):
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=days_ago(200))
    activity = StageActivity.objects.filter(stage="installation").first()
    services.activity_progress_save(
        area=dundee,
        actor=lead,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.DONE,
        started_on=days_ago(150),
        completed_on=days_ago(90),
    )
    celcis_scope = _scope(celcis, [dundee, inverclyde], celcis=True)
    (item,) = [i for i in todos.items(celcis_scope) if i.key == "stages.stalled"]
    assert item.area == "Dundee City" and item.since == days_ago(90)
    assert item.url == f"/areas/{dundee.slug}/stages/"
    assert "stages.stalled" not in _keys(_scope(celcis, [dundee], celcis=True, today=days_ago(1)))  # 89 days
    assert "stages.stalled" not in _keys(_scope(lead, [dundee], leads=[dundee]))  # CELCIS only

    # Work on an innovation's checklist counts as movement too.
    innovation = InnovationFactory(area=dundee)
    services.activity_progress_save(
        area=dundee,
        actor=lead,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.DONE,
        started_on=days_ago(20),
        completed_on=days_ago(2),
        subject=innovation,
    )
    assert "stages.stalled" not in _keys(celcis_scope)


def test_the_to_do_items_take_the_same_queries_whatever_the_records(member, lead, celcis, dundee):
    areas = list(LocalArea.objects.all()[:6])
    for area in areas:
        area.in_programme = True
    activities = list(StageActivity.objects.all())

    def count(scope):
        with CaptureQueriesContext(connection) as captured:
            todos.items(scope)
        return len(captured.captured_queries)

    def add(n):
        stage = ["exploration", "installation", "initial"][n]
        for area in areas:
            innovation = InnovationFactory(area=area)
            services.stage_change_record(area=area, actor=celcis, stage=stage, entered_on=days_ago(300 - 10 * n))
            services.stage_change_record(
                area=area, actor=celcis, stage=stage, entered_on=days_ago(290), subject=innovation
            )
            StageChangeFactory(
                area=area, stage="full", status="proposed", recorded_by=celcis, **subject_fields(innovation)
            )
            for activity in activities[n * 3 : n * 3 + 3]:
                services.activity_progress_save(
                    area=area,
                    actor=celcis,
                    activity=activity,
                    expected_version=None,
                    status=ActivityStatus.IN_PROGRESS,
                    started_on=days_ago(200),
                    completed_on=None,
                    target_on=days_ago(100),
                    subject=innovation,
                )

    scopes = [_scope(celcis, areas, celcis=True), _scope(lead, areas, leads=areas)]
    add(0)
    before = [count(scope) for scope in scopes]
    add(1)
    add(2)
    assert [count(scope) for scope in scopes] == before
    assert max(before) <= 7
    assert len(todos.items(scopes[1])) > 6
