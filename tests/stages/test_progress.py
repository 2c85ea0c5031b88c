"""Stage progress figures in the manner of the Stages of Implementation Completion."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from stages import selectors, services
from stages.models import ActivityStatus, StageActivity
from stages.progress import ActivityDates, stage_progress, stage_visits
from tests.innovations.factories import InnovationFactory

TODAY = date(2026, 11, 26)


def test_proportion_is_done_over_the_stages_catalogue():
    items = [ActivityDates("installation", True, date(2026, 1, 1), date(2026, 2, 1))] + [
        ActivityDates("installation", False) for _ in range(3)
    ]
    progress = stage_progress("installation", items, TODAY)
    assert (progress.done, progress.total, progress.proportion, progress.percent) == (1, 4, 0.25, 25)


def test_duration_runs_to_the_last_completion_once_every_activity_is_done():
    items = [
        ActivityDates("exploration", True, date(2026, 1, 10), date(2026, 2, 1)),
        ActivityDates("exploration", True, None, date(2026, 1, 5)),  # a completion date alone counts as a start
        ActivityDates("exploration", True, date(2026, 3, 1), date(2026, 4, 30)),
    ]
    progress = stage_progress("exploration", items, TODAY)
    assert progress.duration_days == (date(2026, 4, 30) - date(2026, 1, 5)).days
    assert not progress.open


def test_duration_runs_to_today_while_any_activity_is_open():
    items = [
        ActivityDates("initial", True, date(2026, 6, 1), date(2026, 6, 20)),
        ActivityDates("initial", False, date(2026, 7, 1)),
        ActivityDates("initial", False),
    ]
    progress = stage_progress("initial", items, TODAY)
    assert progress.duration_days == (TODAY - date(2026, 6, 1)).days
    assert progress.open


def test_a_stage_with_no_dates_has_no_duration_and_an_empty_catalogue_no_proportion():
    assert stage_progress("full", [ActivityDates("full", False)], TODAY).duration_days is None
    empty = stage_progress("full", [], TODAY)
    assert empty.proportion is None and empty.percent is None


def _record(area, actor, activity, status, started, completed=None):
    return services.activity_progress_save(
        area=area,
        actor=actor,
        activity=activity,
        expected_version=None,
        status=status,
        started_on=started,
        completed_on=completed,
    )


def test_a_stage_moved_back_and_forth_stops_its_clock_and_sums_its_visits(client_for, lead, dundee):
    """Worked example: exploration 300 days ago, installation 200, back to exploration 100 (staff
    left), installation again 40 days ago. One exploration activity was done (started 290 days
    ago, done 250) and one left in progress (started 280 days ago) when the area moved on."""
    today = timezone.localdate()
    exploration = list(StageActivity.objects.filter(stage="exploration"))
    _record(dundee, lead, exploration[0], ActivityStatus.DONE, today - timedelta(days=290), today - timedelta(days=250))
    _record(dundee, lead, exploration[1], ActivityStatus.IN_PROGRESS, today - timedelta(days=280))
    for stage, days_ago, reason in [
        ("exploration", 300, ""),
        ("installation", 200, ""),
        ("exploration", 100, "Staff left"),
        ("installation", 40, ""),
    ]:
        services.stage_change_record(
            area=dundee, actor=lead, stage=stage, entered_on=today - timedelta(days=days_ago), reason=reason
        )

    progress = {p.stage: p for p in selectors.progress_for(dundee)}
    left = progress["exploration"]
    assert left.left_on == today - timedelta(days=40)
    assert not left.open  # the clock stopped when the area left
    assert left.duration_days == 40  # first start (290 days ago) to the last completion (250 days ago)
    assert left.left_open == len(exploration) - 1  # every activity not done when it left
    assert left.days_in_stage == 100 + 60  # two visits: 300→200 and 100→40 days ago
    assert left.visits == 2
    now = progress["installation"]
    assert now.in_stage and now.days_in_stage == 100 + 40 and now.left_on is None

    page = client_for(lead).get(reverse("stages:checklist", args=[dundee.slug])).content.decode()
    assert "Left open" in page
    assert "Time in stage 160 days over 2 visits" in page
    assert "Activity span 40 days." in page
    assert "so far" not in page.split('id="stage-exploration"')[1].split("</p>")[0]


def test_going_back_to_a_stage_starts_its_clock_again(lead, dundee):
    today = timezone.localdate()
    activity = StageActivity.objects.filter(stage="exploration").first()
    _record(dundee, lead, activity, ActivityStatus.IN_PROGRESS, today - timedelta(days=90))
    for stage, days_ago, reason in [("exploration", 100, ""), ("installation", 60, ""), ("exploration", 10, "Back")]:
        services.stage_change_record(
            area=dundee, actor=lead, stage=stage, entered_on=today - timedelta(days=days_ago), reason=reason
        )
    exploration = selectors.progress_for(dundee)[0]
    assert exploration.open and exploration.in_stage and exploration.left_open == 0
    assert exploration.duration_days == 90  # running to today again
    assert exploration.days_in_stage == 40 + 10


def test_a_stage_left_with_nothing_completed_ends_its_span_the_day_it_left():
    entered, left = date(2026, 1, 1), date(2026, 3, 1)
    visits = stage_visits([("installation", entered), ("initial", left)])
    items = [ActivityDates("installation", False, date(2026, 1, 20)), ActivityDates("installation", False)]
    progress = stage_progress("installation", items, TODAY, visits)
    assert progress.duration_days == (left - date(2026, 1, 20)).days
    assert progress.left_open == 2 and not progress.open
    assert progress.days_in_stage == (left - entered).days


def test_time_in_stage_counts_only_confirmed_changes(member, lead, dundee):
    today = timezone.localdate()
    services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=today - timedelta(days=50))
    services.stage_change_record(area=dundee, actor=member, stage="installation", entered_on=today - timedelta(days=5))
    exploration, installation = selectors.progress_for(dundee)[:2]
    assert exploration.in_stage and exploration.days_in_stage == 50  # the proposal moves nothing yet
    assert installation.days_in_stage is None


def test_retiring_an_activity_keeps_the_work_already_recorded(lead, celcis, dundee, inverclyde):
    activity = StageActivity.objects.filter(stage="installation").first()
    total = StageActivity.objects.filter(stage="installation").count()
    _record(
        dundee, lead, activity, ActivityStatus.DONE, timezone.localdate() - timedelta(days=30), timezone.localdate()
    )
    services.activity_save(actor=celcis, data={"retired_on": timezone.localdate()}, activity=activity)

    ours = selectors.progress_for(dundee)[1]
    assert (ours.done, ours.total) == (1, total)  # still counted where it was recorded
    theirs = selectors.progress_for(inverclyde)[1]
    assert theirs.total == total - 1  # gone from checklists that never used it
    rows = selectors.checklist(dundee)["installation"]
    assert any(row.activity == activity and row.status == "done" for row in rows)


def test_national_stages_shows_every_programme_area_side_by_side(client_for, viewer, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=timezone.localdate())
    response = client_for(viewer).get(reverse("stages:national"))
    rows = response.context["rows"]
    assert [row["area"].slug for row in rows] == ["dundee", "inverclyde", "perth-and-kinross"]
    assert rows[0]["current"].stage == "installation"
    assert rows[1]["current"] is None
    assert len(rows[0]["progress"]) == 4
    assert rows[0]["now"].stage == "installation" and rows[0]["now"].days_in_stage == 0


def test_national_stages_covers_innovations_stages(client_for, viewer, lead, dundee):
    innovation = InnovationFactory(area=dundee, name="Family Group Conferencing")
    today = timezone.localdate()
    services.stage_change_record(
        area=dundee, actor=lead, stage="exploration", entered_on=today - timedelta(days=30), subject=innovation
    )
    services.stage_change_record(
        area=dundee, actor=lead, stage="installation", entered_on=today - timedelta(days=12), subject=innovation
    )
    response = client_for(viewer).get(reverse("stages:national"))
    (row,) = response.context["subject_rows"]
    assert row["subject"] == innovation and row["area"] == dundee
    assert row["now"].stage == "installation" and row["now"].days_in_stage == 12
    assert {p.stage: p.days_in_stage for p in row["progress"]}["exploration"] == 18
    assert "Family Group Conferencing" in response.content.decode()
